namespace RoApp.QuickBooksSync.Sample;

/// <summary>The sample's own settings (section <c>Sample</c>; environment variables <c>Sample__DataFolder</c> and so on).</summary>
internal sealed class SampleOptions
{
    public const string SectionName = "Sample";

    /// <summary>Where the SQLite file lives, relative to the current directory unless absolute.</summary>
    public string DataFolder { get; set; } = ".sample-data";

    /// <summary>
    /// Keep the SQLite file between runs (connection, links, journal). Off by default: every run starts clean.
    /// Only meaningful against a QuickBooks that outlives the run (the command-line simulator or a sandbox):
    /// the in-process simulator starts empty every time, so with it the state is always reset.
    /// </summary>
    public bool KeepState { get; set; }

    /// <summary>
    /// Follow Intuit's authorisation redirect without a browser. Unset: yes for a simulator on this machine
    /// (it approves at once), no for Intuit (then the URL is printed and the callback awaited on the redirect URI).
    /// </summary>
    public bool? FollowAuthorizeRedirect { get; set; }

    /// <summary>
    /// Where the sample takes QuickBooks webhooks when it runs against the command-line simulator or a sandbox
    /// (e.g. <c>http://localhost:5081/webhooks/quickbooks</c>; point the simulator's <c>--webhook-url</c> or the
    /// Intuit app's webhook endpoint there). Unset: no endpoint, and reconciliation finds changes made in QuickBooks.
    /// The in-process simulator always delivers straight to the library's intake.
    /// </summary>
    public Uri? WebhookUrl { get; set; }

    /// <summary>
    /// Against the command-line simulator or a sandbox: how long to keep running after RO App's part, so that
    /// changes a person makes in QuickBooks arrive (webhooks on <see cref="WebhookUrl"/>) and RO App reacts. Default: not at all.
    /// </summary>
    public TimeSpan ListenFor { get; set; }

    /// <summary>How long to wait for the OAuth callback when a person authorises in a browser.</summary>
    public TimeSpan CallbackTimeout { get; set; } = TimeSpan.FromMinutes(5);
}

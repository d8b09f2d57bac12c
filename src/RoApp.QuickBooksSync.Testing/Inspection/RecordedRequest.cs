namespace RoApp.QuickBooksSync.Testing.Inspection;

/// <summary>One request the simulator answered.</summary>
/// <param name="Time">Simulator clock.</param>
/// <param name="Method">HTTP method.</param>
/// <param name="Path">Path, e.g. <c>/v3/company/123/invoice</c>.</param>
/// <param name="Query">Raw query string without the '?'.</param>
/// <param name="Status">HTTP status answered.</param>
public sealed record RecordedRequest(DateTimeOffset Time, string Method, string Path, string Query, int Status)
{
    /// <summary>How long the simulator took to answer, in real time (latency and limits included); it started at <see cref="Time"/> minus this on a real clock.</summary>
    public TimeSpan Duration { get; init; }
}

namespace RoApp.QuickBooksSync.Api.Errors;

/// <summary>
/// QuickBooks Online refused or failed an API call. Carries what QuickBooks said (code, message,
/// detail, element) and the <c>intuit_tid</c> to quote to Intuit support. Derived types name the
/// cases callers handle differently; this type itself covers the rest.
/// </summary>
public class QuickBooksApiException : QuickBooksException
{
    /// <summary>Creates the exception.</summary>
    public QuickBooksApiException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What went wrong and the fix.</param>
    public QuickBooksApiException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">What went wrong and the fix.</param>
    /// <param name="innerException">The cause.</param>
    public QuickBooksApiException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The QuickBooks error code of the first error (e.g. <c>5010</c>), when QuickBooks sent one.</summary>
    public string? Code { get; internal set; }

    /// <summary>The fault type, e.g. <c>ValidationFault</c>, <c>AUTHENTICATION</c>, <c>SystemFault</c>.</summary>
    public string? FaultType { get; internal set; }

    /// <summary>QuickBooks' own message of the first error.</summary>
    public string? FaultMessage { get; internal set; }

    /// <summary>QuickBooks' detail of the first error.</summary>
    public string? Detail { get; internal set; }

    /// <summary>The field QuickBooks blamed, when it named one.</summary>
    public string? Element { get; internal set; }

    /// <summary>Intuit's transaction id of the call (<c>intuit_tid</c> header): quote it to Intuit support.</summary>
    public string? IntuitTid { get; internal set; }

    /// <summary>The HTTP status of the answer; none for transport errors and timeouts.</summary>
    public int? HttpStatusCode { get; internal set; }

    /// <summary>
    /// <see langword="true"/> when this was a write and some attempt ended without a clear answer (timeout,
    /// lost connection or answer, 5xx): QuickBooks may have applied it. The <c>requestid</c> should make a
    /// repeat harmless, but Intuit does not document how long it remembers ids: look the object up before
    /// writing it again.
    /// </summary>
    public bool MayHaveBeenApplied { get; internal set; }

    /// <summary>Every error of the fault (QuickBooks may send several).</summary>
    public IReadOnlyList<QuickBooksError> Errors { get; internal set; } = [];
}

/// <summary>One error inside a QuickBooks fault.</summary>
/// <param name="Code">The error code, e.g. <c>6240</c>.</param>
/// <param name="Message">The short message.</param>
/// <param name="Detail">The detail.</param>
/// <param name="Element">The field concerned, when named.</param>
public sealed record QuickBooksError(string? Code, string? Message, string? Detail, string? Element);

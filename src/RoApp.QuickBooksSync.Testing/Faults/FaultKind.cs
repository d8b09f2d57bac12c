namespace RoApp.QuickBooksSync.Testing.Faults;

/// <summary>What an injected fault does to a request.</summary>
public enum FaultKind
{
    /// <summary>Answers normally after <see cref="FaultRule.Latency"/> (real time).</summary>
    Latency,

    /// <summary>HTTP 500 with a SystemFault (code 10000); nothing is written.</summary>
    ServerError,

    /// <summary>HTTP 503; nothing is written.</summary>
    ServiceUnavailable,

    /// <summary>
    /// The answer is lost before anything is written. WireMock.Net cannot drop a connection, so this answers
    /// HTTP 200 with a truncated, unparseable JSON body: a client must treat it as "outcome unknown".
    /// </summary>
    LostAnswer,

    /// <summary>Nothing is written and the answer comes only after <see cref="FaultRule.Latency"/> (default 130 s), past any sane client timeout.</summary>
    Timeout,

    /// <summary>The write is applied (and webhooks fire), but the caller gets HTTP 500: the case that makes duplicates.</summary>
    CommitThenServerError,

    /// <summary>The write is applied, but the caller gets the truncated 200 body of <see cref="LostAnswer"/>.</summary>
    CommitThenLostAnswer,

    /// <summary>The write is applied, but the answer comes only after <see cref="FaultRule.Latency"/> (default 130 s).</summary>
    CommitThenTimeout,
}

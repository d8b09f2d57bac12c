namespace RoApp.QuickBooksSync.Testing.Faults;

/// <summary>The kind of API call a fault rule applies to.</summary>
public enum FaultOperation
{
    /// <summary>Every API call.</summary>
    Any,

    /// <summary>GET of one entity.</summary>
    Read,

    /// <summary>POST without an Id.</summary>
    Create,

    /// <summary>POST with an Id, or <c>operation=update</c>.</summary>
    Update,

    /// <summary><c>operation=delete</c>.</summary>
    Delete,

    /// <summary><c>operation=void</c> or <c>include=void</c>.</summary>
    Void,

    /// <summary><c>/query</c>.</summary>
    Query,

    /// <summary><c>/cdc</c>.</summary>
    Cdc,

    /// <summary><c>/batch</c>.</summary>
    Batch,

    /// <summary>The OAuth token endpoint.</summary>
    Token,
}

namespace RoApp.QuickBooksSync.Storage.Conformance;

/// <summary>Fresh, empty storage for one test, deleted when disposed.</summary>
public interface IStoreScope : IAsyncDisposable
{
    /// <summary>The stores under test.</summary>
    StoreSet Stores { get; }

    /// <summary>
    /// Another, independent instance of the stores over the same storage (a second connection pool or
    /// file handle, as a second process would have). In-memory stores return the same instances.
    /// </summary>
    ValueTask<StoreSet> OpenSecondInstanceAsync();
}

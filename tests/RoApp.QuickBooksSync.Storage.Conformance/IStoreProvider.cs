namespace RoApp.QuickBooksSync.Storage.Conformance;

/// <summary>Creates fresh storage for each test; implemented once per store implementation.</summary>
public interface IStoreProvider
{
    /// <summary>Creates empty storage and the stores over it.</summary>
    ValueTask<IStoreScope> CreateScopeAsync();
}

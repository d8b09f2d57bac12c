namespace RoApp.QuickBooksSync.Sqlite;

/// <summary>Where and how the SQLite stores keep their one database file.</summary>
public sealed class SqliteStoreOptions
{
    /// <summary>
    /// A file path (e.g. <c>data/quickbooks-sync.db</c>) or a full SQLite connection string
    /// (e.g. <c>Data Source=data/quickbooks-sync.db</c>). The file and its schema are created at first use.
    /// </summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>
    /// How long a write waits for another writer (another worker or process) before failing. Writes are
    /// short, so a wait is rare; the default is generous.
    /// </summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(30);
}

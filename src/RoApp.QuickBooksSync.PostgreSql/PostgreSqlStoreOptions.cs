namespace RoApp.QuickBooksSync.PostgreSql;

/// <summary>Which PostgreSQL database and schema the stores use.</summary>
public sealed class PostgreSqlStoreOptions
{
    /// <summary>An Npgsql connection string, e.g. <c>Host=db;Database=roapp;Username=sync;Password=...</c>. Never logged.</summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>
    /// The schema holding the stores' tables, created at first use. Lower-case letters, digits and
    /// underscores, starting with a letter or underscore, at most 63 characters.
    /// </summary>
    public string Schema { get; set; } = "quickbooks_sync";
}

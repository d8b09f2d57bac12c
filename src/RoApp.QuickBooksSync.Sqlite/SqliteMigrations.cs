using System.Globalization;
using Microsoft.Data.Sqlite;

namespace RoApp.QuickBooksSync.Sqlite;

/// <summary>
/// The numbered schema migrations. Each runs once per file, in order, inside one write transaction
/// together with its row in <c>qbs_schema_version</c>, so two processes starting at once apply it once.
/// Never edit a released migration: add the next number.
/// </summary>
internal static class SqliteMigrations
{
    private static readonly (int Version, string Sql)[] Migrations =
    [
        (1, """
            CREATE TABLE qbs_connections (
                company_id TEXT NOT NULL PRIMARY KEY,
                realm_id TEXT NOT NULL UNIQUE,
                health TEXT NOT NULL,
                needs_reconnect_reason TEXT,
                protected_tokens BLOB NOT NULL,
                access_token_expires_at INTEGER NOT NULL,
                refresh_token_expires_at INTEGER NOT NULL,
                refresh_token_hard_expires_at INTEGER,
                company_name TEXT,
                country TEXT,
                company_profile_json TEXT,
                connected_at INTEGER NOT NULL,
                updated_at INTEGER NOT NULL,
                version INTEGER NOT NULL
            );
            CREATE TABLE qbs_authorization_states (
                state TEXT NOT NULL PRIMARY KEY,
                company_id TEXT NOT NULL,
                expires_at INTEGER NOT NULL
            );
            CREATE TABLE qbs_settings (
                company_id TEXT NOT NULL PRIMARY KEY,
                settings_json TEXT NOT NULL,
                version INTEGER NOT NULL
            );
            CREATE TABLE qbs_entity_links (
                company_id TEXT NOT NULL,
                realm_id TEXT NOT NULL,
                entity_type TEXT NOT NULL,
                ro_app_id TEXT NOT NULL,
                quickbooks_id TEXT NOT NULL,
                sync_token TEXT,
                content_hash TEXT,
                origin TEXT NOT NULL,
                last_synced_at INTEGER NOT NULL,
                quickbooks_last_updated_at INTEGER,
                state TEXT NOT NULL,
                version INTEGER NOT NULL,
                PRIMARY KEY (company_id, realm_id, entity_type, ro_app_id)
            );
            CREATE INDEX ix_qbs_entity_links_quickbooks_id ON qbs_entity_links (company_id, realm_id, entity_type, quickbooks_id);
            CREATE TABLE qbs_work_items (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                company_id TEXT NOT NULL,
                kind TEXT NOT NULL,
                ordering_key TEXT NOT NULL,
                deduplication_key TEXT,
                payload TEXT NOT NULL,
                attempts INTEGER NOT NULL DEFAULT 0,
                run_at INTEGER NOT NULL,
                enqueued_at INTEGER NOT NULL,
                last_error TEXT,
                state TEXT NOT NULL,
                lease_owner TEXT,
                lease_expires_at INTEGER,
                fencing_token INTEGER NOT NULL DEFAULT 0,
                completed_at INTEGER
            );
            CREATE UNIQUE INDEX ux_qbs_work_items_deduplication ON qbs_work_items (company_id, deduplication_key) WHERE deduplication_key IS NOT NULL;
            CREATE INDEX ix_qbs_work_items_open ON qbs_work_items (company_id, run_at, id) WHERE state IN ('Pending', 'Leased');
            CREATE INDEX ix_qbs_work_items_ordering ON qbs_work_items (company_id, ordering_key, id) WHERE state IN ('Pending', 'Leased');
            CREATE INDEX ix_qbs_work_items_state ON qbs_work_items (company_id, state);
            CREATE INDEX ix_qbs_work_items_completed ON qbs_work_items (completed_at) WHERE state = 'Completed';
            CREATE TABLE qbs_work_companies (
                company_id TEXT NOT NULL PRIMARY KEY,
                paused INTEGER NOT NULL DEFAULT 0,
                last_served INTEGER NOT NULL DEFAULT 0
            );
            CREATE TABLE qbs_journal (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                company_id TEXT NOT NULL,
                realm_id TEXT,
                entity_type TEXT,
                ro_app_entity_id TEXT,
                direction TEXT NOT NULL,
                operation TEXT NOT NULL,
                outcome TEXT NOT NULL,
                quickbooks_id TEXT,
                request_id TEXT,
                message TEXT NOT NULL,
                fix TEXT,
                details TEXT,
                at INTEGER NOT NULL,
                work_item_id INTEGER,
                dismissed INTEGER NOT NULL DEFAULT 0
            );
            CREATE INDEX ix_qbs_journal_company ON qbs_journal (company_id, at DESC, id DESC);
            CREATE INDEX ix_qbs_journal_entity ON qbs_journal (company_id, entity_type, ro_app_entity_id, at DESC, id DESC);
            """),

        // The cross-process refresh claim: while set and in the future, one process is refreshing the tokens.
        (2, """
            ALTER TABLE qbs_connections ADD COLUMN refresh_claim_expires_at INTEGER;
            """),

        // The inbound sync's state: reconciliation watermarks and what was last applied per QuickBooks object.
        (3, """
            CREATE TABLE qbs_inbound_state (
                company_id TEXT NOT NULL,
                realm_id TEXT NOT NULL,
                state_key TEXT NOT NULL,
                value TEXT NOT NULL,
                updated_at INTEGER NOT NULL,
                version INTEGER NOT NULL,
                PRIMARY KEY (company_id, realm_id, state_key)
            );
            """),

        // One writer per RO App object across processes, and the writes whose outcome is not proven yet.
        (4, """
            CREATE TABLE qbs_write_claims (
                company_id TEXT NOT NULL,
                realm_id TEXT NOT NULL,
                entity_type TEXT NOT NULL,
                entity_id TEXT NOT NULL,
                owner TEXT,
                fencing_token INTEGER NOT NULL,
                lease_expires_at INTEGER NOT NULL,
                pending_writes TEXT,
                PRIMARY KEY (company_id, realm_id, entity_type, entity_id)
            );
            """),

        // The sync state each invoice page shows, kept as the sync goes rather than read back from the journal.
        (5, """
            CREATE TABLE qbs_invoice_state (
                company_id TEXT NOT NULL,
                realm_id TEXT NOT NULL,
                invoice_id TEXT NOT NULL,
                status TEXT NOT NULL,
                message TEXT,
                fix TEXT,
                quickbooks_id TEXT,
                last_synced_at INTEGER,
                attention_operation TEXT,
                attention_message TEXT,
                attention_fix TEXT,
                attention_at INTEGER,
                updated_at INTEGER NOT NULL,
                version INTEGER NOT NULL,
                PRIMARY KEY (company_id, realm_id, invoice_id)
            );
            """),
    ];

    /// <summary>The schema version this library writes and understands.</summary>
    public static int LatestVersion => Migrations[^1].Version;

    public static async ValueTask ApplyAsync(SqliteConnection connection, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // BEGIN IMMEDIATE takes the write lock up front: a second process waits here, then finds the
        // migrations applied.
        using var transaction = connection.BeginTransaction(deferred: false);
        using (var create = connection.CreateCommand())
        {
            create.Transaction = transaction;
            create.CommandText = "CREATE TABLE IF NOT EXISTS qbs_schema_version (version INTEGER NOT NULL PRIMARY KEY, applied_at TEXT NOT NULL);";
            await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        long current;
        using (var read = connection.CreateCommand())
        {
            read.Transaction = transaction;
            read.CommandText = "SELECT COALESCE(MAX(version), 0) FROM qbs_schema_version;";
            current = (long)(await read.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        }

        if (current > LatestVersion)
        {
            throw new InvalidOperationException(
                $"The QuickBooks sync database {connection.DataSource} has schema version {current}, newer than this " +
                $"library understands ({LatestVersion}). Upgrade RoApp.QuickBooksSync.Sqlite to the version that wrote it.");
        }

        foreach (var (version, sql) in Migrations.Where(m => m.Version > current))
        {
            using var migrate = connection.CreateCommand();
            migrate.Transaction = transaction;
            migrate.CommandText = sql + "\nINSERT INTO qbs_schema_version (version, applied_at) VALUES ($version, $appliedAt);";
            migrate.Parameters.AddWithValue("$version", version);
            migrate.Parameters.AddWithValue("$appliedAt", now.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
            await migrate.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }
}

using System.Globalization;
using Npgsql;

namespace RoApp.QuickBooksSync.PostgreSql;

/// <summary>
/// The numbered schema migrations. They run in one transaction under a transaction-scoped advisory lock
/// keyed by the schema name, so host instances starting together apply each migration exactly once.
/// Never edit a released migration: add the next number. <c>{0}</c> stands for the quoted schema name.
/// </summary>
internal static class PostgreSqlMigrations
{
    private static readonly (int Version, string Sql)[] Migrations =
    [
        (1, """
            CREATE TABLE {0}.connections (
                company_id text NOT NULL PRIMARY KEY,
                realm_id text NOT NULL CONSTRAINT connections_realm_unique UNIQUE,
                health text NOT NULL,
                needs_reconnect_reason text,
                protected_tokens bytea NOT NULL,
                access_token_expires_at timestamptz NOT NULL,
                refresh_token_expires_at timestamptz NOT NULL,
                refresh_token_hard_expires_at timestamptz,
                company_name text,
                country text,
                company_profile_json text,
                connected_at timestamptz NOT NULL,
                updated_at timestamptz NOT NULL,
                version bigint NOT NULL
            );
            CREATE TABLE {0}.authorization_states (
                state text NOT NULL PRIMARY KEY,
                company_id text NOT NULL,
                expires_at timestamptz NOT NULL
            );
            CREATE TABLE {0}.settings (
                company_id text NOT NULL PRIMARY KEY,
                settings_json jsonb NOT NULL,
                version bigint NOT NULL
            );
            CREATE TABLE {0}.entity_links (
                company_id text NOT NULL,
                realm_id text NOT NULL,
                entity_type text NOT NULL,
                ro_app_id text NOT NULL,
                quickbooks_id text NOT NULL,
                sync_token text,
                content_hash text,
                origin text NOT NULL,
                last_synced_at timestamptz NOT NULL,
                quickbooks_last_updated_at timestamptz,
                state text NOT NULL,
                version bigint NOT NULL,
                created_order bigint GENERATED ALWAYS AS IDENTITY,
                PRIMARY KEY (company_id, realm_id, entity_type, ro_app_id)
            );
            CREATE INDEX ix_entity_links_quickbooks_id ON {0}.entity_links (company_id, realm_id, entity_type, quickbooks_id);
            CREATE TABLE {0}.work_items (
                id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                company_id text NOT NULL,
                kind text NOT NULL,
                ordering_key text NOT NULL,
                deduplication_key text,
                payload text NOT NULL,
                attempts integer NOT NULL DEFAULT 0,
                run_at timestamptz NOT NULL,
                enqueued_at timestamptz NOT NULL,
                last_error text,
                state text NOT NULL,
                lease_owner text,
                lease_expires_at timestamptz,
                fencing_token bigint NOT NULL DEFAULT 0,
                completed_at timestamptz
            );
            CREATE UNIQUE INDEX ux_work_items_deduplication ON {0}.work_items (company_id, deduplication_key) WHERE deduplication_key IS NOT NULL;
            CREATE INDEX ix_work_items_open ON {0}.work_items (company_id, run_at, id) WHERE state IN ('Pending', 'Leased');
            CREATE INDEX ix_work_items_ordering ON {0}.work_items (company_id, ordering_key, id) WHERE state IN ('Pending', 'Leased');
            CREATE INDEX ix_work_items_state ON {0}.work_items (company_id, state);
            CREATE INDEX ix_work_items_completed ON {0}.work_items (completed_at) WHERE state = 'Completed';
            CREATE TABLE {0}.work_companies (
                company_id text NOT NULL PRIMARY KEY,
                paused boolean NOT NULL DEFAULT false,
                last_served bigint NOT NULL DEFAULT 0
            );
            CREATE SEQUENCE {0}.work_claims;
            CREATE TABLE {0}.journal (
                id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                company_id text NOT NULL,
                realm_id text,
                entity_type text,
                ro_app_entity_id text,
                direction text NOT NULL,
                operation text NOT NULL,
                outcome text NOT NULL,
                quickbooks_id text,
                request_id text,
                message text NOT NULL,
                fix text,
                details text,
                at timestamptz NOT NULL,
                work_item_id bigint,
                dismissed boolean NOT NULL DEFAULT false
            );
            CREATE INDEX ix_journal_company ON {0}.journal (company_id, at DESC, id DESC);
            CREATE INDEX ix_journal_entity ON {0}.journal (company_id, entity_type, ro_app_entity_id, at DESC, id DESC);
            """),

        // The cross-process refresh claim: while set and in the future, one instance is refreshing the tokens.
        (2, """
            ALTER TABLE {0}.connections ADD COLUMN refresh_claim_expires_at timestamptz;
            """),

        // The inbound sync's state: reconciliation watermarks and what was last applied per QuickBooks object.
        (3, """
            CREATE TABLE {0}.inbound_state (
                company_id text NOT NULL,
                realm_id text NOT NULL,
                state_key text NOT NULL,
                value text NOT NULL,
                updated_at timestamptz NOT NULL,
                version bigint NOT NULL,
                PRIMARY KEY (company_id, realm_id, state_key)
            );
            """),

        // One writer per RO App object across processes, and the writes whose outcome is not proven yet.
        (4, """
            CREATE TABLE {0}.write_claims (
                company_id text NOT NULL,
                realm_id text NOT NULL,
                entity_type text NOT NULL,
                entity_id text NOT NULL,
                owner text,
                fencing_token bigint NOT NULL,
                lease_expires_at timestamptz NOT NULL,
                pending_writes text,
                PRIMARY KEY (company_id, realm_id, entity_type, entity_id)
            );
            """),

        // The sync state each invoice page shows, kept as the sync goes rather than read back from the journal.
        (5, """
            CREATE TABLE {0}.invoice_state (
                company_id text NOT NULL,
                realm_id text NOT NULL,
                invoice_id text NOT NULL,
                status text NOT NULL,
                message text,
                fix text,
                quickbooks_id text,
                last_synced_at timestamptz,
                attention_operation text,
                attention_message text,
                attention_fix text,
                attention_at timestamptz,
                updated_at timestamptz NOT NULL,
                version bigint NOT NULL,
                PRIMARY KEY (company_id, realm_id, invoice_id)
            );
            """),
    ];

    public static int LatestVersion => Migrations[^1].Version;

    public static async ValueTask ApplyAsync(NpgsqlConnection connection, string schema, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            using (var gate = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtextextended($1, 0));", connection, transaction))
            {
                gate.Parameters.Add(new NpgsqlParameter { Value = "roapp.quickbooks_sync.migrate:" + schema });
                await gate.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            long current;
            using (var prepare = new NpgsqlCommand(
                             $"CREATE SCHEMA IF NOT EXISTS {schema}; " +
                             $"CREATE TABLE IF NOT EXISTS {schema}.schema_version (version integer NOT NULL PRIMARY KEY, applied_at timestamptz NOT NULL); " +
                             $"SELECT COALESCE(MAX(version), 0) FROM {schema}.schema_version;", connection, transaction))
            {
                current = Convert.ToInt64(await prepare.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
            }

            if (current > LatestVersion)
            {
                throw new InvalidOperationException(
                    $"The QuickBooks sync schema {schema} has version {current}, newer than this library understands " +
                    $"({LatestVersion}). Upgrade RoApp.QuickBooksSync.PostgreSql to the version that wrote it.");
            }

            foreach (var (version, sql) in Migrations.Where(m => m.Version > current))
            {
                using (var migrate = new NpgsqlCommand(string.Format(CultureInfo.InvariantCulture, sql, schema), connection, transaction))
                {
                    await migrate.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                using var record = new NpgsqlCommand($"INSERT INTO {schema}.schema_version (version, applied_at) VALUES ($1, $2);", connection, transaction);
                record.Parameters.Add(new NpgsqlParameter { Value = version });
                record.Parameters.Add(new NpgsqlParameter { Value = now.ToUniversalTime() });
                await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}

using RoApp.QuickBooksSync.Sync;

namespace RoApp.QuickBooksSync.Storage.Sql;

/// <summary><see cref="IInvoiceStateStore"/> for every SQL store: one row per (company, realm, invoice), saved by compare-and-swap.</summary>
internal sealed class SqlInvoiceStateStore(SqlDialect dialect) : IInvoiceStateStore
{
    private readonly string _table = dialect.Table("invoice_state");

    public async ValueTask<StoredInvoiceState?> GetAsync(string companyId, string realmId, string invoiceId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(companyId);
        ArgumentException.ThrowIfNullOrWhiteSpace(realmId);
        ArgumentException.ThrowIfNullOrWhiteSpace(invoiceId);
        var found = await dialect.QueryAsync(
            $"SELECT status, message, fix, quickbooks_id, last_synced_at, attention_operation, attention_message, attention_fix, attention_at, updated_at, version " +
            $"FROM {_table} WHERE company_id = @company AND realm_id = @realm AND invoice_id = @invoice;",
            r => new StoredInvoiceState
            {
                CompanyId = companyId,
                RealmId = realmId,
                InvoiceId = invoiceId,
                Status = SqlStatements.Enum<InvoiceSyncStatus>(r, 0),
                Message = SqlStatements.NullableString(r, 1),
                Fix = SqlStatements.NullableString(r, 2),
                QuickBooksId = SqlStatements.NullableString(r, 3),
                LastSyncedAt = dialect.ReadNullableTime(r, 4),
                AttentionOperation = SqlStatements.NullableString(r, 5),
                AttentionMessage = SqlStatements.NullableString(r, 6),
                AttentionFix = SqlStatements.NullableString(r, 7),
                AttentionAt = dialect.ReadNullableTime(r, 8),
                UpdatedAt = dialect.ReadTime(r, 9),
                Version = r.GetInt64(10),
            },
            cancellationToken, ("@company", companyId), ("@realm", realmId), ("@invoice", invoiceId)).ConfigureAwait(false);
        return found.Count == 0 ? null : found[0];
    }

    public async ValueTask<bool> SaveAsync(StoredInvoiceState state, long expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentException.ThrowIfNullOrWhiteSpace(state.CompanyId, "state.CompanyId");
        ArgumentException.ThrowIfNullOrWhiteSpace(state.RealmId, "state.RealmId");
        ArgumentException.ThrowIfNullOrWhiteSpace(state.InvoiceId, "state.InvoiceId");
        var sql = expectedVersion == 0
            ? $"INSERT INTO {_table} (company_id, realm_id, invoice_id, status, message, fix, quickbooks_id, last_synced_at, attention_operation, attention_message, attention_fix, attention_at, updated_at, version) " +
              "VALUES (@company, @realm, @invoice, @status, @message, @fix, @qbid, @synced, @aop, @amessage, @afix, @aat, @updated, 1) " +
              "ON CONFLICT (company_id, realm_id, invoice_id) DO NOTHING;"
            : $"UPDATE {_table} SET status = @status, message = @message, fix = @fix, quickbooks_id = @qbid, last_synced_at = @synced, attention_operation = @aop, " +
              "attention_message = @amessage, attention_fix = @afix, attention_at = @aat, updated_at = @updated, version = version + 1 " +
              "WHERE company_id = @company AND realm_id = @realm AND invoice_id = @invoice AND version = @expected;";
        return await dialect.ExecuteAsync(sql, cancellationToken,
            ("@company", state.CompanyId), ("@realm", state.RealmId), ("@invoice", state.InvoiceId), ("@status", state.Status.ToString()),
            ("@message", state.Message), ("@fix", state.Fix), ("@qbid", state.QuickBooksId), ("@synced", dialect.ToDb(state.LastSyncedAt)),
            ("@aop", state.AttentionOperation), ("@amessage", state.AttentionMessage), ("@afix", state.AttentionFix), ("@aat", dialect.ToDb(state.AttentionAt)),
            ("@updated", dialect.ToDb(state.UpdatedAt)), ("@expected", expectedVersion)).ConfigureAwait(false) == 1;
    }
}

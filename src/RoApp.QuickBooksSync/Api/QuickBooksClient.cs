using System.Buffers;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using RoApp.QuickBooksSync.Api.Batch;
using RoApp.QuickBooksSync.Api.Changes;
using RoApp.QuickBooksSync.Api.Errors;
using RoApp.QuickBooksSync.Api.Http;
using RoApp.QuickBooksSync.Api.Models;
using RoApp.QuickBooksSync.Api.Query;
using RoApp.QuickBooksSync.Api.Serialization;

namespace RoApp.QuickBooksSync.Api;

/// <summary>The typed operations over <see cref="ApiTransport"/>: request bodies, URLs and answer envelopes.</summary>
internal sealed class QuickBooksClient(ApiTransport transport, ILogger<QuickBooksClient> logger) : IQuickBooksClient
{
    /// <summary>QuickBooks' cap on objects in one change data capture answer.</summary>
    internal const int ChangeCap = 1000;

    /// <summary>QuickBooks' cap on items in one batch request.</summary>
    internal const int MaxBatchItems = 30;

    private const int MaxRequestIdLength = 50;
    private const int MaxQueryInUrl = 2000;
    private const int MaxBatchRequestIdLength = 36;

    public async Task<T> CreateAsync<T>(string realmId, T entity, string? requestId = null, CancellationToken cancellationToken = default)
        where T : QuickBooksEntity
    {
        ArgumentNullException.ThrowIfNull(entity);
        var descriptor = EntityDescriptor<T>.Value;
        return await WriteAsync<T>(realmId, descriptor, $"create {descriptor.Name}", [], Serialize(entity), requestId, cancellationToken).ConfigureAwait(false);
    }

    public async Task<T> ReadAsync<T>(string realmId, string id, CancellationToken cancellationToken = default)
        where T : QuickBooksEntity
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        var descriptor = EntityDescriptor<T>.Value;
        return await GetEntityAsync<T>(realmId, $"{descriptor.Path}/{Uri.EscapeDataString(id)}", $"read {descriptor.Name} {id}", cancellationToken).ConfigureAwait(false);
    }

    public async Task<T> SparseUpdateAsync<T>(string realmId, T changes, string? requestId = null, CancellationToken cancellationToken = default)
        where T : QuickBooksEntity
    {
        RequireKey(changes);
        changes.Sparse = true;
        var descriptor = EntityDescriptor<T>.Value;
        return await WriteAsync<T>(realmId, descriptor, $"sparse update {descriptor.Name} {changes.Id}", [], Serialize(changes), requestId, cancellationToken).ConfigureAwait(false);
    }

    public async Task<T> FullUpdateAsync<T>(string realmId, T entity, string? requestId = null, CancellationToken cancellationToken = default)
        where T : QuickBooksEntity
    {
        RequireKey(entity);
        entity.Sparse = null;
        var descriptor = EntityDescriptor<T>.Value;
        return await WriteAsync<T>(realmId, descriptor, $"full update {descriptor.Name} {entity.Id}", [], Serialize(entity), requestId, cancellationToken).ConfigureAwait(false);
    }

    public async Task<QuickBooksDeletion> DeleteAsync<T>(string realmId, string id, string syncToken, string? requestId = null, CancellationToken cancellationToken = default)
        where T : QuickBooksEntity
    {
        var descriptor = EntityDescriptor<T>.Value;
        var body = SerializeKey(id, syncToken, sparse: null);
        var request = WriteRequest(realmId, descriptor.Path, $"delete {descriptor.Name} {id}", [new("operation", "delete")], body, requestId);
        using var response = await transport.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var element = EntityElement(response.Root, descriptor.Name, request);
        var deletedId = element.TryGetProperty("Id", out var idElement) ? idElement.GetString() ?? id : id;
        return new QuickBooksDeletion(descriptor.Name, deletedId, null);
    }

    public async Task<Invoice> VoidInvoiceAsync(string realmId, string id, string syncToken, string? requestId = null, CancellationToken cancellationToken = default)
    {
        var descriptor = EntityDescriptor<Invoice>.Value;
        return await WriteAsync<Invoice>(realmId, descriptor, $"void Invoice {id}", [new("operation", "void")], SerializeKey(id, syncToken, sparse: null), requestId, cancellationToken).ConfigureAwait(false);
    }

    public async Task<Payment> VoidPaymentAsync(string realmId, string id, string syncToken, string? requestId = null, CancellationToken cancellationToken = default)
    {
        var descriptor = EntityDescriptor<Payment>.Value;
        return await WriteAsync<Payment>(
            realmId, descriptor, $"void Payment {id}", [new("operation", "update"), new("include", "void")], SerializeKey(id, syncToken, sparse: true), requestId, cancellationToken).ConfigureAwait(false);
    }

    public Task<QuickBooksQueryPage<T>> QueryAsync<T>(string realmId, QuickBooksQuery query, CancellationToken cancellationToken = default)
        where T : QuickBooksEntity
    {
        ArgumentNullException.ThrowIfNull(query);
        return RunQueryAsync<T>(realmId, query.ToString(), cancellationToken);
    }

    public async IAsyncEnumerable<T> QueryAllAsync<T>(string realmId, QuickBooksQuery query, int pageSize = QuickBooksQuery.MaxPageSize, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        where T : QuickBooksEntity
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(pageSize, QuickBooksQuery.MaxPageSize);
        var start = 1;
        while (true)
        {
            var page = await RunQueryAsync<T>(realmId, query.Build(start, pageSize), cancellationToken).ConfigureAwait(false);
            foreach (var item in page.Items)
            {
                yield return item;
            }

            // A short page is the last one; QuickBooks sends no total with SELECT *.
            if (page.Items.Count < pageSize)
            {
                yield break;
            }

            start += pageSize;
        }
    }

    public async Task<int> CountAsync(string realmId, QuickBooksQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var statement = query.ToString();
        if (!statement.StartsWith("SELECT COUNT(*)", StringComparison.Ordinal))
        {
            throw new ArgumentException("CountAsync needs a query built with .Count().", nameof(query));
        }

        var request = QueryRequest(realmId, statement, $"count {query.EntityName}");
        using var response = await transport.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var queryResponse = Property(response.Root, "QueryResponse");
        return queryResponse is { } element && Property(element, "totalCount") is { ValueKind: JsonValueKind.Number } total ? total.GetInt32() : 0;
    }

    public async Task<QuickBooksChanges> GetChangesAsync(string realmId, IReadOnlyCollection<string> entityNames, DateTimeOffset changedSince, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entityNames);
        var names = entityNames.Select(n => EntityDescriptor.ForName(n).Name).Distinct(StringComparer.Ordinal).ToArray();
        if (names.Length == 0)
        {
            throw new ArgumentException("Change data capture needs at least one entity name, e.g. Invoice.", nameof(entityNames));
        }

        var changed = new Dictionary<(string, string), QuickBooksEntity>();
        var deleted = new Dictionary<(string, string), QuickBooksDeletion>();
        await CollectChangesAsync(realmId, names, changedSince, changed, deleted, cancellationToken).ConfigureAwait(false);

        // An object both changed and deleted in the window ends deleted.
        foreach (var key in deleted.Keys)
        {
            changed.Remove(key);
        }

        return new QuickBooksChanges([.. changed.Values], [.. deleted.Values]);
    }

    public async Task<IReadOnlyList<QuickBooksBatchResult>> BatchAsync(string realmId, IReadOnlyList<QuickBooksBatchItem> items, string? requestId = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(items);
        if (requestId is not null && requestId.Length > MaxBatchRequestIdLength)
        {
            throw new ArgumentException($"A batch requestid is at most {MaxBatchRequestIdLength} characters; '{requestId}' has {requestId.Length}.", nameof(requestId));
        }

        var batchIds = AssignBatchIds(items);
        var results = new QuickBooksBatchResult[items.Count];
        var chunkCount = (items.Count + MaxBatchItems - 1) / MaxBatchItems;
        for (var chunk = 0; chunk < chunkCount; chunk++)
        {
            var from = chunk * MaxBatchItems;
            var count = Math.Min(MaxBatchItems, items.Count - from);
            var chunkRequestId = requestId is null ? NewRequestId() : chunkCount == 1 ? requestId : DeriveRequestId(requestId, chunk);
            await SendBatchChunkAsync(realmId, items, batchIds, results, from, count, chunkRequestId, cancellationToken).ConfigureAwait(false);
        }

        return results;
    }

    public Task<CompanyInfo> GetCompanyInfoAsync(string realmId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(realmId);
        return GetEntityAsync<CompanyInfo>(realmId, $"companyinfo/{Uri.EscapeDataString(realmId)}", "read CompanyInfo", cancellationToken);
    }

    public Task<Preferences> GetPreferencesAsync(string realmId, CancellationToken cancellationToken = default) =>
        GetEntityAsync<Preferences>(realmId, "preferences", "read Preferences", cancellationToken);

    private async Task<T> GetEntityAsync<T>(string realmId, string path, string operation, CancellationToken cancellationToken)
        where T : QuickBooksEntity
    {
        var request = ReadRequest(realmId, path, operation, []);
        using var response = await transport.SendAsync(request, cancellationToken).ConfigureAwait(false);
        return DeserializeEntity<T>(response, request);
    }

    private async Task<T> WriteAsync<T>(
        string realmId,
        EntityDescriptor descriptor,
        string operation,
        KeyValuePair<string, string>[] parameters,
        byte[] body,
        string? requestId,
        CancellationToken cancellationToken)
        where T : QuickBooksEntity
    {
        var request = WriteRequest(realmId, descriptor.Path, operation, parameters, body, requestId);
        using var response = await transport.SendAsync(request, cancellationToken).ConfigureAwait(false);
        return DeserializeEntity<T>(response, request);
    }

    private async Task<QuickBooksQueryPage<T>> RunQueryAsync<T>(string realmId, string statement, CancellationToken cancellationToken)
        where T : QuickBooksEntity
    {
        var descriptor = EntityDescriptor<T>.Value;
        var request = QueryRequest(realmId, statement, $"query {descriptor.Name}");
        using var response = await transport.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var queryResponse = Property(response.Root, "QueryResponse")
            ?? throw Malformed(request, response, "no QueryResponse");
        return ReadQueryPage<T>(queryResponse, descriptor);
    }

    private static QuickBooksQueryPage<T> ReadQueryPage<T>(JsonElement queryResponse, EntityDescriptor descriptor)
        where T : QuickBooksEntity
    {
        var items = new List<T>();
        if (Property(queryResponse, descriptor.Name) is { ValueKind: JsonValueKind.Array } rows)
        {
            foreach (var row in rows.EnumerateArray())
            {
                items.Add((T)descriptor.Deserialize(row));
            }
        }

        return new QuickBooksQueryPage<T>(
            items,
            Int(queryResponse, "startPosition") ?? 1,
            Int(queryResponse, "maxResults") ?? items.Count,
            Int(queryResponse, "totalCount"));
    }

    private async Task CollectChangesAsync(
        string realmId,
        string[] names,
        DateTimeOffset since,
        Dictionary<(string, string), QuickBooksEntity> changed,
        Dictionary<(string, string), QuickBooksDeletion> deleted,
        CancellationToken cancellationToken)
    {
        var page = await FetchChangesAsync(realmId, names, since, cancellationToken).ConfigureAwait(false);
        Merge(page, changed, deleted);
        if (page.Count < ChangeCap)
        {
            return;
        }

        var entities = string.Join(",", names);
        Log.ChangeCapHit(logger, realmId, ChangeCap, entities, since);

        if (names.Length > 1)
        {
            // The cap is shared by all entities of a request: ask for each half separately.
            var half = names.Length / 2;
            await CollectChangesAsync(realmId, names[..half], since, changed, deleted, cancellationToken).ConfigureAwait(false);
            await CollectChangesAsync(realmId, names[half..], since, changed, deleted, cancellationToken).ConfigureAwait(false);
            return;
        }

        // One entity over the cap: CDC takes no end time, so the window is split at the newest change
        // received and the rest is asked for from there (inclusive; duplicates merge by id).
        var newest = page.Newest ?? since;
        if (Truncate(newest) <= Truncate(since))
        {
            throw new QuickBooksApiException(
                $"QuickBooks change data capture for realm {realmId} returned {ChangeCap} {names[0]} changes all at {since:O}; the window cannot be split further. Re-read the {names[0]} objects with a query instead.")
            {
                RealmId = realmId,
            };
        }

        await CollectChangesAsync(realmId, names, newest, changed, deleted, cancellationToken).ConfigureAwait(false);
    }

    private static DateTimeOffset Truncate(DateTimeOffset value) => new(value.Ticks - (value.Ticks % TimeSpan.TicksPerSecond), value.Offset);

    private async Task<ChangePage> FetchChangesAsync(string realmId, string[] names, DateTimeOffset since, CancellationToken cancellationToken)
    {
        var request = ReadRequest(
            realmId,
            "cdc",
            $"change data capture {string.Join(",", names)}",
            [new("entities", string.Join(",", names)), new("changedSince", QuickBooksQuery.FormatDateTime(since))]);
        using var response = await transport.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var page = new ChangePage();
        if (Property(response.Root, "CDCResponse") is not { ValueKind: JsonValueKind.Array } cdcResponses)
        {
            throw Malformed(request, response, "no CDCResponse array");
        }

        foreach (var cdc in cdcResponses.EnumerateArray())
        {
            // QueryResponse is an array here (one entry per entity); tolerate a single object too.
            if (Property(cdc, "QueryResponse") is not { } queryResponses)
            {
                continue;
            }

            foreach (var queryResponse in queryResponses.ValueKind == JsonValueKind.Array ? queryResponses.EnumerateArray() : Enumerable.Repeat(queryResponses, 1))
            {
                ReadChangeGroup(queryResponse, page);
            }
        }

        return page;
    }

    private static void ReadChangeGroup(JsonElement queryResponse, ChangePage page)
    {
        if (queryResponse.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        foreach (var group in queryResponse.EnumerateObject())
        {
            if (group.Value.ValueKind != JsonValueKind.Array || !EntityDescriptor.TryForName(group.Name, out var descriptor))
            {
                continue;
            }

            foreach (var row in group.Value.EnumerateArray())
            {
                page.Count++;
                if (Property(row, "status") is { ValueKind: JsonValueKind.String } status
                    && string.Equals(status.GetString(), "Deleted", StringComparison.OrdinalIgnoreCase))
                {
                    var id = Property(row, "Id")?.GetString() ?? string.Empty;
                    var at = Property(row, "MetaData") is { } meta && Property(meta, "LastUpdatedTime") is { ValueKind: JsonValueKind.String } time
                        ? time.GetDateTimeOffset()
                        : (DateTimeOffset?)null;
                    page.Deleted.Add(new QuickBooksDeletion(descriptor.Name, id, at));
                    page.Observe(at);
                    continue;
                }

                var entity = descriptor.Deserialize(row);
                page.Changed.Add(entity);
                page.Observe(entity.MetaData?.LastUpdatedTime);
            }
        }
    }

    private static void Merge(ChangePage page, Dictionary<(string, string), QuickBooksEntity> changed, Dictionary<(string, string), QuickBooksDeletion> deleted)
    {
        foreach (var entity in page.Changed)
        {
            var key = (EntityDescriptor.For(entity.GetType()).Name, entity.Id ?? string.Empty);
            if (!changed.TryGetValue(key, out var known) || (known.MetaData?.LastUpdatedTime ?? default) <= (entity.MetaData?.LastUpdatedTime ?? default))
            {
                changed[key] = entity;
            }
        }

        foreach (var deletion in page.Deleted)
        {
            deleted[(deletion.EntityName, deletion.Id)] = deletion;
        }
    }

    private async Task SendBatchChunkAsync(
        string realmId,
        IReadOnlyList<QuickBooksBatchItem> items,
        string[] batchIds,
        QuickBooksBatchResult[] results,
        int from,
        int count,
        string requestId,
        CancellationToken cancellationToken)
    {
        var request = new ApiRequest
        {
            Method = HttpMethod.Post,
            RealmId = Realm(realmId),
            Path = "batch",
            Operation = $"batch of {count}",
            Body = SerializeBatch(items, batchIds, from, count),
            RequestId = requestId,
            IsBatch = true,
            IsWrite = true,
        };
        using var response = await transport.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var answers = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        if (Property(response.Root, "BatchItemResponse") is { ValueKind: JsonValueKind.Array } array)
        {
            foreach (var answer in array.EnumerateArray())
            {
                if (Property(answer, "bId")?.GetString() is { } bId)
                {
                    answers[bId] = answer;
                }
            }
        }

        for (var i = from; i < from + count; i++)
        {
            results[i] = answers.TryGetValue(batchIds[i], out var answer)
                ? ReadBatchAnswer(realmId, items[i], batchIds[i], answer, response.IntuitTid)
                : new QuickBooksBatchResult(items[i], batchIds[i])
                {
                    Error = new QuickBooksApiException(
                        $"QuickBooks answered nothing for batch item {batchIds[i]} ({items[i].Operation}) in realm {realmId}; send the item again. intuit_tid={response.IntuitTid}.")
                    {
                        RealmId = realmId,
                        IntuitTid = response.IntuitTid,
                    },
                };
        }
    }

    private static QuickBooksBatchResult ReadBatchAnswer(string realmId, QuickBooksBatchItem item, string batchId, JsonElement answer, string? intuitTid)
    {
        var operation = $"batch item {batchId} ({item.Operation}{(item.Entity is null ? string.Empty : " " + EntityDescriptor.For(item.Entity.GetType()).Name)})";
        if (Property(answer, "Fault") is { } faultElement)
        {
            var fault = faultElement.Deserialize(QuickBooksJsonContext.Default.QuickBooksFault);
            return new QuickBooksBatchResult(item, batchId) { Error = FaultTranslator.Translate(fault, null, realmId, operation, intuitTid) };
        }

        if (item.Query is not null)
        {
            var rows = new List<QuickBooksEntity>();
            if (Property(answer, "QueryResponse") is { ValueKind: JsonValueKind.Object } queryResponse)
            {
                foreach (var group in queryResponse.EnumerateObject())
                {
                    if (group.Value.ValueKind == JsonValueKind.Array && EntityDescriptor.TryForName(group.Name, out var rowDescriptor))
                    {
                        rows.AddRange(group.Value.EnumerateArray().Select(rowDescriptor.Deserialize));
                    }
                }
            }

            return new QuickBooksBatchResult(item, batchId) { QueryRows = rows };
        }

        var descriptor = EntityDescriptor.For(item.Entity!.GetType());
        if (Property(answer, descriptor.Name) is not { ValueKind: JsonValueKind.Object } element)
        {
            return new QuickBooksBatchResult(item, batchId)
            {
                Error = new QuickBooksApiException($"QuickBooks answered batch item {batchId} in realm {realmId} without a {descriptor.Name} or a Fault. intuit_tid={intuitTid}.") { RealmId = realmId, IntuitTid = intuitTid },
            };
        }

        if (item.Operation == "delete")
        {
            return new QuickBooksBatchResult(item, batchId) { Deletion = new QuickBooksDeletion(descriptor.Name, Property(element, "Id")?.GetString() ?? item.Entity.Id!, null) };
        }

        return new QuickBooksBatchResult(item, batchId) { Entity = descriptor.Deserialize(element) };
    }

    private static byte[] SerializeBatch(IReadOnlyList<QuickBooksBatchItem> items, string[] batchIds, int from, int count)
    {
        var buffer = new ArrayBufferWriter<byte>(1024 * count);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("BatchItemRequest");
            for (var i = from; i < from + count; i++)
            {
                var item = items[i];
                writer.WriteStartObject();
                writer.WriteString("bId", batchIds[i]);
                if (item.Query is not null)
                {
                    writer.WriteString("Query", item.Query);
                }
                else
                {
                    var entity = item.Entity!;
                    var descriptor = EntityDescriptor.For(entity.GetType());
                    writer.WriteString("operation", item.Operation);
                    writer.WritePropertyName(descriptor.Name);
                    if (item.Operation == "delete")
                    {
                        JsonSerializer.Serialize(writer, new EntityKey { Id = entity.Id!, SyncToken = entity.SyncToken! }, QuickBooksJsonContext.Default.EntityKey);
                    }
                    else
                    {
                        JsonSerializer.Serialize(writer, entity, descriptor.TypeInfo);
                    }
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static string[] AssignBatchIds(IReadOnlyList<QuickBooksBatchItem> items)
    {
        var ids = new string[items.Count];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i] ?? throw new ArgumentException($"Batch item {i} is null.", nameof(items));
            ids[i] = item.BatchId ?? (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (!seen.Add(ids[i]))
            {
                throw new ArgumentException($"Batch item id (bId) '{ids[i]}' is used twice; give every item its own id or none.", nameof(items));
            }
        }

        return ids;
    }

    private static T DeserializeEntity<T>(ApiResponse response, ApiRequest request)
        where T : QuickBooksEntity
    {
        var descriptor = EntityDescriptor<T>.Value;
        var element = EntityElement(response.Root, descriptor.Name, request, response);
        return element.Deserialize(EntityDescriptor<T>.TypeInfo) ?? throw Malformed(request, response, $"a null {descriptor.Name}");
    }

    private static JsonElement EntityElement(JsonElement root, string name, ApiRequest request, ApiResponse? response = null) =>
        Property(root, name) is { ValueKind: JsonValueKind.Object } element
            ? element
            : throw Malformed(request, response, $"no {name} object");

    private static QuickBooksApiException Malformed(ApiRequest request, ApiResponse? response, string what) =>
        new($"QuickBooks {request.Operation} for realm {request.RealmId} answered with {what}; the answer cannot be read. Check QuickBooksSync:ApiBaseUrl points at the QuickBooks API. intuit_tid={response?.IntuitTid}.")
        {
            RealmId = request.RealmId,
            IntuitTid = response?.IntuitTid,
        };

    /// <summary>A property by name, exact first, then ignoring case (QuickBooks is not consistent).</summary>
    private static JsonElement? Property(JsonElement element, string name)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        if (element.TryGetProperty(name, out var exact))
        {
            return exact;
        }

        foreach (var property in element.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value;
            }
        }

        return null;
    }

    private static int? Int(JsonElement element, string name) =>
        Property(element, name) is { ValueKind: JsonValueKind.Number } number && number.TryGetInt32(out var value) ? value : null;

    private static ApiRequest ReadRequest(string realmId, string path, string operation, KeyValuePair<string, string>[] parameters) =>
        new()
        {
            Method = HttpMethod.Get,
            RealmId = Realm(realmId),
            Path = path,
            Operation = operation,
            Parameters = parameters,
        };

    // Long statements (IN lists of many ids) would make URLs proxies refuse: QuickBooks also takes them as a POSTed text body.
    private static ApiRequest QueryRequest(string realmId, string statement, string operation) =>
        statement.Length <= MaxQueryInUrl
            ? ReadRequest(realmId, "query", operation, [new("query", statement)])
            : new()
            {
                Method = HttpMethod.Post,
                RealmId = Realm(realmId),
                Path = "query",
                Operation = operation,
                Body = Encoding.UTF8.GetBytes(statement),
                ContentType = "application/text",
            };

    private static ApiRequest WriteRequest(string realmId, string path, string operation, KeyValuePair<string, string>[] parameters, byte[] body, string? requestId)
    {
        if (requestId is not null && (requestId.Length == 0 || requestId.Length > MaxRequestIdLength))
        {
            throw new ArgumentException($"A requestid is 1 to {MaxRequestIdLength} characters; '{requestId}' has {requestId.Length}.", nameof(requestId));
        }

        return new()
        {
            Method = HttpMethod.Post,
            RealmId = Realm(realmId),
            Path = path,
            Operation = operation,
            Parameters = parameters,
            Body = body,
            IsWrite = true,

            // Writes are only retried because they carry a requestid: make one when the caller gave none.
            RequestId = requestId ?? NewRequestId(),
        };
    }

    private static string Realm(string realmId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(realmId);
        return realmId;
    }

    private static string NewRequestId() => Guid.NewGuid().ToString("N");

    private static string DeriveRequestId(string requestId, int chunk)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{requestId}#{chunk}"));
        return Convert.ToHexStringLower(hash.AsSpan(0, 16));
    }

    private static void RequireKey(QuickBooksEntity entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        if (string.IsNullOrEmpty(entity.Id))
        {
            throw new ArgumentException($"Updating a {entity.GetType().Name} needs its Id; read or create the object first.", nameof(entity));
        }

        if (string.IsNullOrEmpty(entity.SyncToken))
        {
            throw new ArgumentException($"Updating {entity.GetType().Name} {entity.Id} needs its current SyncToken; read the object first.", nameof(entity));
        }
    }

    private static byte[] Serialize<T>(T entity)
        where T : QuickBooksEntity =>
        JsonSerializer.SerializeToUtf8Bytes(entity, EntityDescriptor<T>.TypeInfo);

    private static byte[] SerializeKey(string id, string syncToken, bool? sparse)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        ArgumentException.ThrowIfNullOrWhiteSpace(syncToken);
        return JsonSerializer.SerializeToUtf8Bytes(new EntityKey { Id = id, SyncToken = syncToken, Sparse = sparse }, QuickBooksJsonContext.Default.EntityKey);
    }

    private sealed class ChangePage
    {
        public List<QuickBooksEntity> Changed { get; } = [];

        public List<QuickBooksDeletion> Deleted { get; } = [];

        public int Count { get; set; }

        public DateTimeOffset? Newest { get; private set; }

        public void Observe(DateTimeOffset? time)
        {
            if (time is { } t && (Newest is null || t > Newest))
            {
                Newest = t;
            }
        }
    }
}

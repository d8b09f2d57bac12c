using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using RoApp.QuickBooksSync.Connection;
using RoApp.QuickBooksSync.Gateway;
using RoApp.QuickBooksSync.Settings;
using RoApp.QuickBooksSync.Storage;
using RoApp.QuickBooksSync.Sync;

namespace RoApp.QuickBooksSync.AspNetCore.Endpoints;

/// <summary>The JSON endpoints the operator page (and any host page) uses, all for the request's company.</summary>
internal static class ApiEndpoints
{
    private const int MaxJournalPage = 200;
    private const int QueueListLimit = 50;

    public static void Map(RouteGroupBuilder api, EndpointContext context)
    {
        var changes = api.MapGroup(string.Empty).AddEndpointFilter(context.HeaderFilter).DisableAntiforgery();

        // ---- Connection ----
        api.MapGet("/connection", (HttpContext http, IQuickBooksConnector connector) =>
            ForCompany(http, async id => EndpointContext.Ok(await connector.GetStateAsync(id, http.RequestAborted).ConfigureAwait(false))));

        changes.MapPost("/connection/enable", (HttpContext http, IQuickBooksConnector connector) =>
            ForCompany(http, async id =>
            {
                try
                {
                    return EndpointContext.Ok(await connector.EnableAsync(id, http.RequestAborted).ConfigureAwait(false));
                }
                catch (QuickBooksConnectionException ex)
                {
                    return EndpointContext.Problem(StatusCodes.Status409Conflict, "The integration cannot be enabled", ex.Message,
                        new Dictionary<string, object?> { ["failure"] = ex.Failure.ToString() });
                }
            }));

        changes.MapPost("/connection/disable", (HttpContext http, IQuickBooksConnector connector) =>
            ForCompany(http, async id => EndpointContext.Ok(await connector.DisableAsync(id, http.RequestAborted).ConfigureAwait(false))));

        changes.MapPost("/connection/disconnect", (HttpContext http, IQuickBooksConnector connector) =>
            ForCompany(http, async id => EndpointContext.Ok(await connector.DisconnectAsync(id, http.RequestAborted).ConfigureAwait(false))));

        // ---- Settings ----
        api.MapGet("/settings", (HttpContext http, IQuickBooksSettingsService settings) =>
            ForCompany(http, async id =>
            {
                var current = await settings.GetAsync(id, http.RequestAborted).ConfigureAwait(false);
                return EndpointContext.Ok(new SettingsAnswer(current.Enabled, SettingsBody.From(current), []));
            }));

        api.MapGet("/settings/choices", (HttpContext http, IRoAppGateway gateway) =>
            ForCompany(http, async id => EndpointContext.Ok(new SettingsChoices(
                await gateway.ListInvoiceStatusesAsync(id, http.RequestAborted).ConfigureAwait(false),
                await gateway.ListTaxesAsync(id, http.RequestAborted).ConfigureAwait(false),
                await gateway.ListCashboxesAsync(id, http.RequestAborted).ConfigureAwait(false)))));

        changes.MapPost("/settings/validate", (HttpContext http, IQuickBooksSettingsService settings) =>
            ForCompany(http, async id =>
            {
                var (body, bad) = await ReadAsync<SettingsBody>(http).ConfigureAwait(false);
                if (body is null)
                {
                    return bad!;
                }

                var result = await settings.ValidateAsync(body.ToSettings(id), http.RequestAborted).ConfigureAwait(false);
                return result.IsValid
                    ? EndpointContext.Ok(new { valid = true, warnings = result.Warnings.Select(ProblemAnswer.From).ToList() })
                    : Invalid(result, "The settings have problems; nothing was saved.");
            }));

        changes.MapPut("/settings", (HttpContext http, IQuickBooksSettingsService settings) =>
            ForCompany(http, async id =>
            {
                var (body, bad) = await ReadAsync<SettingsBody>(http).ConfigureAwait(false);
                if (body is null)
                {
                    return bad!;
                }

                var current = await settings.GetAsync(id, http.RequestAborted).ConfigureAwait(false);
                var saved = await settings.SaveAsync(body.ToSettings(id), http.RequestAborted).ConfigureAwait(false);
                return saved.Outcome switch
                {
                    SettingsSaveOutcome.Saved => EndpointContext.Ok(new SettingsAnswer(saved.Settings!.Enabled, SettingsBody.From(saved.Settings), [.. saved.Validation.Warnings.Select(ProblemAnswer.From)])),
                    SettingsSaveOutcome.Invalid => Invalid(saved.Validation, "The settings have problems; nothing was saved."),
                    _ => EndpointContext.Problem(StatusCodes.Status409Conflict, "Someone else saved the settings",
                        $"The settings were saved by someone else since they were read (version {body.Version}, now {saved.Settings?.Version ?? current.Version}). Reload them, make the change again and save.",
                        new Dictionary<string, object?> { ["currentVersion"] = saved.Settings?.Version ?? current.Version }),
                };
            }));

        // ---- Queue ----
        api.MapGet("/queue", (HttpContext http, IWorkQueueStore queue, IJournalStore journal, TimeProvider time) =>
            ForCompany(http, async id =>
            {
                var ct = http.RequestAborted;
                var stats = await queue.GetStatsAsync(id, time.GetUtcNow(), ct).ConfigureAwait(false);
                var dead = await queue.ListDeadLetteredAsync(id, QueueListLimit, ct).ConfigureAwait(false);

                // The store counts pending items without telling first tries from retries; the journal names the work
                // that failed and will run again, and the store says whether it still waits.
                var retrying = new List<QueueItem>();
                var recent = await journal.QueryAsync(new JournalQuery { CompanyId = id, Outcomes = [JournalOutcome.Retrying], Limit = QueueListLimit }, ct).ConfigureAwait(false);
                foreach (var workItemId in recent.Entries.Select(e => e.WorkItemId).OfType<long>().Distinct())
                {
                    var item = await queue.GetAsync(workItemId, ct).ConfigureAwait(false);
                    if (item is { State: WorkItemState.Pending or WorkItemState.Leased, Attempts: > 0 } && item.CompanyId == id)
                    {
                        retrying.Add(QueueItem.From(item));
                    }
                }

                return EndpointContext.Ok(new QueueAnswer(stats.PendingCount, stats.LeasedCount, stats.DeadLetteredCount,
                    stats.OldestPendingAge?.TotalSeconds, retrying, [.. dead.Select(QueueItem.From)]));
            }));

        changes.MapPost("/queue/{workItemId:long}/retry", (long workItemId, HttpContext http, IWorkQueueStore queue, IQuickBooksSync sync) =>
            ForCompany(http, async id =>
            {
                var item = await queue.GetAsync(workItemId, http.RequestAborted).ConfigureAwait(false);
                if (item is null || item.CompanyId != id)
                {
                    return EndpointContext.Problem(StatusCodes.Status404NotFound, "No such work",
                        $"There is no work item {workItemId} for this company (it may have completed and been purged).");
                }

                if (item.State != WorkItemState.DeadLettered)
                {
                    return EndpointContext.Problem(StatusCodes.Status409Conflict, "Only stopped work can be retried",
                        string.Create(CultureInfo.InvariantCulture, $"Work item {workItemId} is {item.State} (after {item.Attempts} failed attempts), not stopped: ") +
                        (item.State == WorkItemState.Completed ? "it is done." : "it runs by itself; wait for it."),
                        new Dictionary<string, object?> { ["state"] = item.State.ToString() });
                }

                var retried = await sync.RetryAsync(id, workItemId, http.RequestAborted).ConfigureAwait(false);
                return retried
                    ? EndpointContext.Ok(new RetryAnswer(workItemId, true))
                    : EndpointContext.Problem(StatusCodes.Status409Conflict, "Only stopped work can be retried", $"Work item {workItemId} was retried by someone else just now.");
            }));

        // ---- Journal ----
        api.MapGet("/journal", (HttpContext http, IQuickBooksSync sync, IOptions<QuickBooksSyncOptions> options) =>
            ForCompany(http, async id =>
            {
                var (query, bad) = JournalQueryFrom(http.Request.Query, id);
                if (query is null)
                {
                    return bad!;
                }

                try
                {
                    var page = await sync.QueryJournalAsync(query, http.RequestAborted).ConfigureAwait(false);
                    return EndpointContext.Ok(new JournalAnswer([.. page.Entries.Select(e => JournalEntryAnswer(e, options.Value.Environment))], page.ContinuationToken));
                }
                catch (ArgumentException ex)
                {
                    return TypedResults.ValidationProblem(
                        new Dictionary<string, string[]> { ["continuationToken"] = [$"The continuation token is not one this journal gave ({ex.Message}). Start again from the first page."] },
                        title: "The journal query is not valid");
                }
            }));

        changes.MapPost("/journal/{entryId:long}/dismiss", (long entryId, HttpContext http, IQuickBooksSync sync) =>
            ForCompany(http, async id => await sync.DismissAsync(id, entryId, http.RequestAborted).ConfigureAwait(false)
                ? TypedResults.NoContent()
                : EndpointContext.Problem(StatusCodes.Status404NotFound, "No such journal entry", $"There is no journal entry {entryId} for this company.")));

        // ---- Invoices ----
        api.MapGet("/invoices/{invoiceId}", (string invoiceId, HttpContext http, IQuickBooksSync sync) =>
            ForCompany(http, async id => EndpointContext.Ok(await sync.GetInvoiceStateAsync(id, invoiceId, http.RequestAborted).ConfigureAwait(false))));

        changes.MapPost("/invoices/{invoiceId}/sync", (string invoiceId, HttpContext http, IQuickBooksSync sync) =>
            ForCompany(http, async id => EndpointContext.Ok(await sync.SyncInvoiceNowAsync(id, invoiceId, http.RequestAborted).ConfigureAwait(false))));
    }

    /// <summary>A journal entry as stored, plus the link to its invoice in the QuickBooks web app when it names one.</summary>
    private static JsonObject JournalEntryAnswer(JournalEntry entry, QuickBooksEnvironment environment)
    {
        var node = JsonSerializer.SerializeToNode(entry, EndpointContext.Json)!.AsObject();
        node["quickBooksUrl"] = entry is { EntityType: SyncedEntityType.Invoice, QuickBooksId: { } id }
            ? QuickBooksLinks.Invoice(environment, id).ToString()
            : null;
        return node;
    }

    private static async Task<IResult> ForCompany(HttpContext http, Func<string, Task<IResult>> handle)
    {
        var (companyId, problem) = await EndpointContext.CompanyAsync(http).ConfigureAwait(false);
        return companyId is null ? problem! : await handle(companyId).ConfigureAwait(false);
    }

    private static ValidationProblem Invalid(SettingsValidationResult result, string detail)
    {
        var errors = result.Errors
            .GroupBy(p => JsonField(p.Field), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(p => $"{p.Message} {p.Fix}").ToArray(), StringComparer.Ordinal);
        return TypedResults.ValidationProblem(errors, detail: detail, title: "The QuickBooks settings are not valid",
            extensions: new Dictionary<string, object?> { ["problems"] = result.Problems.Select(ProblemAnswer.From).ToList() });
    }

    /// <summary>A settings field as the JSON body names it: <c>TaxMappings[1].QuickBooksTaxCode</c> → <c>taxMappings[1].quickBooksTaxCode</c>.</summary>
    internal static string JsonField(string field) =>
        string.Join('.', field.Split('.').Select(part => part.Length > 0 && char.IsUpper(part[0]) ? char.ToLowerInvariant(part[0]) + part[1..] : part));

    /// <summary>Reads a JSON body strictly: wrong types and unknown fields are a 400 naming the field.</summary>
    private static async Task<(T? Body, IResult? Problem)> ReadAsync<T>(HttpContext http)
        where T : class
    {
        if (!http.Request.HasJsonContentType())
        {
            return (null, EndpointContext.Problem(StatusCodes.Status415UnsupportedMediaType, "JSON expected", "Send the body as application/json."));
        }

        try
        {
            var body = await JsonSerializer.DeserializeAsync<T>(http.Request.Body, EndpointContext.Json, http.RequestAborted).ConfigureAwait(false);
            return body is null
                ? (null, TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["$"] = ["The body is empty; send the settings object."] }, title: "The request body is not valid"))
                : (body, null);
        }
        catch (JsonException ex)
        {
            var field = string.IsNullOrEmpty(ex.Path) || ex.Path == "$" ? "$" : ex.Path.StartsWith("$.", StringComparison.Ordinal) ? ex.Path[2..] : ex.Path;
            return (null, TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { [field] = [ex.Message] },
                title: "The request body is not valid",
                detail: "The body does not match the settings shape (a wrong type or an unknown field); nothing was saved."));
        }
    }

    private static (JournalQuery? Query, IResult? Problem) JournalQueryFrom(IQueryCollection q, string companyId)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var limit = 50;
        if (q.TryGetValue("limit", out var limitText) && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxJournalPage))
        {
            errors["limit"] = [$"'{limitText}' is not a page size; use a whole number from 1 to {MaxJournalPage}."];
        }

        var outcomes = new List<JournalOutcome>();
        foreach (var text in q["outcome"].SelectMany(v => (v ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            if (Enum.TryParse<JournalOutcome>(text, ignoreCase: true, out var outcome) && Enum.IsDefined(outcome) && !int.TryParse(text, out _))
            {
                outcomes.Add(outcome);
            }
            else
            {
                errors["outcome"] = [$"'{text}' is not an outcome; use {string.Join(", ", Enum.GetNames<JournalOutcome>())}."];
            }
        }

        var includeDismissed = true;
        if (q.TryGetValue("includeDismissed", out var dismissedText) && !bool.TryParse(dismissedText, out includeDismissed))
        {
            errors["includeDismissed"] = [$"'{dismissedText}' is not true or false."];
        }

        string? invoiceId = q["invoiceId"];
        if (errors.Count > 0)
        {
            return (null, TypedResults.ValidationProblem(errors, title: "The journal query is not valid"));
        }

        return (new JournalQuery
        {
            CompanyId = companyId,
            EntityType = string.IsNullOrWhiteSpace(invoiceId) ? null : SyncedEntityType.Invoice,
            RoAppEntityId = string.IsNullOrWhiteSpace(invoiceId) ? null : invoiceId,
            Outcomes = outcomes.Count > 0 ? outcomes : null,
            IncludeDismissed = includeDismissed,
            Limit = limit,
            ContinuationToken = string.IsNullOrEmpty(q["continuationToken"]) ? null : q["continuationToken"].ToString(),
        }, null);
    }
}

using System.Diagnostics;
using System.Reflection;
using RoApp.QuickBooksSync.Api.Http;
using RoApp.QuickBooksSync.Storage;

namespace RoApp.QuickBooksSync.Diagnostics;

/// <summary>
/// The library's one <see cref="ActivitySource"/> and the spans it starts. Spans carry the company and the
/// realm; metrics never do (see <see cref="SyncMetrics"/>). Every method returns <see langword="null"/> when
/// nobody listens, so an unobserved host pays next to nothing.
/// </summary>
internal static class SyncActivities
{
    /// <summary>Static, unlike the meter: an activity source has no factory, and listeners filter by name anyway.</summary>
    public static readonly ActivitySource Source = new(QuickBooksSyncDiagnostics.SourceName, LibraryVersion.Value);

    /// <summary>A client span for one logical API call, retries included: <c>QuickBooks create Invoice</c>.</summary>
    public static Activity? StartApiCall(ApiRequest request, ApiCallName name)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        var activity = Source.StartActivity($"QuickBooks {name.Operation} {name.Entity}", ActivityKind.Client);
        if (activity is null)
        {
            return null;
        }

        activity.SetTag(TagNames.RealmId, request.RealmId);
        activity.SetTag(TagNames.Operation, name.Operation);
        activity.SetTag(TagNames.Entity, name.Entity);
        activity.SetTag(TagNames.HttpMethod, request.Method.Method);
        if (request.RequestId is not null)
        {
            activity.SetTag(TagNames.RequestId, request.RequestId);
        }

        // The company is not part of an API request; a surrounding job or webhook span knows it.
        if (FindCompany(activity.Parent) is { } company)
        {
            activity.SetTag(TagNames.CompanyId, company);
        }

        return activity;
    }

    /// <summary>A span for one run of a work item: <c>QuickBooks job invoice.send</c>.</summary>
    public static Activity? StartJob(WorkItem item, string? realmId)
    {
        ArgumentNullException.ThrowIfNull(item);
        var activity = Source.StartActivity($"QuickBooks job {item.Kind}", ActivityKind.Internal);
        if (activity is null)
        {
            return null;
        }

        activity.SetTag(TagNames.CompanyId, item.CompanyId);
        activity.SetTag(TagNames.RealmId, realmId);
        activity.SetTag(TagNames.WorkKind, item.Kind);
        activity.SetTag(TagNames.WorkItemId, item.Id);
        activity.SetTag(TagNames.WorkAttempt, item.Attempts + 1);
        return activity;
    }

    /// <summary>A server span for one webhook delivery from Intuit (verify, parse, enqueue).</summary>
    public static Activity? StartWebhookDelivery() =>
        Source.StartActivity("QuickBooks webhook", ActivityKind.Server);

    /// <summary>Names the company and realm a span is about, once the code knows them.</summary>
    public static void SetCompany(Activity? activity, string? companyId, string? realmId)
    {
        if (activity is null)
        {
            return;
        }

        if (companyId is not null)
        {
            activity.SetTag(TagNames.CompanyId, companyId);
        }

        if (realmId is not null)
        {
            activity.SetTag(TagNames.RealmId, realmId);
        }
    }

    /// <summary>Marks a span failed with the error's kind and message (library messages carry no secrets).</summary>
    public static void SetFailure(Activity? activity, string errorType, Exception? exception)
    {
        if (activity is null)
        {
            return;
        }

        activity.SetTag(TagNames.ErrorType, errorType);
        activity.SetStatus(ActivityStatusCode.Error, exception?.Message);
    }

    private static string? FindCompany(Activity? activity)
    {
        for (var current = activity; current is not null; current = current.Parent)
        {
            if (current.Source == Source && current.GetTagItem(TagNames.CompanyId) is string company)
            {
                return company;
            }
        }

        return null;
    }
}

/// <summary>The library's informational version, reported as the source's and the meter's version.</summary>
internal static class LibraryVersion
{
    public static readonly string Value =
        typeof(LibraryVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(LibraryVersion).Assembly.GetName().Version?.ToString()
        ?? "0.0.0";
}

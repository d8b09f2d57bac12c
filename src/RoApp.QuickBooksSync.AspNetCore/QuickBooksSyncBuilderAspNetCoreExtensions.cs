using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection.Extensions;
using RoApp.QuickBooksSync.AspNetCore;
using RoApp.QuickBooksSync.DependencyInjection;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Chooses how the ASP.NET Core endpoints find the current RO App company.</summary>
public static class QuickBooksSyncBuilderAspNetCoreExtensions
{
    /// <summary>Registers the host's company resolver (a singleton; it may resolve scoped services from <see cref="HttpContext.RequestServices"/>).</summary>
    /// <typeparam name="TResolver">The host's resolver type.</typeparam>
    /// <param name="builder">The QuickBooks sync builder.</param>
    /// <returns>The builder, for chaining.</returns>
    public static IQuickBooksSyncBuilder UseCompanyResolver<TResolver>(this IQuickBooksSyncBuilder builder)
        where TResolver : class, IQuickBooksCompanyResolver
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Replace(ServiceDescriptor.Singleton<IQuickBooksCompanyResolver, TResolver>());
        return builder;
    }

    /// <summary>Finds the current RO App company with a delegate, e.g. <c>http =&gt; http.User.FindFirstValue("company_id")</c>.</summary>
    /// <param name="builder">The QuickBooks sync builder.</param>
    /// <param name="resolve">Returns the company id of the request, or <see langword="null"/> when the user has none.</param>
    /// <returns>The builder, for chaining.</returns>
    public static IQuickBooksSyncBuilder UseCompanyResolver(this IQuickBooksSyncBuilder builder, Func<HttpContext, string?> resolve)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(resolve);
        builder.Services.Replace(ServiceDescriptor.Singleton<IQuickBooksCompanyResolver>(
            new DelegateCompanyResolver((http, _) => ValueTask.FromResult(resolve(http)))));
        return builder;
    }

    /// <summary>Finds the current RO App company with an asynchronous delegate.</summary>
    /// <param name="builder">The QuickBooks sync builder.</param>
    /// <param name="resolve">Returns the company id of the request, or <see langword="null"/> when the user has none.</param>
    /// <returns>The builder, for chaining.</returns>
    public static IQuickBooksSyncBuilder UseCompanyResolver(this IQuickBooksSyncBuilder builder, Func<HttpContext, CancellationToken, ValueTask<string?>> resolve)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(resolve);
        builder.Services.Replace(ServiceDescriptor.Singleton<IQuickBooksCompanyResolver>(new DelegateCompanyResolver(resolve)));
        return builder;
    }
}

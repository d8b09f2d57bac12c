using Microsoft.AspNetCore.Http;

namespace RoApp.QuickBooksSync.AspNetCore;

/// <summary>
/// Finds the RO App company a request works on, from the signed-in user (a claim, a route value, a session):
/// the host knows, the library does not. Every endpoint except the webhook and the OAuth callback asks it; the
/// callback gets the company from the OAuth state issued at connect time.
/// </summary>
public interface IQuickBooksCompanyResolver
{
    /// <summary>The RO App company id of the current request, or <see langword="null"/> when the user has none (answered 403).</summary>
    /// <param name="httpContext">The current request.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    ValueTask<string?> GetCompanyIdAsync(HttpContext httpContext, CancellationToken cancellationToken);
}

/// <summary>A company resolver over a delegate.</summary>
internal sealed class DelegateCompanyResolver(Func<HttpContext, CancellationToken, ValueTask<string?>> resolve) : IQuickBooksCompanyResolver
{
    public ValueTask<string?> GetCompanyIdAsync(HttpContext httpContext, CancellationToken cancellationToken) => resolve(httpContext, cancellationToken);
}

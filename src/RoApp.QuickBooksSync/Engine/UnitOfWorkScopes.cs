using Microsoft.Extensions.DependencyInjection;

namespace RoApp.QuickBooksSync.Engine;

/// <summary>
/// A DI scope per unit of work (a job, a manual sync, a settings check): the host's gateway, and whatever it
/// depends on (a scoped <c>DbContext</c>, say), is resolved once per unit inside a scope of its own and disposed
/// with it, as the host's own requests do. The current scope flows with the unit's async calls; nested units
/// share the outer one.
/// </summary>
internal sealed class UnitOfWorkScopes(IServiceScopeFactory scopes)
{
    private static readonly AsyncLocal<IServiceProvider?> CurrentScope = new();

    /// <summary>The services of the unit of work running in this async flow, or <see langword="null"/> outside one.</summary>
    public static IServiceProvider? Current => CurrentScope.Value;

    /// <summary>Starts a unit of work (or joins the one already running in this flow).</summary>
    public UnitOfWork Begin()
    {
        if (CurrentScope.Value is not null)
        {
            return default;
        }

        var scope = scopes.CreateAsyncScope();
        CurrentScope.Value = scope.ServiceProvider;
        return new UnitOfWork(scope);
    }

    /// <summary>Ends the unit of work it started: the scope is left and disposed.</summary>
    internal readonly struct UnitOfWork : IAsyncDisposable
    {
        private readonly AsyncServiceScope? _scope;

        internal UnitOfWork(AsyncServiceScope scope) => _scope = scope;

        // Not async on purpose: leaving the scope must change the caller's flow, which an async method's would not.
        public ValueTask DisposeAsync()
        {
            if (_scope is not { } scope)
            {
                return ValueTask.CompletedTask;
            }

            CurrentScope.Value = null;
            return scope.DisposeAsync();
        }
    }
}

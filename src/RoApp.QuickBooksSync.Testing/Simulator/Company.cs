using RoApp.QuickBooksSync.Testing.Entities;
using RoApp.QuickBooksSync.Testing.Limits;

namespace RoApp.QuickBooksSync.Testing.Simulator;

/// <summary>A company's state and its limiter.</summary>
internal sealed class Company(RealmState state, SimulatedCompany info, TimeProvider time)
{
    public RealmState State { get; } = state;

    public SimulatedCompany Info { get; } = info;

    public RealmLimiter Limiter { get; } = new(time);
}

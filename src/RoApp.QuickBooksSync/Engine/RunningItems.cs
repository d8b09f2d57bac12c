namespace RoApp.QuickBooksSync.Engine;

/// <summary>
/// The worker's running items and how many of them each company has, so that a claim can skip the companies that
/// already hold their share of the slots (see <see cref="QuickBooksEngineOptions.MaxRunningItemsPerCompany"/>).
/// Used by the worker's loop alone, so it needs no locking.
/// </summary>
internal sealed class RunningItems(int perCompany, int perClaim)
{
    private readonly Dictionary<Task, string> _companyOf = [];
    private readonly Dictionary<string, int> _perCompany = new(StringComparer.Ordinal);

    public int Count => _companyOf.Count;

    public IReadOnlyCollection<Task> Tasks => _companyOf.Keys;

    public void Add(Task run, string companyId)
    {
        _companyOf.Add(run, companyId);
        _perCompany[companyId] = _perCompany.GetValueOrDefault(companyId) + 1;
    }

    public void RemoveCompleted()
    {
        foreach (var (run, companyId) in _companyOf.Where(r => r.Key.IsCompleted).ToList())
        {
            _companyOf.Remove(run);
            if (--_perCompany[companyId] == 0)
            {
                _perCompany.Remove(companyId);
            }
        }
    }

    /// <summary>
    /// What the next claim may take so that no company passes its share: companies at their share are skipped,
    /// and the per-company take is lowered to the fewest slots left to any company below its share (the loop
    /// claims again at once, so a lower take costs a claim, not throughput).
    /// </summary>
    public (IReadOnlyCollection<string> Excluded, int PerCompany) NextClaim()
    {
        var excluded = new List<string>();
        var take = perClaim;
        foreach (var (companyId, count) in _perCompany)
        {
            if (count >= perCompany)
            {
                excluded.Add(companyId);
            }
            else
            {
                take = Math.Min(take, perCompany - count);
            }
        }

        return (excluded, take);
    }
}

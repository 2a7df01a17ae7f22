namespace Kund.Domain.Drift;

/// <summary>What one check of one environment found, ignored items already taken out.</summary>
public sealed record DriftReport(IReadOnlyList<DriftItem> Items, IReadOnlyList<UnmanagedResource> Unmanaged)
{
    public static DriftReport InSync { get; } = new([], []);

    public DriftCheckStatus Status => Items.Count == 0 && Unmanaged.Count == 0 ? DriftCheckStatus.InSync : DriftCheckStatus.Drifted;

    /// <summary>The highest severity found; unmanaged resources count as functional. Null when in sync.</summary>
    public DriftSeverity? Highest =>
        Items.Count == 0 && Unmanaged.Count == 0
            ? null
            : Items.Select(i => i.Severity).Append(Unmanaged.Count > 0 ? DriftSeverity.Functional : DriftSeverity.Cosmetic).Max();

    /// <summary>
    /// The same findings in a stable order (most severe first, then by key and attribute), so two checks that
    /// found the same drift compare equal and are audited once.
    /// </summary>
    public DriftReport Ordered() => new(
        [.. Items.OrderByDescending(i => i.Severity).ThenBy(i => i.Key, StringComparer.Ordinal).ThenBy(i => i.Attribute, StringComparer.Ordinal)],
        [.. Unmanaged.OrderBy(u => u.Kind, StringComparer.Ordinal).ThenBy(u => u.CloudId, StringComparer.Ordinal)]);

    /// <summary>Drops what the team's ignore patterns name (see <see cref="DriftIgnore"/>).</summary>
    public DriftReport Without(DriftIgnore ignore) =>
        ignore.IsEmpty ? this : new([.. Items.Where(i => !ignore.Matches(i))], [.. Unmanaged.Where(u => !ignore.Matches(u))]);

    /// <summary>Drops the unmanaged resources a team said to leave alone, by cloud id.</summary>
    public DriftReport WithoutUnmanaged(IEnumerable<string> cloudIds)
    {
        var ignored = cloudIds.ToHashSet(StringComparer.Ordinal);
        return ignored.Count == 0 ? this : new(Items, [.. Unmanaged.Where(u => !ignored.Contains(u.CloudId))]);
    }

    /// <summary>A line for people and the audit: "3 items (highest Security), 1 unmanaged".</summary>
    public string Summary => Status == DriftCheckStatus.InSync
        ? "in sync"
        : $"{Items.Count} item{(Items.Count == 1 ? "" : "s")}{(Items.Count > 0 ? $" (highest {Items.Max(i => i.Severity)})" : "")}, {Unmanaged.Count} unmanaged";
}

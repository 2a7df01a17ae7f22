using Kund.Domain.Environments;

namespace Kund.Infrastructure.Environments;

/// <summary>Which environments a list shows: any of <see cref="Statuses"/> (all when empty), names containing <see cref="NameContains"/> (any case).</summary>
public sealed record EnvironmentListFilter(IReadOnlyCollection<EnvironmentStatus> Statuses, string? NameContains)
{
    /// <summary>What is or will be running: not destroyed, cancelled or rejected.</summary>
    public static IReadOnlyCollection<EnvironmentStatus> Active { get; } =
        [.. Enum.GetValues<EnvironmentStatus>().Where(s => s is not (EnvironmentStatus.Destroyed or EnvironmentStatus.Cancelled or EnvironmentStatus.Rejected))];
}

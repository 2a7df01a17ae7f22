using Kund.Domain.Drift;

namespace Kund.Infrastructure.Drift;

/// <summary>
/// <c>GET /api/environments/{id}/drift</c> (api.md): the latest check. <see cref="Status"/> is Checking while a
/// check is asked for or running (the items are then those of the check before), Unknown when none has
/// finished or the last could not read the cloud (<see cref="Error"/> says why).
/// </summary>
public sealed record DriftView(
    DateTimeOffset? CheckedAt,
    DriftCheckStatus Status,
    IReadOnlyList<DriftItem> Items,
    IReadOnlyList<UnmanagedResource> Unmanaged)
{
    public string? Error { get; init; }

    public string? RequestedBy { get; init; }

    /// <summary>The outcome of the last finished check, as the environment view's <c>drift</c> field shows it.</summary>
    public DriftState State { get; init; } = DriftState.Unknown;

    public static DriftView Never { get; } = new(null, DriftCheckStatus.Unknown, [], []);
}

using Kund.Domain.Drift;
using Kund.Domain.Environments;

namespace Kund.Infrastructure.Drift;

/// <summary>
/// The latest drift check of one environment (one row per environment, overwritten by each check; the audit
/// keeps the history of drift found). A request sets <see cref="Status"/> to Checking; the monitor that
/// claims it (<see cref="ClaimedAt"/>) writes the outcome.
/// </summary>
public sealed class DriftCheck : ITeamOwned
{
    public Guid EnvironmentId { get; set; }

    public string Team { get; set; } = "";

    public DriftCheckStatus Status { get; set; }

    /// <summary>The outcome of the last finished check, kept while a new one runs.</summary>
    public DriftState State { get; set; } = DriftState.Unknown;

    public DateTimeOffset? RequestedAt { get; set; }

    /// <summary>Who asked for the check now running; null for a scheduled one.</summary>
    public string? RequestedBy { get; set; }

    /// <summary>When a monitor took the request; a claim older than the claim timeout is taken over.</summary>
    public DateTimeOffset? ClaimedAt { get; set; }

    public DateTimeOffset? CheckedAt { get; set; }

    /// <summary>The items of the last finished check, as a JSON array (jsonb).</summary>
    public string Items { get; set; } = "[]";

    /// <summary>The unmanaged resources of the last finished check, as a JSON array (jsonb).</summary>
    public string Unmanaged { get; set; } = "[]";

    /// <summary>Why the last check could not read the cloud.</summary>
    public string? Error { get; set; }

    /// <summary>Read calls the last check made for this environment (its share of the batched calls included).</summary>
    public int ReadCalls { get; set; }

    /// <summary>
    /// A change was applied: the last report describes a cloud that is no more, so it stops counting — no
    /// items, state Unknown rather than a stale Drifted — and a new check is asked for (by nobody), which the
    /// next pass runs. A pass already running for the old request leaves its outcome to that next pass.
    /// </summary>
    public void Supersede(DateTimeOffset now)
    {
        Status = DriftCheckStatus.Checking;
        State = DriftState.Unknown;
        Items = "[]";
        Unmanaged = "[]";
        Error = null;
        RequestedAt = now;
        RequestedBy = null;
        ClaimedAt = null;
    }
}

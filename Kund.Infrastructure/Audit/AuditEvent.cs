using Kund.Domain.Environments;

namespace Kund.Infrastructure.Audit;

/// <summary>An audit row. Append-only: a database trigger refuses UPDATE, DELETE and TRUNCATE.</summary>
public sealed class AuditEvent : ITeamOwned
{
    public long Id { get; private set; }

    public DateTimeOffset At { get; private set; }

    public string Actor { get; private set; } = "";

    public string Action { get; private set; } = "";

    public string? Team { get; private set; }

    public Guid? EnvironmentId { get; private set; }

    public string? Subject { get; private set; }

    /// <summary>JSON object of string values (jsonb).</summary>
    public string Details { get; private set; } = "{}";

    public string PreviousHash { get; private set; } = "";

    public string Hash { get; private set; } = "";

    internal static AuditEvent Create(
        DateTimeOffset at, AuditEntry entry, string details, string previousHash, string hash) => new()
        {
            At = at,
            Actor = entry.Actor,
            Action = entry.Action,
            Team = entry.Team,
            EnvironmentId = entry.EnvironmentId,
            Subject = entry.Subject,
            Details = details,
            PreviousHash = previousHash,
            Hash = hash,
        };
}

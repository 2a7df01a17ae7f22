namespace Kund.Domain.Environments;

/// <summary>An object that belongs to one team; other teams' requesters never learn it exists.</summary>
public interface ITeamOwned
{
    /// <summary>The owning team's name, such as <c>team-a</c>; null for the few records of no team (some audit rows).</summary>
    string? Team { get; }
}

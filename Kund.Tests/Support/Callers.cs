using Kund.Infrastructure.Environments;

namespace Kund.Tests.Support;

/// <summary>The sandbox's demo users as the environment services see them.</summary>
public static class Callers
{
    public static Caller Alice { get; } = new("alice@kund.dev", new HashSet<string> { "team-a" }, SeesAllTeams: false, CanApprove: false, CanChange: true);

    public static Caller Bob { get; } = new("bob@kund.dev", new HashSet<string> { "team-b" }, SeesAllTeams: false, CanApprove: false, CanChange: true);

    public static Caller Carol { get; } = new("carol@kund.dev", new HashSet<string>(), SeesAllTeams: true, CanApprove: true, CanChange: true);

    public static Caller Dave { get; } = new("dave@kund.dev", new HashSet<string>(), SeesAllTeams: true, CanApprove: false, CanChange: false);

    /// <summary>An approver who is also a requester of team-a: four-eyes must still stop them approving their own request.</summary>
    public static Caller Erin { get; } = new("erin@kund.dev", new HashSet<string> { "team-a" }, SeesAllTeams: true, CanApprove: true, CanChange: true);
}

using Kund.Infrastructure.Identity;

namespace Kund.Tests.Support;

/// <summary>The sandbox's demo users as the environment services see them.</summary>
public static class Callers
{
    public static KundUser Alice { get; } = new(Guid.NewGuid(), "alice@kund.dev", "Alice", ["team-a"], [KundRoles.Requester]);

    public static KundUser Bob { get; } = new(Guid.NewGuid(), "bob@kund.dev", "Bob", ["team-b"], [KundRoles.Requester]);

    public static KundUser Carol { get; } = new(Guid.NewGuid(), "carol@kund.dev", "Carol", [], [KundRoles.Approver]);

    public static KundUser Dave { get; } = new(Guid.NewGuid(), "dave@kund.dev", "Dave", [], [KundRoles.Auditor]);

    /// <summary>An approver who is also a requester of team-a: four-eyes must still stop them approving their own request.</summary>
    public static KundUser Erin { get; } = new(Guid.NewGuid(), "erin@kund.dev", "Erin", ["team-a"], [KundRoles.Requester, KundRoles.Approver]);
}

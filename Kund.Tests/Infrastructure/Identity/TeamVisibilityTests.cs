using System.Security.Claims;
using Kund.Domain.Environments;
using Kund.Infrastructure.Identity;

namespace Kund.Tests.Infrastructure.Identity;

public class TeamVisibilityTests
{
    private static readonly KundUser Alice = new(Guid.NewGuid(), "alice@kund.dev", "Alice", ["team-a"], [KundRoles.Requester]);
    private static readonly KundUser Dave = new(Guid.NewGuid(), "dave@kund.dev", "Dave", [], [KundRoles.Auditor]);

    private sealed record Owned(string Name, string Team) : ITeamOwned;

    private static readonly Owned[] Rows = [new("a1", "team-a"), new("b1", "team-b"), new("a2", "team-a")];

    [Fact]
    public void VisibleTo_Requester_OnlyOwnTeamsRows()
    {
        var visible = Rows.AsQueryable().VisibleTo(Alice).Select(r => r.Name).ToList();

        Assert.Equal(["a1", "a2"], visible);
    }

    [Fact]
    public void VisibleTo_Auditor_EveryRow()
    {
        Assert.Equal(3, Rows.AsQueryable().VisibleTo(Dave).Count());
        Assert.True(Rows[1].IsVisibleTo(Dave));
        Assert.False(Rows[1].IsVisibleTo(Alice));
    }

    [Fact]
    public void CanRequestFor_OnlyRequestersOfThatTeam()
    {
        Assert.True(Alice.CanRequestFor("team-a"));
        Assert.False(Alice.CanRequestFor("team-b"));
        Assert.False(Dave.CanRequestFor("team-a"));
        Assert.False(Alice.CanSeeAllTeams);
        Assert.True(Dave.CanSeeAllTeams);
    }

    [Fact]
    public void FromPrincipal_RoundTrip_SameUserAndRolesWork()
    {
        var principal = Alice.ToPrincipal("test");

        var user = KundUser.FromPrincipal(principal)!;

        Assert.Equal(Alice.Id, user.Id);
        Assert.Equal(Alice.Email, user.Email);
        Assert.Equal(Alice.Teams, user.Teams);
        Assert.True(principal.IsInRole(KundRoles.Requester));
        Assert.Equal("Alice", principal.Identity!.Name);
        Assert.Null(KundUser.FromPrincipal(new ClaimsPrincipal(new ClaimsIdentity())));
    }
}

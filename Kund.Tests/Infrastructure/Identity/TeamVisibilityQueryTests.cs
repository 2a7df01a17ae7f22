using Kund.Domain.Environments;
using Kund.Infrastructure.Identity;
using Kund.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Kund.Tests.Infrastructure.Identity;

/// <summary><c>VisibleTo</c> translates to SQL on PostgreSQL for any entity with a Team property (not evaluated in memory).</summary>
public sealed class TeamVisibilityQueryTests : IAsyncLifetime
{
    private readonly TestDatabase database = new();

    public async Task InitializeAsync()
    {
        await database.InitializeAsync();
        await using var db = Context();
        await db.Database.EnsureCreatedAsync();
        db.Things.AddRange(new Thing { Name = "a1", Team = "team-a" }, new Thing { Name = "b1", Team = "team-b" }, new Thing { Name = "c1", Team = "team-c" });
        await db.SaveChangesAsync();
    }

    public Task DisposeAsync() => database.DisposeAsync();

    [Fact]
    public async Task VisibleTo_RequesterOfTwoTeams_SqlFiltersToThem()
    {
        var user = new KundUser(Guid.NewGuid(), "x@kund.dev", "X", ["team-a", "team-c"], [KundRoles.Requester]);
        await using var db = Context();

        var query = db.Things.VisibleTo(user).OrderBy(t => t.Name);
        var names = await query.Select(t => t.Name).ToListAsync();

        Assert.Equal(["a1", "c1"], names);
        Assert.Contains("\"Team\" = ANY (", query.ToQueryString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task VisibleTo_NoTeamsNoReadAll_Nothing()
    {
        var user = new KundUser(Guid.NewGuid(), "y@kund.dev", "Y", [], [KundRoles.Requester]);
        await using var db = Context();

        Assert.Equal(0, await db.Things.VisibleTo(user).CountAsync());
    }

    [Fact]
    public async Task VisibleTo_Approver_Everything()
    {
        var user = new KundUser(Guid.NewGuid(), "c@kund.dev", "C", [], [KundRoles.Approver]);
        await using var db = Context();

        Assert.Equal(3, await db.Things.VisibleTo(user).CountAsync());
    }

    private ThingContext Context() => new(new DbContextOptionsBuilder<ThingContext>().UseNpgsql(database.ConnectionString).Options);

    private sealed class Thing : ITeamOwned
    {
        public int Id { get; set; }

        public string Name { get; set; } = "";

        public string Team { get; set; } = "";
    }

    private sealed class ThingContext(DbContextOptions<ThingContext> options) : DbContext(options)
    {
        public DbSet<Thing> Things => Set<Thing>();
    }
}

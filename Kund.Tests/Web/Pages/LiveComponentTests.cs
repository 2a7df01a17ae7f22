using Bunit;
using Kund.Infrastructure.Progress;
using Kund.Tests.Support;
using Kund.Web.Components;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Kund.Tests.Web.Pages;

/// <summary>
/// What a live page does when the database cannot serve its work on an event: a busy pool delays the work
/// to a catch-up and the page goes on following; any other failure still reaches the circuit's error handling.
/// </summary>
public sealed class LiveComponentTests(KundAppFactory app) : PageTest, IClassFixture<KundAppFactory>
{
    private ProgressBroadcaster Broadcaster => app.Services.GetRequiredService<ProgressBroadcaster>();

    [Fact]
    public void Event_PoolExhausted_PageCatchesUpShortlyAndGoesOnFollowing()
    {
        this.AddTestServices(app, PageTestServices.Alice);
        var id = Guid.NewGuid();
        var cut = Render<Follower>(p => p.Add(x => x.Id, id).Add(x => x.Failure, PoolExhausted));
        cut.WaitForAssertion(() => Assert.Equal("1", cut.Find("[data-testid=catch-ups]").TextContent));

        Broadcaster.Publish(Event(id, 1));

        // The failed event's catch-up comes about two seconds later; the next event is followed as before.
        cut.WaitForAssertion(() => Assert.Equal("2", cut.Find("[data-testid=catch-ups]").TextContent), TimeSpan.FromSeconds(10));
        Broadcaster.Publish(Event(id, 2));
        cut.WaitForAssertion(() => Assert.Equal("2", cut.Find("[data-testid=seen]").TextContent), TimeSpan.FromSeconds(10));
        Assert.False(Renderer.UnhandledException.IsCompleted);
    }

    [Fact]
    public async Task Event_OtherFailure_ReachesTheCircuitsErrorHandling()
    {
        this.AddTestServices(app, PageTestServices.Alice);
        var id = Guid.NewGuid();
        var cut = Render<Follower>(p => p.Add(x => x.Id, id).Add(x => x.Failure, () => new InvalidOperationException("a bug")));
        cut.WaitForAssertion(() => Assert.Equal("1", cut.Find("[data-testid=catch-ups]").TextContent));

        Broadcaster.Publish(Event(id, 1));

        var error = await Renderer.UnhandledException.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("a bug", error.Message);
    }

    [Theory]
    [InlineData("Host=h;Maximum Pool Size=100", 25)]
    [InlineData("Host=h", 25)]
    [InlineData("Host=h;Maximum Pool Size=70", 17)]
    [InlineData("Host=h;Maximum Pool Size=3", 2)]
    public void LimitFor_PoolSize_AQuarterAndAtLeastTwo(string connectionString, int expected) =>
        Assert.Equal(expected, LiveReads.LimitFor(connectionString));

    /// <summary>What Npgsql throws, wrapped by EF Core's execution strategy, when no connection was free in time.</summary>
    private static Exception PoolExhausted() =>
        new InvalidOperationException("An exception has been raised that is likely due to a transient failure.", new NpgsqlException("The connection pool has been exhausted.", new TimeoutException()));

    private static ProgressNotification Event(Guid id, long seq) =>
        new(id, "team-a", seq, DateTimeOffset.UtcNow, "vpc", Kund.Domain.Resources.ResourceState.Creating, null, $"event {seq}", 10);

    /// <summary>Follows one environment; its first event fails with <see cref="Failure"/>, the later ones are shown.</summary>
    public sealed class Follower : LiveComponent
    {
        private readonly List<long> seen = [];
        private int catchUps;
        private bool failed;

        [Parameter]
        public Guid Id { get; set; }

        [Parameter]
        public Func<Exception> Failure { get; set; } = default!;

        protected override IEnumerable<ProgressKey> LiveKeys => [ProgressKey.Environment(Id)];

        protected override Task OnProgressAsync(ProgressNotification notification)
        {
            if (!failed)
            {
                failed = true;
                throw Failure();
            }

            seen.Add(notification.Seq);
            return Task.CompletedTask;
        }

        protected override Task OnCatchUpAsync()
        {
            catchUps++;
            return Task.CompletedTask;
        }

        protected override void BuildRenderTree(RenderTreeBuilder builder)
        {
            builder.AddMarkupContent(0, $"<p data-testid=\"seen\">{string.Join(",", seen)}</p><p data-testid=\"catch-ups\">{catchUps}</p>");
        }
    }
}

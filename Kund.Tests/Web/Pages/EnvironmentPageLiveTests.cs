using Bunit;
using Kund.Domain.Environments;
using Kund.Domain.Resources;
using Kund.Infrastructure.Environments;
using Kund.Infrastructure.Persistence;
using Kund.Infrastructure.Progress;
using Kund.Tests.Support;
using Kund.Web.Components.Pages.Environments;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Kund.Tests.Web.Pages;

/// <summary>
/// The environment page during a run: ids as they are recorded, progress by expected time with the time
/// left, retries read as information.
/// </summary>
public sealed class EnvironmentPageLiveTests : PageTest, IClassFixture<RealPaceApp>
{
    private readonly RealPaceApp app;

    public EnvironmentPageLiveTests(RealPaceApp app)
    {
        this.app = app;
        this.AddTestServices(app, PageTestServices.Alice);
    }

    private ProgressBroadcaster Broadcaster => app.Services.GetRequiredService<ProgressBroadcaster>();

    [Fact]
    public async Task Render_CloudIdRecordedWhileCreating_ShownBeforeReady()
    {
        var environment = await ProvisioningAsync("ids-early");
        var cut = Render<EnvironmentPage>(p => p.Add(x => x.Id, environment.Id));
        cut.WaitForAssertion(() => Assert.Equal("Provisioning", cut.Find("[data-testid=status-chip]").GetAttribute("data-status")), TimeSpan.FromSeconds(10));
        cut.WaitForAssertion(() => Assert.True(Broadcaster.SubscriberCount > 0));

        // What the worker records once CreateVpc answered, before the VPC is available.
        var at = DateTimeOffset.UtcNow;
        await RecordAsync(environment, ResourceKeys.Vpc, ResourceKind.Vpc, ResourceState.Creating, "vpc-0early", at);
        Broadcaster.Publish(new ProgressNotification(environment.Id, "team-a", 100, at, ResourceKeys.Vpc, ResourceState.Creating, null, "Created vpc-0early; waiting until it is ready.", 0));

        cut.WaitForAssertion(() => Assert.Contains("vpc-0early", cut.Find($"[data-testid=resource-table] tr[data-key='{ResourceKeys.Vpc}'] [data-testid=cloud-id]").TextContent, StringComparison.Ordinal), TimeSpan.FromSeconds(10));
        Assert.Equal("Provisioning", cut.Find("[data-testid=status-chip]").GetAttribute("data-status"));
    }

    [Fact]
    public async Task Render_SmallResourcesDoneClusterBusy_ProgressByTimeWithTimeLeft()
    {
        var environment = await ProvisioningAsync("by-time");
        var now = DateTimeOffset.UtcNow;
        var view = await app.WithAsync<EnvironmentQueries, EnvironmentView>(q => q.GetAsync(Callers.Alice, environment.Id, CancellationToken.None));

        // Everything but the cluster took a second; the cluster (ten minutes at AWS's pace) has just started.
        // Counting resources would say 14 of 15 done.
        foreach (var r in view.Resources)
        {
            var cluster = r.Kind == ResourceKind.EksCluster;
            await RecordAsync(environment, r.Key, r.Kind, cluster ? ResourceState.Creating : ResourceState.Created, cluster ? null : $"id-{r.Key}", now, cluster ? now : now.AddSeconds(-1));
        }

        var cut = Render<EnvironmentPage>(p => p.Add(x => x.Id, environment.Id));

        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=time-left]")), TimeSpan.FromSeconds(10));
        var percent = int.Parse(cut.Find("[data-testid=percent]").TextContent.Replace("%", "", StringComparison.Ordinal).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(percent, 0, 10);
        Assert.Contains("min left", cut.Find("[data-testid=time-left]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Render_ClockMovesBetweenEvents_OnlyTheClockPartsRenderAgain()
    {
        var environment = await ProvisioningAsync("clock-only");
        var started = DateTimeOffset.UtcNow.AddMinutes(-1);
        await RecordAsync(environment, ResourceKeys.Vpc, ResourceKind.Vpc, ResourceState.Creating, "vpc-0clock", started, started);
        var cut = Render<EnvironmentPage>(p => p.Add(x => x.Id, environment.Id));
        var elapsed = () => cut.Find($"[data-testid=resource-table] tr[data-key='{ResourceKeys.Vpc}'] td.kund-mono").TextContent;
        cut.WaitForAssertion(() => Assert.StartsWith("1:0", elapsed(), StringComparison.Ordinal), TimeSpan.FromSeconds(10));
        cut.WaitForAssertion(() => Assert.True(Broadcaster.SubscriberCount > 0));
        var graph = cut.FindComponent<Kund.Web.Components.Shared.ResourceGraphView>();

        // The drift panel takes the page's view (an object), so it renders whenever the page does. Counted from
        // the first tick on: the page renders once more when its subscription has caught up.
        var panel = cut.FindComponent<Kund.Web.Components.Shared.DriftPanel>();
        var shown = elapsed();
        cut.WaitForAssertion(() => Assert.NotEqual(shown, elapsed()), TimeSpan.FromSeconds(10));
        var (page, picture) = (panel.RenderCount, graph.RenderCount);

        // The elapsed time moves on with the clock, twice more, with no event in between.
        for (var tick = 0; tick < 2; tick++)
        {
            shown = elapsed();
            cut.WaitForAssertion(() => Assert.NotEqual(shown, elapsed()), TimeSpan.FromSeconds(10));
        }

        Assert.Equal(page, panel.RenderCount);
        Assert.Equal(picture, graph.RenderCount);
    }

    [Fact]
    public async Task Render_RetryWhileIamPropagates_ShownAsInformation()
    {
        var environment = await ProvisioningAsync("retry-info");
        var cut = Render<EnvironmentPage>(p => p.Add(x => x.Id, environment.Id));
        cut.WaitForAssertion(() => Assert.Equal("Provisioning", cut.Find("[data-testid=status-chip]").GetAttribute("data-status")), TimeSpan.FromSeconds(10));
        cut.WaitForAssertion(() => Assert.True(Broadcaster.SubscriberCount > 0));
        var retry = Kund.Domain.Execution.RetryNotice.For(
            new Kund.Domain.Execution.CloudOperationException(Kund.Domain.Execution.CloudErrorKind.NotYetConsistent, "InvalidParameterException", "The role cannot be assumed by EKS."),
            TimeSpan.FromSeconds(2));

        var retryEvent = await AppendAsync(environment, ResourceKeys.Cluster, ResourceState.Creating, retry);
        var failedEvent = await AppendAsync(environment, ResourceKeys.Vpc, ResourceState.Failed, "Failed: Boom.");

        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll($"[data-testid=event-log] [data-seq='{failedEvent.Sequence}']")), TimeSpan.FromSeconds(10));
        var retryLine = cut.Find($"[data-testid=event-log] [data-seq='{retryEvent.Sequence}']");
        Assert.Equal("retry", retryLine.GetAttribute("data-kind"));
        Assert.DoesNotContain("mud-error-text", retryLine.ClassName ?? "", StringComparison.Ordinal);
        Assert.Equal("error", cut.Find($"[data-testid=event-log] [data-seq='{failedEvent.Sequence}']").GetAttribute("data-kind"));
    }

    [Fact]
    public async Task Render_FollowsItsEnvironmentOnly()
    {
        var environment = await ProvisioningAsync("keyed");
        var key = ProgressKey.Environment(environment.Id);
        var cut = Render<EnvironmentPage>(p => p.Add(x => x.Id, environment.Id));

        cut.WaitForAssertion(() => Assert.Equal(1, Broadcaster.SubscriberCountOf(key)), TimeSpan.FromSeconds(10));
        Assert.Equal(0, Broadcaster.SubscriberCountOf(ProgressKey.Team("team-a")));

        await DisposeComponentsAsync();
        Assert.Equal(0, Broadcaster.SubscriberCountOf(key));
    }

    /// <summary>A submitted, approved request whose run has started (no worker picks it up: the job row is not there).</summary>
    private async Task<TeamEnvironment> ProvisioningAsync(string name)
    {
        var draft = await app.WithAsync<EnvironmentService, TeamEnvironment>(s => s.CreateDraftAsync(Callers.Alice, SeedSpecs.Payments(name), CancellationToken.None));
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KundDbContext>();
        await db.Database.ExecuteSqlAsync($"""update environments set "Status" = 'Provisioning' where "Id" = {draft.Id}""");
        return draft;
    }

    /// <summary>A progress event as the worker writes it: stored and NOTIFYed in one transaction.</summary>
    private async Task<ProgressEvent> AppendAsync(TeamEnvironment environment, string key, ResourceState state, string message)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KundDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync();
        var appended = await scope.ServiceProvider.GetRequiredService<ProgressWriter>().AppendAsync(db, environment.Id, environment.Team, message, 40, key, state);
        await transaction.CommitAsync();
        return appended;
    }

    private async Task RecordAsync(TeamEnvironment environment, string key, ResourceKind kind, ResourceState state, string? cloudId, DateTimeOffset at, DateTimeOffset? startedAt = null)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KundDbContext>();
        var record = await db.Set<ResourceRecord>().SingleOrDefaultAsync(r => r.EnvironmentId == environment.Id && r.Key == key);
        if (record is null)
        {
            record = new ResourceRecord { EnvironmentId = environment.Id, Key = key, Team = environment.Team, Kind = kind };
            db.Add(record);
        }

        record.State = state;
        record.CloudId = cloudId;
        record.StartedAt = startedAt ?? at;
        record.UpdatedAt = at;
        await db.SaveChangesAsync();
    }
}

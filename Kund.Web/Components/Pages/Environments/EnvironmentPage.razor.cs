using System.Globalization;
using Kund.Domain.Environments;
using Kund.Domain.Execution;
using Kund.Domain.Planning;
using Kund.Domain.Resources;
using Kund.Infrastructure.Environments;
using Kund.Infrastructure.Progress;
using Kund.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using MudBlazor;

namespace Kund.Web.Components.Pages.Environments;

/// <summary>
/// One environment, live: asks <see cref="EnvironmentPageQueries"/> for the view, its plan and critical
/// path, then follows the environment's events through a <see cref="ProgressTimeline"/> (which fills any
/// gap from the store). A resource event re-reads the view, so a cloud id shows as soon as it is recorded.
/// </summary>
public partial class EnvironmentPage
{
    private readonly Dictionary<string, LiveResource> live = new(StringComparer.Ordinal);
    private readonly List<LogLine> events = [];
    private ProgressTimeline? timeline;
    private EnvironmentPageModel? model;
    private EnvironmentView? view;
    private IReadOnlyList<string> criticalPath = [];
    private bool notFound;
    private bool busy;
    private int eventPercent;
    private bool stale;
    private bool reloading;

    /// <summary>The environment's id.</summary>
    [Parameter]
    public Guid Id { get; set; }

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [Inject]
    private IJSRuntime Js { get; set; } = default!;

    [Inject]
    private TimeProvider Time { get; set; } = default!;


    protected override IEnumerable<ProgressKey> LiveKeys => [ProgressKey.Environment(Id)];

    private IReadOnlyList<GraphNode> Nodes =>
        view is null ? [] : [.. view.Resources.Select(r => new GraphNode(r.Key, r.Kind, r.DependsOn, LiveOf(r).State))];

    /// <summary>Whether elapsed times, the estimate and the time left move on between events: the clock parts of the page tick.</summary>
    private bool Ticks => Running || live.Values.Any(r => r.State is ResourceState.Creating or ResourceState.Deleting);

    private bool Running => view?.Status is EnvironmentStatus.Provisioning or EnvironmentStatus.Updating or EnvironmentStatus.Destroying;

    /// <summary>While a run is going, how far it is by expected time; otherwise what the last event said.</summary>
    private RunEstimate Estimate
    {
        get
        {
            // A change run's nodes mostly exist already: its own count of work done says more than the expected times.
            if (view is null || model is null || !Running || view.Status == EnvironmentStatus.Updating)
            {
                return new RunEstimate(view?.Status is EnvironmentStatus.Ready or EnvironmentStatus.Destroyed ? 100 : eventPercent, TimeSpan.Zero);
            }

            var nodes = view.Resources.Select(r =>
            {
                var now = LiveOf(r);
                return new EstimateNode(r.Key, r.Kind, r.DependsOn, now.State, now.StartedAt);
            }).ToList();
            return RunEstimate.Of(nodes, view.Status == EnvironmentStatus.Destroying, model.Latency, Time.GetUtcNow());
        }
    }

    protected override async Task OnParametersSetAsync()
    {
        events.Clear();
        live.Clear();
        timeline = new ProgressTimeline((after, token) => Kund.QueryAsync((q, c) => q.GetEventsAsync(c, Id, after, token)));
        try
        {
            await LoadAsync();
            await timeline.CatchUpAsync(ApplyAsync);
            await ReloadIfStaleAsync();
        }
        catch (EnvironmentNotFoundException)
        {
            notFound = true;
        }
    }

    // Whatever committed between the first load and the subscription, or while the LISTEN connection was down.
    protected override async Task OnCatchUpAsync()
    {
        if (model is not null && timeline is not null)
        {
            await timeline.CatchUpAsync(ApplyAsync);
            await ReloadIfStaleAsync();
        }
    }

    protected override async Task OnProgressAsync(ProgressNotification notification)
    {
        if (notification.EnvironmentId == Id && model is not null && timeline is not null)
        {
            await timeline.FollowAsync(notification.ToEvent(), ApplyAsync);
            await ReloadIfStaleAsync();
        }
    }

    private async Task LoadAsync()
    {
        // Cleared before the read: an event that arrives while it runs marks the view stale again.
        stale = false;
        try
        {
            model = await Kund.WithAsync<EnvironmentPageQueries, EnvironmentPageModel>((q, c) => q.GetAsync(c, Id, CancellationToken.None));
        }
        catch
        {
            stale = true;
            throw;
        }

        view = model.View;
        criticalPath = model.CriticalPath;
        foreach (var r in model.View.Resources)
        {
            // The newer of what the store and the live events say.
            var stored = new LiveResource(r.State, r.StartedAt, r.UpdatedAt);
            if (!live.TryGetValue(r.Key, out var known) || stored.Since >= known.Since)
            {
                live[r.Key] = stored;
            }
        }
    }

    /// <summary>
    /// Reads the environment again while events have made the view stale, one read at a time: events that
    /// arrive during a read only mark it stale, and the running one reads once more after it, so a burst of
    /// events costs the page one or two reads, not one each.
    /// </summary>
    private async Task ReloadIfStaleAsync()
    {
        if (reloading)
        {
            return;
        }

        reloading = true;
        try
        {
            while (stale)
            {
                await LoadAsync();
            }
        }
        finally
        {
            reloading = false;
        }
    }

    /// <summary>Adds one event to the log and the live states; marks the view stale when the event changed what it shows.</summary>
    private Task ApplyAsync(ProgressEvent e)
    {
        events.Add(new LogLine(e.Sequence, e.At, e.Message, LineKindOf(e)));
        if (events.Count > 500)
        {
            events.RemoveAt(0);
        }

        eventPercent = e.Percent;
        if (e.ResourceKey is { } key && e.State is { } state)
        {
            var before = live.GetValueOrDefault(key);
            live[key] = state is ResourceState.Creating or ResourceState.Deleting
                ? new LiveResource(state, before?.State == state ? before.StartedAt : e.At, null)
                : new LiveResource(state, before?.StartedAt, e.At);

            // A cloud id, an output or an error may have been recorded with it.
            stale = true;
        }

        if (e.Status is { } status && view is not null && Enum.TryParse<EnvironmentStatus>(status, out var parsed) && parsed != view.Status)
        {
            stale = true;
        }

        return Task.CompletedTask;
    }

    private static LineKind LineKindOf(ProgressEvent e) =>
        e.State == ResourceState.Failed || e.Status == nameof(EnvironmentStatus.Failed) ? LineKind.Error
        : RetryNotice.Is(e.Message) ? LineKind.Retry
        : LineKind.Normal;

    private static string? LineClass(LineKind kind) => kind switch
    {
        LineKind.Normal => null,
        LineKind.Retry => "mud-info-text",
        LineKind.Error => "mud-error-text",
    };

    private LiveResource LiveOf(ResourceView r) => live.GetValueOrDefault(r.Key) ?? new LiveResource(r.State, r.StartedAt, r.UpdatedAt);

    private string Elapsed(LiveResource r)
    {
        if (r.StartedAt is not { } started || r.State == ResourceState.Pending)
        {
            return "";
        }

        var end = r.State is ResourceState.Creating or ResourceState.Deleting ? Time.GetUtcNow() : r.UpdatedAt ?? Time.GetUtcNow();
        var span = end - started;
        return span < TimeSpan.Zero ? "" : span.TotalHours >= 1
            ? span.ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture)
            : span.ToString(@"m\:ss", CultureInfo.InvariantCulture);
    }

    private List<(string Label, string Value)> Outputs()
    {
        var outputs = new List<(string, string)>();
        if (view is null)
        {
            return outputs;
        }

        var o = view.Outputs;
        if (o.VpcId is not null)
        {
            outputs.Add(("VPC", o.VpcId));
        }

        outputs.AddRange(o.SubnetIds.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => ($"Subnet {s.Key}", s.Value)));
        if (o.RoleArn is not null)
        {
            outputs.Add(("Cluster role", o.RoleArn));
        }

        if (o.ClusterArn is not null)
        {
            outputs.Add(("Cluster", o.ClusterArn));
        }

        if (o.ClusterEndpoint is not null)
        {
            outputs.Add(("Endpoint", o.ClusterEndpoint));
        }

        return outputs;
    }

    private async Task CopyAsync(string value)
    {
        try
        {
            await Js.InvokeVoidAsync("navigator.clipboard.writeText", value);
            Snackbar.Add("Copied.", Severity.Normal);
        }
        catch (JSException)
        {
            Snackbar.Add("The browser did not allow copying; select the text instead.", Severity.Warning);
        }
    }

    private static string ActionLabel(EnvironmentAction action) => EnvironmentActions.Label(action);

    private static Color ActionColour(EnvironmentAction action) => EnvironmentActions.Colour(action);

    private async Task ConfirmAsync(EnvironmentAction action)
    {
        if (view is null)
        {
            return;
        }

        if (action is EnvironmentAction.UpdateSpec or EnvironmentAction.Revise)
        {
            Navigation.NavigateTo($"/environments/{Id}/edit");
            return;
        }

        var confirmation = await EnvironmentActions.ConfirmAsync(Dialogs, view, action);
        if (confirmation is null)
        {
            return;
        }

        busy = true;
        try
        {
            await TryAsync(() => EnvironmentActions.RunAsync(Kund, Id, action, confirmation), EnvironmentActions.Done(action));
            await LoadAsync();
            await OnCatchUpAsync();
        }
        catch (EnvironmentNotFoundException)
        {
            notFound = true;
            model = null;
            view = null;
        }
        finally
        {
            busy = false;
        }
    }

    private sealed record LiveResource(ResourceState State, DateTimeOffset? StartedAt, DateTimeOffset? UpdatedAt)
    {
        /// <summary>When this state was reached, to tell the newer of two accounts.</summary>
        public DateTimeOffset Since => UpdatedAt ?? StartedAt ?? DateTimeOffset.MinValue;
    }

    private sealed record LogLine(long Seq, DateTimeOffset At, string Message, LineKind Kind);

    private enum LineKind
    {
        Normal,
        Retry,
        Error,
    }
}

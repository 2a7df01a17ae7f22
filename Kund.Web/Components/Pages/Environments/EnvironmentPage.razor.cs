using System.Globalization;
using Kund.Domain.Environments;
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
/// One environment, live: loads the view and the log, then follows the broadcaster for this environment.
/// A notification that skips sequence numbers (a reconnect, a reload) first catches up from the store, so
/// the log never has gaps.
/// </summary>
public partial class EnvironmentPage
{
    private readonly Dictionary<string, LiveResource> live = new(StringComparer.Ordinal);
    private readonly List<LogLine> events = [];
    private EnvironmentView? view;
    private IReadOnlyList<string> criticalPath = [];
    private bool notFound;
    private bool busy;
    private int percent;
    private long lastSeq;
    private IDisposable? subscription;
    private IDisposable? reconnected;
    private ITimer? ticker;

    /// <summary>The environment's id.</summary>
    [Parameter]
    public Guid Id { get; set; }

    [Inject]
    private ProgressBroadcaster Broadcaster { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [Inject]
    private IJSRuntime Js { get; set; } = default!;

    [Inject]
    private TimeProvider Time { get; set; } = default!;

    private IReadOnlyList<GraphNode> Nodes =>
        view is null ? [] : [.. view.Resources.Select(r => new GraphNode(r.Key, r.Kind, r.DependsOn, LiveOf(r).State))];

    protected override async Task OnParametersSetAsync()
    {
        events.Clear();
        lastSeq = 0;
        try
        {
            await LoadViewAsync();
            await CatchUpAsync();
        }
        catch (EnvironmentNotFoundException)
        {
            notFound = true;
        }
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender)
        {
            subscription = Broadcaster.Subscribe(OnProgressAsync);
            reconnected = Broadcaster.OnReconnected(OnReconnectedAsync);

            // Elapsed times of busy resources move on between events.
            ticker = Time.CreateTimer(_ => _ = InvokeAsync(Tick), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
            if (view is not null)
            {
                // Whatever committed between the first load and the subscription.
                await CatchUpAsync();
                StateHasChanged();
            }
        }
    }

    // Events committed while the node's LISTEN connection was down were never relayed: read them now.
    private Task OnReconnectedAsync() => view is null ? Task.CompletedTask : InvokeAsync(async () =>
    {
        try
        {
            await CatchUpAsync();
            StateHasChanged();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            await DispatchExceptionAsync(ex);
        }
    });

    private Task OnProgressAsync(ProgressNotification notification) =>
        notification.EnvironmentId != Id || view is null ? Task.CompletedTask : InvokeAsync(async () =>
        {
            try
            {
                await ApplyAsync(notification);
                StateHasChanged();
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                await DispatchExceptionAsync(ex);
            }
        });

    private async Task ApplyAsync(ProgressNotification n)
    {
        if (n.Seq <= lastSeq)
        {
            return;
        }

        if (n.Seq > lastSeq + 1)
        {
            await CatchUpAsync();
        }

        var statusChanged = Apply(new LogLine(n.Seq, n.At, n.ResourceKey, n.State, n.Status, n.Message, n.Percent));
        if (statusChanged)
        {
            await LoadViewAsync();
        }
    }

    private async Task LoadViewAsync()
    {
        view = await Kund.QueryAsync((q, c) => q.GetAsync(c, Id, CancellationToken.None));
        live.Clear();
        foreach (var r in view.Resources)
        {
            live[r.Key] = new LiveResource(r.State, r.StartedAt, r.UpdatedAt);
        }

        criticalPath = (await Kund.QueryAsync((q, c) => q.GetPlanAsync(c, Id, CancellationToken.None))).CriticalPath;
        if (criticalPath.Count == 0)
        {
            // Nothing left to do (Ready): mark the path that set how long the creation took.
            criticalPath = new Planner().PlanCreate(ResourceGraphBuilder.Build(view.Spec), []).CriticalPath;
        }
        if (view.Status == EnvironmentStatus.Ready)
        {
            percent = 100;
        }
    }

    private async Task CatchUpAsync()
    {
        var missed = await Kund.QueryAsync((q, c) => q.GetEventsAsync(c, Id, lastSeq, CancellationToken.None));
        var statusChanged = false;
        foreach (var e in missed)
        {
            statusChanged |= Apply(new LogLine(e.Sequence, e.At, e.ResourceKey, e.State, e.Status, e.Message, e.Percent));
        }

        if (statusChanged && view is not null && missed.Count > 0 && Enum.TryParse<EnvironmentStatus>(missed[^1].Status ?? "", out var latest) && latest != view.Status)
        {
            await LoadViewAsync();
        }
    }

    /// <summary>Adds one event to the log and the live states; true when it changed the environment's status.</summary>
    private bool Apply(LogLine e)
    {
        if (e.Seq <= lastSeq)
        {
            return false;
        }

        lastSeq = e.Seq;
        events.Add(e);
        if (events.Count > 500)
        {
            events.RemoveAt(0);
        }

        percent = e.Percent;
        if (e.ResourceKey is { } key && e.State is { } state)
        {
            var before = live.GetValueOrDefault(key);
            live[key] = state is ResourceState.Creating or ResourceState.Deleting
                ? new LiveResource(state, e.At, null)
                : new LiveResource(state, before?.StartedAt, e.At);
        }

        if (e.Status is { } status && view is not null && Enum.TryParse<EnvironmentStatus>(status, out var parsed))
        {
            var changed = parsed != view.Status;
            view = view with { Status = parsed };
            return changed;
        }

        return false;
    }

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

        var comment = await EnvironmentActions.ConfirmAsync(Dialogs, view, action);
        if (comment is null)
        {
            return;
        }

        busy = true;
        try
        {
            await TryAsync(() => EnvironmentActions.RunAsync(Kund, Id, action, comment), EnvironmentActions.Done(action));
            await LoadViewAsync();
            await CatchUpAsync();
        }
        catch (EnvironmentNotFoundException)
        {
            notFound = true;
            view = null;
        }
        finally
        {
            busy = false;
        }
    }

    private void Tick()
    {
        if (live.Values.Any(r => r.State is ResourceState.Creating or ResourceState.Deleting))
        {
            StateHasChanged();
        }
    }

    public void Dispose()
    {
        subscription?.Dispose();
        reconnected?.Dispose();
        ticker?.Dispose();
        GC.SuppressFinalize(this);
    }

    private sealed record LiveResource(ResourceState State, DateTimeOffset? StartedAt, DateTimeOffset? UpdatedAt);

    private sealed record LogLine(long Seq, DateTimeOffset At, string? ResourceKey, ResourceState? State, string? Status, string Message, int Percent);
}

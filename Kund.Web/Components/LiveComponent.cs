using Kund.Infrastructure.Progress;
using Microsoft.AspNetCore.Components;

namespace Kund.Web.Components;

/// <summary>
/// Base of whatever follows progress live (pages, the pending badge): subscribes to its
/// <see cref="LiveKeys"/> once it has rendered interactively, runs each event on the renderer's dispatcher,
/// re-renders, turns a failure into the circuit's error handling, and unsubscribes on dispose. The keys are
/// read after every render, so a component shown for another environment moves its subscription.
/// </summary>
public abstract class LiveComponent : KundComponent, IDisposable
{
    private IDisposable? subscription;
    private ProgressKey[] followed = [];
    private bool disposed;

    [Inject]
    private ProgressBroadcaster Broadcaster { get; set; } = default!;

    /// <summary>What to follow now; empty follows nothing (yet).</summary>
    protected abstract IEnumerable<ProgressKey> LiveKeys { get; }

    /// <summary>One event of a followed key, on the dispatcher; the component renders afterwards.</summary>
    protected abstract Task OnProgressAsync(ProgressNotification notification);

    /// <summary>
    /// Reads what was not relayed: runs right after subscribing (what committed between the first load and
    /// the subscription) and after the notification connection came back.
    /// </summary>
    protected virtual Task OnCatchUpAsync() => Task.CompletedTask;

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        var keys = LiveKeys.Distinct().ToArray();
        if (disposed || keys.SequenceEqual(followed))
        {
            return;
        }

        subscription?.Dispose();
        followed = keys;
        subscription = keys.Length == 0 ? null : Broadcaster.Subscribe(keys, n => DispatchAsync(() => OnProgressAsync(n)), () => DispatchAsync(OnCatchUpAsync));
        if (subscription is not null)
        {
            await RunAsync(OnCatchUpAsync);
        }
    }

    private Task DispatchAsync(Func<Task> work) => disposed ? Task.CompletedTask : InvokeAsync(() => RunAsync(work));

    private async Task RunAsync(Func<Task> work)
    {
        try
        {
            await work();
            if (!disposed)
            {
                StateHasChanged();
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            await DispatchExceptionAsync(ex);
        }
    }

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Unsubscribes; components with more to release override and call the base.</summary>
    protected virtual void Dispose(bool disposing)
    {
        disposed = true;
        if (disposing)
        {
            subscription?.Dispose();
            subscription = null;
        }
    }
}

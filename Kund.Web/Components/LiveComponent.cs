using Kund.Infrastructure.Persistence;
using Kund.Infrastructure.Progress;
using Microsoft.AspNetCore.Components;

namespace Kund.Web.Components;

/// <summary>
/// Base of whatever follows progress live (pages, the pending badge): subscribes to its
/// <see cref="LiveKeys"/> once it has rendered interactively, runs each event on the renderer's dispatcher,
/// re-renders, and unsubscribes on dispose. A busy or unreachable database delays the work (a catch-up shortly
/// after); any other failure goes to the circuit's error handling. At most <see cref="LiveReads.Limit"/>
/// components of the process work at once. The keys are read after every render, so a component shown for
/// another environment moves its subscription.
/// </summary>
public abstract class LiveComponent : KundComponent, IDisposable
{
    private IDisposable? subscription;
    private ProgressKey[] followed = [];
    private bool disposed;

    /// <summary>How soon a component whose work met a busy or unreachable database catches up again.</summary>
    internal static readonly TimeSpan RetryAfterDatabaseFailure = TimeSpan.FromSeconds(2);

    private int retryScheduled;

    [Inject]
    private ProgressBroadcaster Broadcaster { get; set; } = default!;

    [Inject]
    private LiveReads Reads { get; set; } = default!;

    [Inject]
    private TimeProvider Time { get; set; } = default!;

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
            using (await Reads.EnterAsync())
            {
                await work();
            }

            if (!disposed)
            {
                StateHasChanged();
            }
        }
        catch (Exception ex) when (TransientDatabaseFailure.Is(ex) && !disposed)
        {
            // A busy pool or a database away for a moment: the page keeps what it shows and catches up shortly,
            // rather than ending the person's circuit.
            Logger.LogWarning("{Component} could not follow progress ({Reason}); it catches up in {Delay} s", GetType().Name, TransientDatabaseFailure.Describe(ex), RetryAfterDatabaseFailure.TotalSeconds);
            _ = CatchUpLaterAsync();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            await DispatchExceptionAsync(ex);
        }
    }

    /// <summary>One catch-up after <see cref="RetryAfterDatabaseFailure"/>, however many failures asked for it meanwhile.</summary>
    private async Task CatchUpLaterAsync()
    {
        if (Interlocked.Exchange(ref retryScheduled, 1) == 1)
        {
            return;
        }

        await Task.Delay(RetryAfterDatabaseFailure, Time);
        Volatile.Write(ref retryScheduled, 0);
        await DispatchAsync(OnCatchUpAsync);
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

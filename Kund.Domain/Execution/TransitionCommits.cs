namespace Kund.Domain.Execution;

/// <summary>
/// Group commit of a run's node transitions. One flush at a time hands the observer every transition that
/// is waiting (so observer calls never overlap), and each caller returns once its own transition is in.
/// Independent nodes that finish while a commit is under way share the next one instead of each waiting
/// for all the commits queued before theirs.
/// </summary>
internal sealed class TransitionCommits(IExecutionObserver observer, Func<bool> failed, Action<Exception> fail, CancellationToken stopping)
{
    private readonly Lock _lock = new();
    private List<Pending> _waiting = [];
    private bool _flushing;

    /// <summary>Completes when the observer has <paramref name="transition"/>; throws what the observer threw.</summary>
    public Task CommitAsync(NodeTransition transition)
    {
        var pending = new Pending(transition, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        bool start;
        lock (_lock)
        {
            _waiting.Add(pending);
            start = !_flushing;
            _flushing = true;
        }

        if (start)
        {
            _ = FlushAllAsync();
        }

        return pending.Done.Task;
    }

    private async Task FlushAllAsync()
    {
        while (true)
        {
            List<Pending> batch;
            lock (_lock)
            {
                if (_waiting.Count == 0)
                {
                    _flushing = false;
                    return;
                }

                batch = _waiting;
                _waiting = [];
            }

            await FlushAsync(batch);
        }
    }

    private async Task FlushAsync(List<Pending> batch)
    {
        try
        {
            stopping.ThrowIfCancellationRequested();
            if (failed())
            {
                throw new OperationCanceledException("The run is stopping.");
            }

            try
            {
                await observer.OnTransitionsAsync([.. batch.Select(p => p.Transition)], stopping);
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !stopping.IsCancellationRequested)
            {
                fail(exception);
                throw;
            }

            foreach (var pending in batch)
            {
                pending.Done.TrySetResult();
            }
        }
        catch (Exception exception)
        {
            foreach (var pending in batch)
            {
                pending.Done.TrySetException(exception);
            }
        }
    }

    private sealed record Pending(NodeTransition Transition, TaskCompletionSource Done);
}

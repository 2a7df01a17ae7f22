using System.Runtime.ExceptionServices;
using System.Threading.Channels;
using Kund.Domain.Planning;
using Kund.Domain.Resources;

namespace Kund.Domain.Execution;

/// <summary>
/// The state of one <see cref="PlanExecutor.RunAsync"/>. The scheduler is a single loop that owns the
/// in-degree counters and the ready queue; node tasks only post their completion to a channel, so the
/// loop needs no locks and does O(nodes + edges) work in total.
/// Awaits keep the caller's context on purpose (no <c>ConfigureAwait(false)</c>): the deterministic
/// fake-clock tests run the whole executor on one single-threaded context.
/// </summary>
internal sealed partial class ExecutionRun : IDisposable
{
    private readonly ExecutionRequest _request;
    private readonly ResourceGraph _graph;
    private readonly TimeProvider _time;
    private readonly Func<double> _sample;
    private readonly CancellationToken _callerToken;
    private readonly CancellationTokenSource _stop;
    private readonly TransitionCommits _commits;
    private readonly Channel<Completion> _completions =
        Channel.CreateUnbounded<Completion>(new UnboundedChannelOptions { SingleReader = true });

    private readonly NodeProgress[] _progress;
    private readonly bool _destroy;

    // What stops the run: the observer's exception (a lost lease, a dead database) or a bug.
    private Exception? _fatal;

    // A node was refused its start (the run was asked to stop): nothing more starts.
    private bool _halted;

    public ExecutionRun(ExecutionRequest request, TimeProvider time, Func<double> sample, CancellationToken callerToken)
    {
        _request = request;
        _graph = request.Graph;
        _time = time;
        _sample = sample;
        _callerToken = callerToken;
        _stop = CancellationTokenSource.CreateLinkedTokenSource(callerToken);
        _destroy = request.Mode == ExecutionMode.Destroy;
        _commits = new TransitionCommits(
            request.Observer, () => Volatile.Read(ref _fatal) is not null, exception => Interlocked.CompareExchange(ref _fatal, exception, null), _stop.Token);
        _progress = new NodeProgress[_graph.Count];
        for (var i = 0; i < _progress.Length; i++)
        {
            _progress[i] = new NodeProgress();
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var recorded in request.Recorded)
        {
            if (!seen.Add(recorded.Key))
            {
                throw new ArgumentException($"The node '{recorded.Key}' is recorded twice.", nameof(request));
            }

            // A recorded key the graph does not know belongs to another graph; the planner owns that case.
            if (_graph.Contains(recorded.Key))
            {
                var progress = _progress[_graph.IndexOf(recorded.Key)];
                progress.Recorded = recorded;
                progress.State = recorded.State;
                progress.Resource = recorded.Resource;
            }
        }
    }

    private enum CompletionKind
    {
        Succeeded,
        Failed,
        Stopped,

        /// <summary>Refused by <see cref="ExecutionRequest.MayStartAsync"/>: never started, nothing recorded.</summary>
        NotStarted,
    }

    public async Task<ExecutionResult> RunAsync()
    {
        var startedAt = _time.GetUtcNow();
        var count = _graph.Count;
        var remaining = new int[count];
        var ready = new ReadyQueue(_graph, _destroy, _request.Options.Durations);
        for (var i = 0; i < count; i++)
        {
            remaining[i] = Before(i).Length;
            if (remaining[i] == 0)
            {
                ready.Enqueue(i);
            }
        }

        var maxParallelism = _request.Options.MaxParallelism;
        var inFlight = 0;
        while (true)
        {
            while (ready.Count > 0 && inFlight < maxParallelism && !IsStopping && !_halted)
            {
                var next = ready.Dequeue();
                if (IsDone(next))
                {
                    Release(next, remaining, ready);
                    continue;
                }

                inFlight++;
                _ = RunNodeAsync(next);
            }

            if (inFlight == 0)
            {
                break;
            }

            // Never abandoned: every started node posts exactly one completion, cancelled or not.
            var completion = await _completions.Reader.ReadAsync(CancellationToken.None);
            inFlight--;
            switch (completion.Kind)
            {
                case CompletionKind.Succeeded:
                    Release(completion.Index, remaining, ready);
                    break;
                case CompletionKind.Failed:
                    // Its descendants keep a positive in-degree and never start.
                    break;
                case CompletionKind.Stopped:
                    _stop.Cancel();
                    break;
                case CompletionKind.NotStarted:
                    _halted = true;
                    break;
            }
        }

        if (Volatile.Read(ref _fatal) is { } fatal)
        {
            ExceptionDispatchInfo.Throw(fatal);
        }

        _callerToken.ThrowIfCancellationRequested();
        return Result(startedAt);
    }

    public void Dispose()
    {
        _stop.Dispose();
    }

    private bool IsStopping => _stop.IsCancellationRequested || Volatile.Read(ref _fatal) is not null;

    /// <summary>The nodes that must be done before this one: dependencies, or dependents for a destroy.</summary>
    private int[] Before(int index) => _destroy ? _graph.DependentIndices(index) : _graph.DependencyIndices(index);

    private int[] After(int index) => _destroy ? _graph.DependencyIndices(index) : _graph.DependentIndices(index);

    private void Release(int index, int[] remaining, ReadyQueue ready)
    {
        foreach (var next in After(index))
        {
            if (--remaining[next] == 0)
            {
                ready.Enqueue(next);
            }
        }
    }

    /// <summary>Recorded as done by an earlier run: not touched again.</summary>
    private bool IsDone(int index)
    {
        var progress = _progress[index];
        if (_request.Change is { } change)
        {
            return IsChanged(index, change);
        }

        return _destroy
            ? progress.State == ResourceState.Deleted
            : progress is { State: ResourceState.Created, Resource: not null };
    }

    private async Task RunNodeAsync(int index)
    {
        var progress = _progress[index];
        var deadline = _request.Options.Retry.NodeDeadline;
        CompletionKind kind;

        // The deadline also bounds a driver call that never returns (a waiter stuck on a resource).
        using var overdue = new CancellationTokenSource(deadline, _time);
        using var node = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token, overdue.Token);
        progress.Cancellation = node.Token;
        try
        {
            if (_request.MayStartAsync is { } mayStart && !await mayStart(_graph.NodeAt(index).Key, _stop.Token))
            {
                _completions.Writer.TryWrite(new Completion(index, CompletionKind.NotStarted));
                return;
            }

            progress.StartedAt = _time.GetUtcNow();
            var succeeded = _destroy ? await DestroyAsync(index)
                : _request.Change is { } change ? await ChangeAsync(index, change)
                : await CreateAsync(index);
            kind = succeeded ? CompletionKind.Succeeded : CompletionKind.Failed;
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            kind = CompletionKind.Stopped;
        }
        catch (OperationCanceledException) when (overdue.IsCancellationRequested)
        {
            kind = CompletionKind.Failed;
        }
        catch (Exception exception)
        {
            Interlocked.CompareExchange(ref _fatal, exception, null);
            kind = CompletionKind.Stopped;
        }

        if (kind == CompletionKind.Failed && progress.Failure is null)
        {
            kind = await FailOverdueAsync(index, deadline);
        }

        progress.FinishedAt = _time.GetUtcNow();
        _completions.Writer.TryWrite(new Completion(index, kind));
    }

    private async Task<bool> CreateAsync(int index)
    {
        var node = _graph.NodeAt(index);
        var progress = _progress[index];
        var driver = _request.Drivers.For(node.Kind);
        var context = ContextFor(index);
        CloudResource resource;
        if (progress.Recorded is { State: ResourceState.Creating, Resource: { } inProgress })
        {
            resource = inProgress;
            await ReportAsync(index, ResourceState.Creating, resource, $"Resuming: waiting until {resource.CloudId} is ready.");
        }
        else
        {
            // Whatever an older run recorded (a deleted resource, say) is not what this run makes.
            progress.Resource = null;
            await ReportAsync(index, ResourceState.Creating, null, $"Creating {node.Kind} {node.Key}.");
            var made = await CallAsync(index, async token =>
            {
                var found = await driver.FindAsync(context, token);
                return found is null ? (Resource: await driver.CreateAsync(context, token), Adopted: false) : (Resource: found, Adopted: true);
            });
            if (!made.Succeeded)
            {
                return false;
            }

            resource = made.Value.Resource;

            // Recorded before the wait, so a crash while waiting does not lose the id.
            await ReportAsync(
                index,
                ResourceState.Creating,
                resource,
                made.Value.Adopted
                    ? $"Found {resource.CloudId}, made by an earlier run; adopting it."
                    : $"Created {resource.CloudId}; waiting until it is ready.");
        }

        var ready = await CallAsync(index, token => driver.WaitUntilReadyAsync(context, resource, token));
        if (!ready.Succeeded)
        {
            return false;
        }

        await ReportAsync(index, ResourceState.Created, Finished(ready.Value), $"{node.Key} is ready ({ready.Value.CloudId}).");
        return true;
    }

    private async Task<bool> DestroyAsync(int index)
    {
        var node = _graph.NodeAt(index);
        var progress = _progress[index];
        var driver = _request.Drivers.For(node.Kind);
        var context = ContextFor(index);
        var resource = progress.Recorded is { State: not ResourceState.Deleted, Resource: { } recorded } ? recorded : null;
        if (resource is null)
        {
            // It may have been made just before a crash kept the run from recording it.
            var found = await CallAsync(index, token => driver.FindForDeleteAsync(context, token));
            if (!found.Succeeded)
            {
                return false;
            }

            if (found.Value is null)
            {
                await ReportAsync(index, ResourceState.Deleted, null, $"Nothing to delete: {node.Key} does not exist.");
                return true;
            }

            resource = found.Value;
        }

        await ReportAsync(index, ResourceState.Deleting, resource, $"Deleting {resource.CloudId}.");
        var deleted = await CallAsync(index, async token =>
        {
            await driver.DeleteAsync(context, resource, token);
            return true;
        });
        if (!deleted.Succeeded)
        {
            return false;
        }

        await ReportAsync(index, ResourceState.Deleted, resource, $"Deleted {resource.CloudId}.");
        return true;
    }

    /// <summary>The outputs of the node's dependencies (in both modes: a delete may need its VPC's id too).</summary>
    private ResourceContext ContextFor(int index)
    {
        var dependencies = new Dictionary<string, CloudResource>(StringComparer.Ordinal);
        foreach (var dependency in _graph.DependencyIndices(index))
        {
            if (_progress[dependency].Resource is { } resource)
            {
                dependencies[_graph.NodeAt(dependency).Key] = resource;
            }
        }

        return new ResourceContext(_request.Environment, _graph.NodeAt(index), dependencies);
    }

    /// <summary>
    /// One driver operation with retries. A retryable cloud error backs off and tries again while the
    /// node's deadline (and, for eventual consistency, its window) allows; anything else fails the node
    /// with the cloud's message.
    /// </summary>
    private async Task<Outcome<T>> CallAsync<T>(int index, Func<CancellationToken, Task<T>> operation)
    {
        var progress = _progress[index];
        for (var retry = 0; ; retry++)
        {
            Exception error;
            progress.Attempts++;
            try
            {
                return new Outcome<T>(true, await operation(progress.Cancellation));
            }
            catch (OperationCanceledException) when (progress.Cancellation.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception exception)
            {
                error = exception;
            }

            if (error is CloudOperationException { IsRetryable: true } retryable && RetryDelay(index, retryable, retry) is { } delay)
            {
                progress.Retries++;
                await ReportAsync(index, progress.State, null, RetryNotice.For(retryable, delay));
                await Task.Delay(delay, _time, progress.Cancellation);
                continue;
            }

            var (code, message) = error is CloudOperationException cloud ? (cloud.Code, cloud.Message) : (error.GetType().Name, error.Message);
            progress.Failure = new NodeFailure(_graph.NodeAt(index).Key, code, message);
            await ReportAsync(index, ResourceState.Failed, null, $"Failed: {code}.", message);
            return new Outcome<T>(false, default!);
        }
    }

    private async Task<CompletionKind> FailOverdueAsync(int index, TimeSpan deadline)
    {
        var key = _graph.NodeAt(index).Key;
        _progress[index].Failure = new NodeFailure(key, "DeadlineExceeded", $"{key} did not finish within {deadline}.");
        try
        {
            await ReportAsync(index, ResourceState.Failed, null, "Failed: DeadlineExceeded.", _progress[index].Failure!.Message);
            return CompletionKind.Failed;
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            return CompletionKind.Stopped;
        }
        catch (Exception exception)
        {
            Interlocked.CompareExchange(ref _fatal, exception, null);
            return CompletionKind.Stopped;
        }
    }

    private TimeSpan? RetryDelay(int index, CloudOperationException error, int retry)
    {
        var policy = _request.Options.Retry;
        var delay = error.Kind == CloudErrorKind.NotYetConsistent ? policy.ConsistencyBackoff(retry, _sample()) : policy.Backoff(retry, _sample());
        var elapsedAtRetry = _time.GetUtcNow() + delay - _progress[index].StartedAt!.Value;
        if (elapsedAtRetry > policy.NodeDeadline)
        {
            return null;
        }

        if (error.Kind == CloudErrorKind.NotYetConsistent && elapsedAtRetry > (error.RetryWindow ?? policy.DefaultConsistencyWindow))
        {
            return null;
        }

        return delay;
    }

    /// <summary>
    /// Reports one transition and returns once the observer has it. Calls to the observer never overlap (it
    /// may use one database context), but independent nodes do not queue behind each other's commits either:
    /// transitions that arrive while one commit is under way go to the observer together in the next one.
    /// </summary>
    private async Task ReportAsync(int index, ResourceState state, CloudResource? resource, string message, string? error = null)
    {
        var node = _graph.NodeAt(index);
        var progress = _progress[index];
        _stop.Token.ThrowIfCancellationRequested();
        var transition = new NodeTransition(
            node.Key, node.Kind, state, resource ?? progress.Resource, message, error, progress.Retries + 1, _time.GetUtcNow())
        {
            Applied = AppliedBy(node.Key, state, resource),
        };
        await _commits.CommitAsync(transition);
        progress.State = state;
        progress.Resource = transition.Resource;
    }

    private ExecutionResult Result(DateTimeOffset startedAt)
    {
        var nodes = new Dictionary<string, NodeResult>(_graph.Count, StringComparer.Ordinal);
        var outputs = new Dictionary<string, CloudResource>(StringComparer.Ordinal);
        var failures = new List<NodeFailure>();
        for (var i = 0; i < _graph.Count; i++)
        {
            var node = _graph.NodeAt(i);
            var progress = _progress[i];
            nodes[node.Key] = new NodeResult(
                node.Key, node.Kind, progress.State, progress.Resource, progress.Attempts, progress.StartedAt, progress.FinishedAt);
            if (progress is { State: ResourceState.Created, Resource: { } resource })
            {
                outputs[node.Key] = resource;
            }

            if (progress.Failure is { } failure)
            {
                failures.Add(failure);
            }
        }

        return new ExecutionResult(
            _request.Mode,
            _halted ? ExecutionOutcome.Stopped : failures.Count > 0 ? ExecutionOutcome.Failed : ExecutionOutcome.Succeeded,
            nodes,
            outputs,
            failures,
            startedAt,
            _time.GetUtcNow());
    }

    private readonly record struct Completion(int Index, CompletionKind Kind);

    private readonly record struct Outcome<T>(bool Succeeded, T Value);

    /// <summary>Written by the node's own task; the scheduler reads it only after the node's completion.</summary>
    private sealed class NodeProgress
    {
        public RecordedResource? Recorded { get; set; }

        public ResourceState State { get; set; } = ResourceState.Pending;

        public CloudResource? Resource { get; set; }

        public int Attempts { get; set; }

        public int Retries { get; set; }

        public DateTimeOffset? StartedAt { get; set; }

        public DateTimeOffset? FinishedAt { get; set; }

        public NodeFailure? Failure { get; set; }

        /// <summary>Fires when the run stops or the node's deadline passes.</summary>
        public CancellationToken Cancellation { get; set; }
    }
}

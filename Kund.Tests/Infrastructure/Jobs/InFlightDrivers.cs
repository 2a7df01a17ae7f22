using Kund.Domain.Execution;
using Kund.Domain.Resources;

namespace Kund.Tests.Infrastructure.Jobs;

/// <summary>
/// The drivers of one runner, counting the nodes whose find-or-create is under way: from the find that
/// starts it to the create that ends it (or the find that adopts). A test waits on <see cref="IdleAsync"/>
/// for what that runner has sent to the cloud to land, instead of sleeping.
/// </summary>
internal sealed class InFlightDrivers(IResourceDriverSet inner) : IResourceDriverSet
{
    private readonly Lock _lock = new();
    private int _inFlight;
    private TaskCompletionSource _idle = Completed();

    /// <summary>Completes once no find-or-create of this runner is under way.</summary>
    public Task IdleAsync()
    {
        lock (_lock)
        {
            return _idle.Task;
        }
    }

    public IResourceDriver For(ResourceKind kind) => new Counted(inner.For(kind), this);

    private static TaskCompletionSource Completed()
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        done.SetResult();
        return done;
    }

    private void Begin()
    {
        lock (_lock)
        {
            if (_inFlight++ == 0)
            {
                _idle = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
    }

    private void End()
    {
        lock (_lock)
        {
            if (--_inFlight == 0)
            {
                _idle.SetResult();
            }
        }
    }

    private sealed class Counted(IResourceDriver driver, InFlightDrivers owner) : IResourceDriver
    {
        public ResourceKind Kind => driver.Kind;

        public async Task<CloudResource?> FindAsync(ResourceContext context, CancellationToken cancellationToken)
        {
            owner.Begin();
            var createFollows = false;
            try
            {
                var found = await driver.FindAsync(context, cancellationToken);
                createFollows = found is null;
                return found;
            }
            finally
            {
                // Nothing found: the create that follows is the same step, and ends it.
                if (!createFollows)
                {
                    owner.End();
                }
            }
        }

        public Task<CloudResource?> FindForDeleteAsync(ResourceContext context, CancellationToken cancellationToken) =>
            driver.FindForDeleteAsync(context, cancellationToken);

        public async Task<CloudResource> CreateAsync(ResourceContext context, CancellationToken cancellationToken)
        {
            try
            {
                return await driver.CreateAsync(context, cancellationToken);
            }
            finally
            {
                owner.End();
            }
        }

        public Task<CloudResource> WaitUntilReadyAsync(ResourceContext context, CloudResource resource, CancellationToken cancellationToken) =>
            driver.WaitUntilReadyAsync(context, resource, cancellationToken);

        public Task DeleteAsync(ResourceContext context, CloudResource resource, CancellationToken cancellationToken) =>
            driver.DeleteAsync(context, resource, cancellationToken);
    }
}

using Kund.Domain.Execution;

namespace Kund.Infrastructure.Jobs;

/// <summary>
/// Told of every node transition right after it committed. None is registered in production; tests use it
/// to stop a worker at a chosen point, benchmarks to time the way from commit to watcher.
/// </summary>
public interface IProvisioningProbe
{
    ValueTask TransitionCommittedAsync(Guid environmentId, NodeTransition transition, CancellationToken cancellationToken);
}

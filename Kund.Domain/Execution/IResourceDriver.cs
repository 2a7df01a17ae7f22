using Kund.Domain.Resources;

namespace Kund.Domain.Execution;

/// <summary>
/// The executor's port to the cloud, one implementation per <see cref="ResourceKind"/>.
/// Drivers are idempotent: <see cref="FindAsync"/> adopts a resource carrying the node's Kund tags, so
/// running a node twice never makes two resources. Failures are thrown as <see cref="CloudOperationException"/>,
/// classified by the driver.
/// </summary>
public interface IResourceDriver
{
    ResourceKind Kind { get; }

    /// <summary>The resource this node already made (found by its Kund tags), or null.</summary>
    Task<CloudResource?> FindAsync(ResourceContext context, CancellationToken cancellationToken);

    /// <summary>
    /// What a destroy deletes when the run recorded nothing for the node: this node's resource, or null.
    /// Unlike <see cref="FindAsync"/> it does not fail on a same-named resource someone else owns; that is
    /// not this environment's to delete, so for the destroy nothing of the node exists.
    /// </summary>
    Task<CloudResource?> FindForDeleteAsync(ResourceContext context, CancellationToken cancellationToken) => FindAsync(context, cancellationToken);

    /// <summary>Starts creating the resource and returns as soon as the cloud has accepted it.</summary>
    Task<CloudResource> CreateAsync(ResourceContext context, CancellationToken cancellationToken);

    /// <summary>Waits until the resource is usable (NAT gateway <c>available</c>, cluster <c>ACTIVE</c>) and returns its final outputs.</summary>
    Task<CloudResource> WaitUntilReadyAsync(ResourceContext context, CloudResource resource, CancellationToken cancellationToken);

    /// <summary>
    /// Changes the resource in place from <paramref name="applied"/> (what the last applied revision asked for)
    /// to the node's desired shape, waits until the cloud has finished, and returns the new outputs. Only
    /// called for changes the planner classifies as in place; a kind that changes nothing in place keeps
    /// this default.
    /// </summary>
    Task<CloudResource> UpdateAsync(ResourceContext context, CloudResource resource, ResourceDesired applied, CancellationToken cancellationToken) =>
        throw new NotSupportedException($"{Kind} resources cannot be changed in place.");

    /// <summary>Deletes the resource and waits until it is gone. Deleting what is already gone succeeds.</summary>
    Task DeleteAsync(ResourceContext context, CloudResource resource, CancellationToken cancellationToken);
}

/// <summary>Finds the driver for a resource kind.</summary>
public interface IResourceDriverSet
{
    IResourceDriver For(ResourceKind kind);
}

using Kund.Domain.Execution;
using Kund.Domain.Resources;
using Kund.Infrastructure.Aws.Errors;

namespace Kund.Infrastructure.Aws.Drivers;

/// <summary>
/// What every AWS driver shares, so a driver says only what is particular to its resource: cloud failures
/// leave as classified <see cref="CloudOperationException"/>s (<see cref="AwsCall"/>); a resource is ready
/// once made unless the driver waits for it; and destroy deletes only what is Kund's own for this
/// environment. A same-named resource someone else made (<see cref="NotOursException"/> from a find, or
/// <see cref="IsOursAsync"/> false for a recorded one) is refused when creating and left alone when destroying.
/// </summary>
public abstract class AwsDriver : IResourceDriver
{
    public abstract ResourceKind Kind { get; }

    public Task<CloudResource?> FindAsync(ResourceContext context, CancellationToken cancellationToken) =>
        RunAsync(() => FindCoreAsync(context, cancellationToken), cancellationToken);

    public Task<CloudResource?> FindForDeleteAsync(ResourceContext context, CancellationToken cancellationToken) =>
        AwsCall.RunAsync(
            async () =>
            {
                CloudResource? found;
                try
                {
                    found = await FindCoreAsync(context, cancellationToken);
                }
                catch (NotOursException)
                {
                    return null;
                }

                return found is not null && await IsOursAsync(context, found, cancellationToken) ? found : null;
            },
            cancellationToken);

    public Task<CloudResource> CreateAsync(ResourceContext context, CancellationToken cancellationToken) =>
        RunAsync(() => CreateCoreAsync(context, cancellationToken), cancellationToken);

    public Task<CloudResource> WaitUntilReadyAsync(ResourceContext context, CloudResource resource, CancellationToken cancellationToken) =>
        RunAsync(() => WaitUntilReadyCoreAsync(context, resource, cancellationToken), cancellationToken);

    public Task<CloudResource> UpdateAsync(ResourceContext context, CloudResource resource, ResourceDesired applied, CancellationToken cancellationToken) =>
        RunAsync(() => UpdateCoreAsync(context, resource, applied, cancellationToken), cancellationToken);

    public Task DeleteAsync(ResourceContext context, CloudResource resource, CancellationToken cancellationToken) =>
        RunAsync(
            async () =>
            {
                if (await IsOursAsync(context, resource, cancellationToken))
                {
                    await DeleteCoreAsync(context, resource, cancellationToken);
                }

                return true;
            },
            cancellationToken);

    /// <summary>This node's resource, or null; throws <see cref="NotOursException"/> for a same-named one that is not.</summary>
    protected abstract Task<CloudResource?> FindCoreAsync(ResourceContext context, CancellationToken cancellationToken);

    protected abstract Task<CloudResource> CreateCoreAsync(ResourceContext context, CancellationToken cancellationToken);

    /// <summary>Most resources are usable the moment AWS accepts them.</summary>
    protected virtual Task<CloudResource> WaitUntilReadyCoreAsync(ResourceContext context, CloudResource resource, CancellationToken cancellationToken) =>
        Task.FromResult(resource);

    /// <summary>
    /// Changes the resource in place to the node's desired shape and waits until the cloud is done. Drivers
    /// compare with what the cloud reports, not only with <paramref name="applied"/>, so a call repeated after
    /// a crash finds the change made and returns.
    /// </summary>
    protected virtual Task<CloudResource> UpdateCoreAsync(ResourceContext context, CloudResource resource, ResourceDesired applied, CancellationToken cancellationToken) =>
        throw new NotSupportedException($"{Kind} resources cannot be changed in place.");

    /// <summary>Deletes the resource and waits until it is gone; what is already gone counts as deleted.</summary>
    protected abstract Task DeleteCoreAsync(ResourceContext context, CloudResource resource, CancellationToken cancellationToken);

    /// <summary>
    /// Whether the resource under this id is still this node's. True for what AWS names by a generated id
    /// (never reused); drivers of resources named by the spec (cluster, role) check the Kund tags, since the
    /// name may meanwhile belong to someone else. Something already gone counts as ours: deleting it is a no-op.
    /// </summary>
    protected virtual Task<bool> IsOursAsync(ResourceContext context, CloudResource resource, CancellationToken cancellationToken) =>
        Task.FromResult(true);

    /// <summary>A step as the executor wants it: cloud errors classified, someone else's resource a permanent refusal.</summary>
    private static Task<T> RunAsync<T>(Func<Task<T>> step, CancellationToken cancellationToken) =>
        AwsCall.RunAsync(
            async () =>
            {
                try
                {
                    return await step();
                }
                catch (NotOursException notOurs)
                {
                    throw new CloudOperationException(CloudErrorKind.Permanent, notOurs.Code, notOurs.Message, notOurs);
                }
            },
            cancellationToken);
}

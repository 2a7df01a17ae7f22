using Kund.Domain.Execution;
using Kund.Domain.Resources;
using Kund.Infrastructure.Aws.Errors;

namespace Kund.Infrastructure.Aws.Teardown;

/// <summary>
/// A node only a destroy has (<see cref="Kund.Domain.Planning.DestroyGraph"/>): it makes nothing, so the
/// create-side operations refuse; a destroy asks <see cref="FindForDeleteAsync"/> what there is to remove.
/// </summary>
public abstract class TeardownDriver : IResourceDriver
{
    public abstract ResourceKind Kind { get; }

    public Task<CloudResource?> FindAsync(ResourceContext context, CancellationToken cancellationToken) => Task.FromResult<CloudResource?>(null);

    public Task<CloudResource?> FindForDeleteAsync(ResourceContext context, CancellationToken cancellationToken) =>
        AwsCall.RunAsync(() => FindLeftAsync(context, cancellationToken), cancellationToken);

    public Task<CloudResource> CreateAsync(ResourceContext context, CancellationToken cancellationToken) =>
        throw new InvalidOperationException($"{Kind} is a step of a destroy; nothing creates it.");

    public Task<CloudResource> WaitUntilReadyAsync(ResourceContext context, CloudResource resource, CancellationToken cancellationToken) =>
        Task.FromResult(resource);

    public Task DeleteAsync(ResourceContext context, CloudResource resource, CancellationToken cancellationToken) =>
        AwsCall.RunAsync(
            async () =>
            {
                await RemoveAsync(context, resource, cancellationToken);
                return true;
            },
            cancellationToken);

    /// <summary>What is left for this step to remove, or null when nothing is.</summary>
    protected abstract Task<CloudResource?> FindLeftAsync(ResourceContext context, CancellationToken cancellationToken);

    protected abstract Task RemoveAsync(ResourceContext context, CloudResource resource, CancellationToken cancellationToken);

    /// <summary>The VPC's id when the environment recorded one.</summary>
    protected static string? VpcIdOf(ResourceContext context, KubernetesLeftoversDesired desired) =>
        context.Dependencies.TryGetValue(desired.VpcKey, out var vpc) ? vpc.CloudId : null;

    protected static IReadOnlyList<string> Ids(CloudResource resource) =>
        resource.Attribute("ids") is { Length: > 0 } ids ? ids.Split(' ') : [];

    protected static CloudResource Found(string cloudId, IReadOnlyCollection<string> ids) =>
        new(cloudId, null, new Dictionary<string, string> { ["ids"] = string.Join(' ', ids), ["count"] = ids.Count.ToString(System.Globalization.CultureInfo.InvariantCulture) });
}

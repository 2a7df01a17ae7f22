using Kund.Domain.Execution;
using Kund.Domain.Resources;
using Kund.Infrastructure.Aws.Eks;
using Kund.Infrastructure.Aws.Eks.Model;
using Kund.Infrastructure.Aws.Errors;

namespace Kund.Infrastructure.Aws.Drivers;

/// <summary>
/// An access entry for one principal with its access policy associated (cluster scope, or the given
/// namespaces). AssociateAccessPolicy is idempotent and runs again when the entry is adopted, so an entry
/// made before a crash still gets its policy. The id is <c>&lt;cluster&gt;/&lt;principal ARN&gt;</c>.
/// </summary>
public sealed partial class EksAccessEntryDriver(AwsClients clients) : AwsDriver
{
    public override ResourceKind Kind => ResourceKind.EksAccessEntry;

    protected override Task<CloudResource?> FindCoreAsync(ResourceContext context, CancellationToken cancellationToken) =>
        FindOursAsync(context, cancellationToken);

    protected override async Task<CloudResource> CreateCoreAsync(ResourceContext context, CancellationToken cancellationToken)
    {
        var desired = context.Desired<EksAccessEntryDesired>();
        try
        {
            var response = await Eks(context).CreateAccessEntryAsync(
                new CreateAccessEntryRequest
                {
                    ClusterName = ClusterName(context),
                    PrincipalArn = desired.PrincipalArn,
                    Type = "STANDARD",
                    Tags = new Dictionary<string, string>(KundTags.For(context)),
                    ClientRequestToken = KundTags.ClientToken(context),
                },
                cancellationToken);
            return ToResource(response.AccessEntry);
        }
        catch (EksServiceException exception) when (exception.ErrorCode == "ResourceInUseException")
        {
            return await FindOursAsync(context, cancellationToken)
                ?? throw new CloudOperationException(CloudErrorKind.Permanent, exception.ErrorCode, exception.Message, exception);
        }
    }

    /// <summary>Ready once its access policy is associated.</summary>
    protected override async Task<CloudResource> WaitUntilReadyCoreAsync(ResourceContext context, CloudResource resource, CancellationToken cancellationToken)
    {
        var desired = context.Desired<EksAccessEntryDesired>();
        var scope = desired.Namespaces.Count == 0
            ? new AccessScope { Type = AccessScopeType.Cluster }
            : new AccessScope { Type = AccessScopeType.Namespace, Namespaces = [.. desired.Namespaces] };
        await Eks(context).AssociateAccessPolicyAsync(
            new AssociateAccessPolicyRequest { ClusterName = ClusterName(context), PrincipalArn = desired.PrincipalArn, PolicyArn = desired.AccessPolicyArn, AccessScope = scope },
            cancellationToken);
        return new CloudResource(resource.CloudId, resource.Arn, new Dictionary<string, string>(resource.Attributes) { ["accessPolicy"] = desired.AccessPolicyArn });
    }

    protected override async Task DeleteCoreAsync(ResourceContext context, CloudResource resource, CancellationToken cancellationToken)
    {
        var (cluster, principal) = Split(resource.CloudId);
        await NotFound.IgnoreAsync(() => Eks(context).DeleteAccessEntryAsync(new DeleteAccessEntryRequest { ClusterName = cluster, PrincipalArn = principal }, cancellationToken));
    }

    protected override async Task<bool> IsOursAsync(ResourceContext context, CloudResource resource, CancellationToken cancellationToken)
    {
        var (cluster, principal) = Split(resource.CloudId);
        return await DescribeAsync(Eks(context), cluster, principal, cancellationToken) is not { } entry
            || KundTags.AreOurs(context, context.Node.Key, entry.Tags);
    }

    private async Task<CloudResource?> FindOursAsync(ResourceContext context, CancellationToken cancellationToken)
    {
        var desired = context.Desired<EksAccessEntryDesired>();
        var entry = await DescribeAsync(Eks(context), ClusterName(context), desired.PrincipalArn, cancellationToken);
        if (entry is null)
        {
            return null;
        }

        return KundTags.AreOurs(context, context.Node.Key, entry.Tags)
            ? ToResource(entry)
            : throw new NotOursException(
                "ResourceInUseException",
                $"Cluster '{ClusterName(context)}' already has an access entry for {desired.PrincipalArn} that Kund did not make for this environment.");
    }

    private IEksClient Eks(ResourceContext context) => clients.Eks(context.Environment.Region);

    private static string ClusterName(ResourceContext context)
    {
        var desired = context.Desired<EksAccessEntryDesired>();
        return context.Dependencies.TryGetValue(desired.ClusterKey, out var cluster) ? cluster.CloudId : desired.ClusterName;
    }

    private static async Task<AccessEntry?> DescribeAsync(IEksClient eks, string cluster, string principal, CancellationToken cancellationToken) =>
        (await NotFound.OrNullAsync(() => eks.DescribeAccessEntryAsync(new DescribeAccessEntryRequest { ClusterName = cluster, PrincipalArn = principal }, cancellationToken)))?.AccessEntry;

    /// <summary>Cluster names hold no '/', principal ARNs do: the first '/' separates them.</summary>
    private static (string Cluster, string Principal) Split(string cloudId)
    {
        var slash = cloudId.IndexOf('/', StringComparison.Ordinal);
        return (cloudId[..slash], cloudId[(slash + 1)..]);
    }

    private static CloudResource ToResource(AccessEntry entry) =>
        new($"{entry.ClusterName}/{entry.PrincipalArn}", entry.AccessEntryArn, new Dictionary<string, string> { ["username"] = entry.Username ?? "" });
}

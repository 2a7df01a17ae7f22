using Kund.Domain.Execution;
using Kund.Domain.Resources;
using Kund.Infrastructure.Aws.Eks;
using Kund.Infrastructure.Aws.Eks.Model;
using Kund.Infrastructure.Aws.Errors;

namespace Kund.Infrastructure.Aws.Drivers;

/// <summary>
/// In place: the access policy and its namespaces — the new one associated first, then the others
/// disassociated, so the principal is never left without access — and tags; another principal is another entry.
/// </summary>
public sealed partial class EksAccessEntryDriver
{
    protected override async Task<CloudResource> UpdateCoreAsync(ResourceContext context, CloudResource resource, ResourceDesired applied, CancellationToken cancellationToken)
    {
        var before = InPlace.Applied<EksAccessEntryDesired>(context, applied);
        var desired = context.Desired<EksAccessEntryDesired>();
        InPlace.Forbid(context, "principalArn", before.PrincipalArn, desired.PrincipalArn);

        var eks = Eks(context);
        var (cluster, principal) = Split(resource.CloudId);
        var associated = await eks.ListAllAssociatedAccessPoliciesAsync(cluster, principal, cancellationToken);
        var scope = desired.Namespaces.Count == 0
            ? new AccessScope { Type = AccessScopeType.Cluster }
            : new AccessScope { Type = AccessScopeType.Namespace, Namespaces = [.. desired.Namespaces] };
        if (!associated.Any(p => p.PolicyArn == desired.AccessPolicyArn && SameScope(p.AccessScope, scope)))
        {
            await eks.AssociateAccessPolicyAsync(
                new AssociateAccessPolicyRequest { ClusterName = cluster, PrincipalArn = principal, PolicyArn = desired.AccessPolicyArn, AccessScope = scope },
                cancellationToken);
        }

        foreach (var policy in associated.Select(p => p.PolicyArn).OfType<string>().Where(arn => arn != desired.AccessPolicyArn).Distinct(StringComparer.Ordinal))
        {
            await NotFound.IgnoreAsync(() => eks.DisassociateAccessPolicyAsync(
                new DisassociateAccessPolicyRequest { ClusterName = cluster, PrincipalArn = principal, PolicyArn = policy }, cancellationToken));
        }

        var entry = await DescribeAsync(eks, cluster, principal, cancellationToken)
            ?? throw new CloudOperationException(CloudErrorKind.Permanent, "ResourceNotFoundException", $"The access entry of {principal} in cluster {cluster} is gone; it cannot be changed in place.");
        await EksTagUpdate.ApplyAsync(eks, context, entry.AccessEntryArn, entry.Tags, cancellationToken);
        return new CloudResource(resource.CloudId, entry.AccessEntryArn, new Dictionary<string, string>(ToResource(entry).Attributes) { ["accessPolicy"] = desired.AccessPolicyArn });
    }

    private static bool SameScope(AccessScope? current, AccessScope wanted) =>
        current is not null && current.Type == wanted.Type
        && (current.Namespaces ?? []).Order(StringComparer.Ordinal).SequenceEqual((wanted.Namespaces ?? []).Order(StringComparer.Ordinal), StringComparer.Ordinal);
}

using Kund.Domain.Drift;
using Kund.Domain.Resources;
using Kund.Infrastructure.Aws;
using Kund.Infrastructure.Aws.Drivers;
using Kund.Infrastructure.Aws.Eks.Model;
using Kund.Infrastructure.Aws.Errors;
using Kund.Infrastructure.Aws.Iam.Model;

namespace Kund.Infrastructure.Drift;

/// <summary>
/// The IAM and EKS resources of one environment: EKS and IAM have no batch Describe, so one Get/Describe
/// per resource (and one ListAttachedRolePolicies per role), each through the read budget.
/// </summary>
internal static class ServiceDriftChecks
{
    public static async Task CompareAsync(AwsClients clients, DriftReadBudget budget, DriftSubject subject, List<DriftItem> items, CancellationToken cancellationToken)
    {
        var iam = clients.Iam;
        var eks = clients.Eks(subject.Environment.Region);
        Task<T?> Read<T>(Func<Task<T>> call)
            where T : class => budget.ReadAsync(() => NotFound.OrNullAsync(call), cancellationToken);

        var attached = new Dictionary<string, HashSet<string>?>(StringComparer.Ordinal);
        foreach (var (node, resource) in subject.Of(ResourceKind.IamRole))
        {
            var desired = (IamRoleDesired)node.Desired;
            var found = new DriftFindings(node.Key, node.Kind);
            if (await Read(() => iam.GetRoleAsync(new GetRoleRequest { RoleName = resource.CloudId }, cancellationToken)) is not { } response)
            {
                found.Missing(resource.CloudId);
            }
            else
            {
                if (!IamRoleDriver.SameDocument(response.Role.AssumeRolePolicyDocument, desired.AssumeRolePolicyDocument))
                {
                    // Who may assume the role is who may act as the cluster.
                    found.Add("assumeRolePolicyDocument", desired.AssumeRolePolicyDocument, response.Role.AssumeRolePolicyDocument, DriftSeverity.Security);
                }

                found.Tags(KundTags.For(subject.ContextOf(node)), response.Role.Tags.Select(t => new KeyValuePair<string, string>(t.Key, t.Value)));
            }

            items.AddRange(found.Items);
        }

        foreach (var (node, resource) in subject.Of(ResourceKind.IamRolePolicyAttachment))
        {
            var desired = (IamRolePolicyAttachmentDesired)node.Desired;
            var roleName = subject.CloudIdOf(desired.RoleKey) ?? desired.RoleName;
            if (!attached.TryGetValue(roleName, out var policies))
            {
                var listed = await Read(() => iam.ListAttachedRolePoliciesAsync(new ListAttachedRolePoliciesRequest { RoleName = roleName, MaxItems = 1000 }, cancellationToken));
                attached[roleName] = policies = listed?.AttachedPolicies.Select(p => p.PolicyArn).ToHashSet(StringComparer.Ordinal);
            }

            if (policies is null || !policies.Contains(desired.PolicyArn))
            {
                items.Add(DriftItem.Missing(node.Key, node.Kind, resource.CloudId));
            }
        }

        foreach (var (node, resource) in subject.Of(ResourceKind.EksCluster))
        {
            var desired = (EksClusterDesired)node.Desired;
            var found = new DriftFindings(node.Key, node.Kind);
            if (await Read(() => eks.DescribeClusterAsync(new DescribeClusterRequest { Name = resource.CloudId }, cancellationToken)) is not { } response
                || response.Cluster.Status == ClusterStatus.DELETING)
            {
                found.Missing(resource.CloudId);
            }
            else
            {
                var cluster = response.Cluster;
                var access = cluster.ResourcesVpcConfig;
                found.Value("kubernetesVersion", desired.KubernetesVersion, cluster.Version);
                var opened = access?.EndpointPublicAccess == true && !desired.EndpointPublicAccess;
                found.Value("endpointPublicAccess", desired.EndpointPublicAccess, access?.EndpointPublicAccess, opened ? DriftSeverity.Security : DriftSeverity.Functional);
                found.Value("endpointPrivateAccess", desired.EndpointPrivateAccess, access?.EndpointPrivateAccess);
                if (access?.EndpointPublicAccess == true)
                {
                    found.AllowedCidrs("publicAccessCidrs", desired.EndpointPublicAccess ? desired.PublicAccessCidrs : [], access.PublicAccessCidrs);
                }

                var logged = (cluster.Logging?.ClusterLogging ?? []).Where(l => l.Enabled == true).SelectMany(l => l.Types);
                // Audit logs switched off hide who did what: a security item, other log types are functional.
                var auditOff = desired.Logging.Contains("audit") && !logged.Contains("audit");
                found.Set("logging", desired.Logging, logged, auditOff ? DriftSeverity.Security : DriftSeverity.Functional);
                found.Value("deletionProtection", desired.DeletionProtection, cluster.DeletionProtection ?? false);
                found.Tags(KundTags.For(subject.ContextOf(node)), cluster.Tags);
            }

            items.AddRange(found.Items);
        }

        foreach (var (node, resource) in subject.Of(ResourceKind.EksNodeGroup))
        {
            var desired = (EksNodeGroupDesired)node.Desired;
            var found = new DriftFindings(node.Key, node.Kind);
            var clusterName = subject.CloudIdOf(desired.ClusterKey) ?? desired.ClusterName;
            if (await Read(() => eks.DescribeNodegroupAsync(new DescribeNodegroupRequest { ClusterName = clusterName, NodegroupName = desired.Name }, cancellationToken)) is not { } response
                || response.Nodegroup.Status == NodegroupStatus.DELETING)
            {
                found.Missing(resource.CloudId);
            }
            else
            {
                var nodegroup = response.Nodegroup;
                found.Value("scaling.minSize", desired.MinSize, nodegroup.ScalingConfig?.MinSize);
                found.Value("scaling.desiredSize", desired.DesiredSize, nodegroup.ScalingConfig?.DesiredSize);
                found.Value("scaling.maxSize", desired.MaxSize, nodegroup.ScalingConfig?.MaxSize);
                found.Set("instanceTypes", desired.InstanceTypes, nodegroup.InstanceTypes);
                found.Tags(KundTags.For(subject.ContextOf(node)), nodegroup.Tags);
            }

            items.AddRange(found.Items);
        }

        foreach (var (node, resource) in subject.Of(ResourceKind.EksAddon))
        {
            var desired = (EksAddonDesired)node.Desired;
            var found = new DriftFindings(node.Key, node.Kind);
            var clusterName = subject.CloudIdOf(desired.ClusterKey) ?? desired.ClusterName;
            if (await Read(() => eks.DescribeAddonAsync(new DescribeAddonRequest { ClusterName = clusterName, AddonName = desired.AddonName }, cancellationToken)) is not { } response
                || response.Addon.Status == "DELETING")
            {
                found.Missing(resource.CloudId);
            }
            else
            {
                // No version in the spec means EKS's default at creation: the version recorded then is the applied one.
                var applied = desired.Version ?? resource.Attribute("addonVersion");
                if (!string.IsNullOrEmpty(applied))
                {
                    found.Value("addonVersion", applied, response.Addon.AddonVersion);
                }
            }

            items.AddRange(found.Items);
        }

        foreach (var (node, resource) in subject.Of(ResourceKind.EksAccessEntry))
        {
            var desired = (EksAccessEntryDesired)node.Desired;
            var clusterName = subject.CloudIdOf(desired.ClusterKey) ?? desired.ClusterName;
            if (await Read(() => eks.DescribeAccessEntryAsync(new DescribeAccessEntryRequest { ClusterName = clusterName, PrincipalArn = desired.PrincipalArn }, cancellationToken)) is null)
            {
                items.Add(DriftItem.Missing(node.Key, node.Kind, resource.CloudId));
            }
        }
    }
}

using System.Net;
using System.Text.RegularExpressions;
using Kund.Domain.Resources;
using Kund.Infrastructure.Sandbox.Model;

namespace Kund.Infrastructure.Sandbox;

/// <summary>What CreateNodegroup asks for; null where the request leaves a field out.</summary>
public sealed record SandboxNodegroupRequest(
    string? Name,
    IReadOnlyList<string> SubnetIds,
    string? NodeRoleArn,
    IReadOnlyList<string>? InstanceTypes,
    string? AmiType,
    string? CapacityType,
    int? DiskSize,
    int? MinSize,
    int? DesiredSize,
    int? MaxSize,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyDictionary<string, string> Tags,
    string? Version,
    string? ClientRequestToken);

/// <summary>What UpdateNodegroupConfig asks for: new sizes and labels to add or remove.</summary>
public sealed record SandboxNodegroupUpdate(
    int? MinSize,
    int? DesiredSize,
    int? MaxSize,
    IReadOnlyDictionary<string, string> AddOrUpdateLabels,
    IReadOnlyList<string> RemoveLabels);

public sealed partial class SandboxCloud
{
    /// <summary>The policies a node role needs, by name: worker node, CNI and one that lets it pull from ECR.</summary>
    private static readonly string[] WorkerNodePolicies = ["AmazonEKSWorkerNodePolicy", "AmazonEKS_CNI_Policy", "AmazonEC2ContainerRegistryPullOnly"];

    /// <summary>Either ECR policy satisfies the third requirement.</summary>
    private static readonly string[] RegistryPolicies = ["AmazonEC2ContainerRegistryPullOnly", "AmazonEC2ContainerRegistryReadOnly"];

    /// <summary>The node role's policies in the commercial partition (a cluster elsewhere wants its own partition's ARNs).</summary>
    public static IReadOnlyList<string> WorkerNodePolicyArns { get; } = [.. WorkerNodePolicies.Select(AwsPartition.Commercial.ManagedPolicyArn)];

    public static IReadOnlyList<string> AmiTypes { get; } =
        ["AL2023_x86_64_STANDARD", "AL2023_ARM_64_STANDARD", "AL2023_x86_64_NVIDIA", "BOTTLEROCKET_x86_64", "BOTTLEROCKET_ARM_64"];

    /// <summary>Service quotas: managed node groups per cluster, nodes per node group.</summary>
    public const int NodegroupsPerCluster = 30;

    public const int NodesPerNodegroup = 450;

    public SandboxNodegroup CreateNodegroup(string region, string clusterName, SandboxNodegroupRequest request) => Mutate(now =>
    {
        var cluster = ActiveCluster(region, clusterName, "create a node group");
        var tokenKey = request.ClientRequestToken is null ? null : $"{region}|CreateNodegroup|{clusterName}|{request.ClientRequestToken}";
        if (tokenKey is not null && _clientTokens.TryGetValue(tokenKey, out var token)
            && _nodegroups.TryGetValue(ChildKey(region, clusterName, token.ResourceId), out var known))
        {
            return known;
        }

        var name = request.Name;
        if (name is null || !NodegroupNamePattern().IsMatch(name))
        {
            throw EksError("InvalidParameterException", $"The node group name '{name}' is invalid: 1-63 characters, letters, digits, '-' and '_', starting with a letter or digit.");
        }

        if (_nodegroups.ContainsKey(ChildKey(region, clusterName, name)))
        {
            throw EksError("ResourceInUseException", $"NodeGroup already exists with name {name} and cluster name {clusterName}", HttpStatusCode.Conflict);
        }

        if (_nodegroups.Values.Count(n => n.Region == region && n.ClusterName == clusterName) >= NodegroupsPerCluster)
        {
            throw EksError("ResourceLimitExceededException", $"Cluster {clusterName} already has the maximum of {NodegroupsPerCluster} managed node groups.");
        }

        var (minSize, desiredSize, maxSize) = Sizes(request.MinSize, request.DesiredSize, request.MaxSize, (1, 2, 2));
        ValidateNodeRole(request.NodeRoleArn, AwsPartition.Of(region), now);
        if (request.SubnetIds.Count == 0)
        {
            throw EksError("InvalidParameterException", "Subnets are required");
        }

        var subnets = request.SubnetIds.Distinct(StringComparer.Ordinal).Select(id =>
            _subnets.TryGetValue(id, out var subnet) && subnet.Region == region
                ? subnet
                : throw EksError("InvalidParameterException", $"The subnet ID '{id}' does not exist")).ToList();
        if (subnets.FirstOrDefault(s => s.VpcId != cluster.VpcId) is { } foreign)
        {
            throw EksError("InvalidParameterException", $"Subnet {foreign.Id} is not in the cluster's VPC {cluster.VpcId}");
        }

        var capacityType = request.CapacityType ?? "ON_DEMAND";
        if (capacityType is not ("ON_DEMAND" or "SPOT" or "CAPACITY_BLOCK"))
        {
            throw EksError("InvalidParameterException", $"Unsupported capacityType '{capacityType}'; valid values are ON_DEMAND, SPOT, CAPACITY_BLOCK");
        }

        var amiType = request.AmiType ?? "AL2023_x86_64_STANDARD";
        if (!AmiTypes.Contains(amiType))
        {
            throw EksError("InvalidParameterException", $"Unsupported amiType '{amiType}' for Kubernetes version {cluster.Version}");
        }

        var version = request.Version ?? cluster.Version;
        if (version != cluster.Version)
        {
            throw EksError("InvalidParameterException", $"Requested Nodegroup version {version} is not supported with cluster version {cluster.Version}");
        }

        var (failureCode, failureMessage, failedSubnets) = SubnetsWithoutWayOut(subnets);
        var id = NewId(string.Empty, 32);
        var nodegroup = new SandboxNodegroup(
            name,
            clusterName,
            region,
            $"arn:aws:eks:{region}:{AccountId}:nodegroup/{clusterName}/{name}/{id[..8]}-{id[8..12]}-{id[12..16]}-{id[16..20]}-{id[20..32]}",
            version,
            $"{KubernetesVersions.Single(v => v.Version == version).PatchVersion}-20261120",
            request.NodeRoleArn!,
            [.. subnets.Select(s => s.Id)],
            request.InstanceTypes is { Count: > 0 } types ? types : ["t3.medium"],
            amiType,
            capacityType,
            request.DiskSize ?? 20,
            minSize,
            desiredSize,
            maxSize,
            request.Labels,
            failureCode,
            failureMessage,
            failedSubnets,
            request.ClientRequestToken,
            now,
            now,
            null,
            null,
            request.Tags);
        if (failureCode is null && Faults.DrawEndState("CreateNodegroup") is { EndState: "CREATE_FAILED" or "DEGRADED" } ending)
        {
            nodegroup = nodegroup with { FailureCode = ending.Code, FailureMessage = ending.EffectiveMessage, FailureState = ending.EndState };
        }

        _nodegroups[ChildKey(region, clusterName, name)] = nodegroup;
        if (tokenKey is not null)
        {
            _clientTokens[tokenKey] = new SandboxClientToken(tokenKey, name, name);
        }

        return nodegroup;
    });

    public SandboxNodegroup DescribeNodegroup(string region, string clusterName, string name) => Read(_ =>
    {
        FindCluster(region, clusterName);
        return FindNodegroup(region, clusterName, name);
    });

    public IReadOnlyList<string> ListNodegroups(string region, string clusterName) => Read(_ =>
    {
        FindCluster(region, clusterName);
        return (IReadOnlyList<string>)_nodegroups.Values.Where(n => n.Region == region && n.ClusterName == clusterName)
            .Select(n => n.Name).Order(StringComparer.Ordinal).ToList();
    });

    public SandboxNodegroup DeleteNodegroup(string region, string clusterName, string name) => Mutate(now =>
    {
        FindCluster(region, clusterName);
        var nodegroup = FindNodegroup(region, clusterName, name);
        var status = nodegroup.StatusAt(now, Timings);
        if (status is "CREATING" or "UPDATING")
        {
            throw EksError("ResourceInUseException", $"Nodegroup {name} is currently {status} and cannot be deleted.", HttpStatusCode.Conflict);
        }

        if (nodegroup.DeleteRequestedAt is not null)
        {
            return nodegroup;
        }

        var deleting = nodegroup with { DeleteRequestedAt = now, ModifiedAt = now };
        if (Faults.DrawEndState("DeleteNodegroup") is { EndState: "DELETE_FAILED" } ending)
        {
            deleting = deleting with { FailureCode = ending.Code, FailureMessage = ending.EffectiveMessage, FailureState = ending.EndState };
        }

        _nodegroups[ChildKey(region, clusterName, name)] = deleting;
        return deleting;
    });

    /// <summary>Changes sizes or labels; the node group is UPDATING for a while and refuses another update meanwhile.</summary>
    public (SandboxNodegroup Nodegroup, string UpdateId) UpdateNodegroupConfig(string region, string clusterName, string name, SandboxNodegroupUpdate update) => Mutate(now =>
    {
        FindCluster(region, clusterName);
        var nodegroup = FindNodegroup(region, clusterName, name);
        RequireUpdatable(region, clusterName, nodegroup, now);
        if (update.MinSize is null && update.DesiredSize is null && update.MaxSize is null && update.AddOrUpdateLabels.Count == 0 && update.RemoveLabels.Count == 0)
        {
            throw EksError("InvalidParameterException", "No changes needed");
        }

        var (minSize, desiredSize, maxSize) = Sizes(update.MinSize, update.DesiredSize, update.MaxSize, (nodegroup.MinSize, nodegroup.DesiredSize, nodegroup.MaxSize));
        var labels = nodegroup.Labels.Where(l => !update.RemoveLabels.Contains(l.Key)).ToDictionary(StringComparer.Ordinal);
        foreach (var (key, value) in update.AddOrUpdateLabels)
        {
            labels[key] = value;
        }

        var updated = nodegroup with
        {
            MinSize = minSize,
            DesiredSize = desiredSize,
            MaxSize = maxSize,
            Labels = labels,
            ModifiedAt = now,
            UpdatingUntil = now + Timings.NodegroupUpdate,
        };
        _nodegroups[ChildKey(region, clusterName, name)] = updated;
        return (updated, RecordAppliedUpdate(region, clusterName, name, null, "ConfigUpdate", ConfigParams(update), now, updated.UpdatingUntil!.Value).Id);
    });

    /// <summary>The node groups of a cluster that have nodes running.</summary>
    private bool HasActiveNodes(SandboxCluster cluster, DateTimeOffset now) =>
        cluster.AutoMode
        || _nodegroups.Values.Any(n => n.Region == cluster.Region && n.ClusterName == cluster.Name && n.StatusAt(now, Timings) is "ACTIVE" or "UPDATING");

    private SandboxNodegroup FindNodegroup(string region, string clusterName, string name) =>
        _nodegroups.TryGetValue(ChildKey(region, clusterName, name), out var nodegroup)
            ? nodegroup
            : throw EksError("ResourceNotFoundException", $"No node group found for name: {name}.", HttpStatusCode.NotFound);

    /// <summary>A cluster that must be ACTIVE for <paramref name="action"/>.</summary>
    private SandboxCluster ActiveCluster(string region, string clusterName, string action)
    {
        var cluster = FindCluster(region, clusterName);
        var status = cluster.StatusAt(Now, Timings);
        return status == "ACTIVE"
            ? cluster
            : throw EksError("ResourceInUseException", $"Cluster {clusterName} is {status}; it must be ACTIVE to {action}.", HttpStatusCode.Conflict);
    }

    private static (int Min, int Desired, int Max) Sizes(int? min, int? desired, int? max, (int Min, int Desired, int Max) current)
    {
        var (minSize, desiredSize, maxSize) = (min ?? current.Min, desired ?? current.Desired, max ?? current.Max);
        if (minSize < 0 || maxSize < 1 || minSize > desiredSize || desiredSize > maxSize)
        {
            throw EksError(
                "InvalidParameterException",
                $"Scaling config is invalid: minSize ({minSize}) <= desiredSize ({desiredSize}) <= maxSize ({maxSize}) is required, with maxSize at least 1.");
        }

        return maxSize > NodesPerNodegroup
            ? throw EksError("InvalidParameterException", $"maxSize {maxSize} exceeds the quota of {NodesPerNodegroup} nodes per node group.")
            : (minSize, desiredSize, maxSize);
    }

    /// <summary>The node role must trust ec2.amazonaws.com and carry the worker node, CNI and ECR policies.</summary>
    private void ValidateNodeRole(string? nodeRoleArn, AwsPartition partition, DateTimeOffset now)
    {
        var role = _roles.Values.FirstOrDefault(r => r.Arn == nodeRoleArn);
        if (role is null || now < role.CreatedAt + Timings.RolePropagation)
        {
            // The wording EKS uses; Kund retries it for a while, as IAM takes seconds to make a new role usable.
            throw EksError("InvalidParameterException", $"Role with arn: {nodeRoleArn}, could not be assumed because it does not exist or the trusted entity is not correct");
        }

        if (!role.AssumeRolePolicyDocument.Contains("ec2.amazonaws.com", StringComparison.Ordinal))
        {
            throw EksError("InvalidParameterException", $"Following required service principals [ec2.amazonaws.com] were not found in the trust relationships of nodeRole {nodeRoleArn}");
        }

        var missing = WorkerNodePolicies.Take(2).Select(partition.ManagedPolicyArn).Where(p => !role.AttachedPolicyArns.Contains(p)).ToList();
        if (!RegistryPolicies.Select(partition.ManagedPolicyArn).Any(role.AttachedPolicyArns.Contains))
        {
            missing.Add(partition.ManagedPolicyArn(RegistryPolicies[0]));
        }

        if (missing.Count > 0)
        {
            throw EksError(
                "InvalidParameterException",
                $"The provided role doesn't have the Amazon EKS Managed Policies associated with it. Please ensure the following policies [{string.Join(", ", missing)}] are attached");
        }
    }

    /// <summary>
    /// Nodes must reach the cluster endpoint and ECR: a subnet whose route table has no default route to an
    /// internet or NAT gateway, or a public one that gives instances no public IP, makes the group fail.
    /// </summary>
    private (string? Code, string? Message, IReadOnlyList<string> SubnetIds) SubnetsWithoutWayOut(IReadOnlyList<SandboxSubnet> subnets)
    {
        var failed = new List<string>();
        foreach (var subnet in subnets)
        {
            var table = _routeTables.Values.FirstOrDefault(t => t.Associations.Any(a => a.SubnetId == subnet.Id))
                ?? _routeTables.Values.FirstOrDefault(t => t.VpcId == subnet.VpcId && t.IsMain);
            var defaultRoute = table?.Routes.FirstOrDefault(r => r.DestinationCidrBlock == "0.0.0.0/0");
            var viaNat = defaultRoute?.NatGatewayId is not null;
            var viaInternet = defaultRoute?.GatewayId?.StartsWith("igw-", StringComparison.Ordinal) == true && subnet.MapPublicIpOnLaunch;
            if (!viaNat && !viaInternet)
            {
                failed.Add(subnet.Id);
            }
        }

        return failed.Count == 0
            ? (null, null, [])
            : ("Ec2SubnetInvalidConfiguration",
                $"One or more Amazon EC2 Subnets of [{string.Join(", ", failed)}] for node group have no route to the internet: a public subnet needs a route to an internet gateway and to assign public IP addresses, a private one a route to a NAT gateway.",
                failed);
    }

    [GeneratedRegex(@"^[0-9A-Za-z][A-Za-z0-9_-]{0,62}$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex NodegroupNamePattern();
}

using Amazon.EC2.Model;
using Kund.Infrastructure.Aws.Elbv2;

namespace Kund.Infrastructure.Aws.Teardown;

/// <summary>
/// Finding what Kubernetes made for a cluster: the AWS Load Balancer Controller tags its load balancers and
/// security groups <c>elbv2.k8s.aws/cluster=&lt;name&gt;</c>, the in-tree service controller
/// <c>kubernetes.io/cluster/&lt;name&gt;=owned</c>; AWS manages their network interfaces.
/// </summary>
public static class KubernetesLeftovers
{
    public const string ControllerClusterTag = "elbv2.k8s.aws/cluster";

    public static string OwnedClusterTag(string clusterName) => $"kubernetes.io/cluster/{clusterName}";

    /// <summary>Whether the tags say Kubernetes made it for <paramref name="clusterName"/>.</summary>
    public static bool IsForCluster(IReadOnlyDictionary<string, string> tags, string clusterName) =>
        (tags.TryGetValue(ControllerClusterTag, out var name) && name == clusterName)
        || (tags.TryGetValue(OwnedClusterTag(clusterName), out var owned) && owned == "owned");

    /// <summary>The cluster a Kubernetes-made resource belongs to, or null when its tags name none.</summary>
    public static string? ClusterOf(IReadOnlyDictionary<string, string> tags) =>
        tags.TryGetValue(ControllerClusterTag, out var name)
            ? name
            : tags.FirstOrDefault(t => t.Key.StartsWith("kubernetes.io/cluster/", StringComparison.Ordinal) && t.Value == "owned").Key?["kubernetes.io/cluster/".Length..];

    /// <summary>Every load balancer of the region with its tags: pages of DescribeLoadBalancers, DescribeTags in batches of 20.</summary>
    public static async Task<IReadOnlyList<(LoadBalancer Balancer, IReadOnlyDictionary<string, string> Tags)>> LoadBalancersAsync(
        IElbv2Client elbv2, CancellationToken cancellationToken)
    {
        var balancers = new List<LoadBalancer>();
        string? marker = null;
        do
        {
            var page = await elbv2.DescribeLoadBalancersAsync(marker: marker, cancellationToken: cancellationToken);
            balancers.AddRange(page.LoadBalancers);
            marker = page.NextMarker;
        }
        while (marker is not null);

        var tags = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);
        foreach (var batch in balancers.Chunk(Elbv2Client.MaxTagArns))
        {
            foreach (var described in await elbv2.DescribeTagsAsync([.. batch.Select(b => b.LoadBalancerArn)], cancellationToken))
            {
                tags[described.ResourceArn] = described.Tags;
            }
        }

        return [.. balancers.Select(b => (b, tags.GetValueOrDefault(b.LoadBalancerArn) ?? new Dictionary<string, string>()))];
    }

    /// <summary>The load balancers Kubernetes made for <paramref name="clusterName"/> (in <paramref name="vpcId"/> when known).</summary>
    public static async Task<IReadOnlyList<LoadBalancer>> LoadBalancersOfAsync(IElbv2Client elbv2, string clusterName, string? vpcId, CancellationToken cancellationToken) =>
        [.. (await LoadBalancersAsync(elbv2, cancellationToken))
            .Where(b => IsForCluster(b.Tags, clusterName) && (vpcId is null || b.Balancer.VpcId == vpcId))
            .Select(b => b.Balancer)];

    /// <summary>Both tag filters for security groups of <paramref name="clusterName"/>.</summary>
    public static IEnumerable<List<Filter>> SecurityGroupFilters(string clusterName, string? vpcId)
    {
        var vpc = vpcId is null ? [] : new List<Filter> { new("vpc-id", [vpcId]) };
        yield return [.. vpc, new Filter($"tag:{ControllerClusterTag}", [clusterName])];
        yield return [.. vpc, new Filter($"tag:{OwnedClusterTag(clusterName)}", ["owned"])];
    }

    /// <summary>The load balancer name an interface's description names (<c>ELB net/name/id</c>, <c>ELB app/name/id</c>), or null.</summary>
    public static string? LoadBalancerNameOf(NetworkInterface networkInterface) =>
        networkInterface.Description is { } description && description.StartsWith("ELB ", StringComparison.Ordinal)
            && description[4..].Split('/') is [_, var name, _]
            ? name
            : null;
}

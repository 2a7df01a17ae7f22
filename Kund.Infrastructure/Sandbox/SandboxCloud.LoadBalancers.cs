using System.Globalization;
using System.Net;
using Kund.Infrastructure.Sandbox.Model;

namespace Kund.Infrastructure.Sandbox;

/// <summary>
/// What Kubernetes makes in a cluster's VPC (docs/aws-behaviour.md, "What Kubernetes leaves behind"): ELBv2
/// load balancers with a security group and one network interface per subnet. A deleted load balancer's
/// interfaces linger for <see cref="InterfaceReleaseLag"/>, and until they are gone the security group,
/// the subnets and the VPC cannot be deleted.
/// </summary>
public sealed partial class SandboxCloud
{
    /// <summary>The tag the AWS Load Balancer Controller puts on what it makes for a cluster.</summary>
    public const string LoadBalancerClusterTag = "elbv2.k8s.aws/cluster";

    private readonly Dictionary<string, SandboxLoadBalancer> _loadBalancers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SandboxNetworkInterface> _networkInterfaces = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SandboxSecurityGroup> _securityGroups = new(StringComparer.Ordinal);

    /// <summary>How long AWS takes to release a deleted load balancer's interfaces (a few minutes), scaled.</summary>
    public TimeSpan InterfaceReleaseLag => TimeSpan.FromMinutes(3) / Options.TimeScale;

    /// <summary>The tags the controller puts on a load balancer and its security group.</summary>
    public static Dictionary<string, string> KubernetesTags(string clusterName, string service) => new(StringComparer.Ordinal)
    {
        [LoadBalancerClusterTag] = clusterName,
        [$"kubernetes.io/cluster/{clusterName}"] = "owned",
        ["service.k8s.aws/stack"] = service,
        ["service.k8s.aws/resource"] = "LoadBalancer",
    };

    /// <summary>
    /// Does what the AWS Load Balancer Controller does for a Service of type LoadBalancer: a security group,
    /// an internet-facing network load balancer in <paramref name="subnetIds"/>, and an interface in each.
    /// </summary>
    public SandboxLoadBalancer CreateKubernetesLoadBalancer(
        string region, string clusterName, IReadOnlyList<string> subnetIds, string service = "default/web") => Mutate(now =>
    {
        if (subnetIds.Count == 0)
        {
            throw Ec2Error("InvalidParameterValue", "A load balancer needs at least one subnet.");
        }

        var subnets = subnetIds.Select(id => FindSubnet(region, id)).ToList();
        var vpcId = subnets[0].VpcId;
        var tags = KubernetesTags(clusterName, service);
        var group = new SandboxSecurityGroup(
            NewId("sg-"), region, vpcId, $"k8s-{service.Replace('/', '-')}-{NewId("", 10)}", $"[k8s] Managed SecurityGroup for LoadBalancer", tags);
        _securityGroups[group.Id] = group;

        var name = $"k8s-{service.Replace('/', '-')}"[..Math.Min(32, 4 + service.Length)].TrimEnd('-');
        var suffix = NewId("", 16);
        var arn = $"arn:aws:elasticloadbalancing:{region}:{AccountId}:loadbalancer/net/{name}/{suffix}";
        var balancer = new SandboxLoadBalancer(
            arn, name, region, vpcId, [.. subnets.Select(s => s.Id)], [group.Id], "internet-facing", "network",
            $"{name}-{suffix[..10]}.elb.{region}.amazonaws.com", now, tags);
        _loadBalancers[arn] = balancer;

        foreach (var subnet in subnets)
        {
            var eni = new SandboxNetworkInterface(
                NewId("eni-"), region, vpcId, subnet.Id, subnet.AvailabilityZone, PrivateAddressIn(subnet),
                $"ELB net/{name}/{suffix}", arn, [group.Id], null, NoTags);
            _networkInterfaces[eni.Id] = eni;
        }

        return balancer;
    });

    public IReadOnlyList<SandboxLoadBalancer> DescribeLoadBalancers(string region, IReadOnlyCollection<string>? arns = null, IReadOnlyCollection<string>? names = null) => Read(_ =>
    {
        var inRegion = _loadBalancers.Values.Where(b => b.Region == region).OrderBy(b => b.CreatedAt).ThenBy(b => b.Arn, StringComparer.Ordinal).ToList();
        if (arns is { Count: > 0 })
        {
            var missing = arns.FirstOrDefault(a => inRegion.All(b => b.Arn != a));
            return missing is null
                ? [.. inRegion.Where(b => arns.Contains(b.Arn))]
                : throw LoadBalancerNotFound($"Load balancers '[{missing}]' not found");
        }

        if (names is { Count: > 0 })
        {
            var missing = names.FirstOrDefault(n => inRegion.All(b => b.Name != n));
            return missing is null
                ? [.. inRegion.Where(b => names.Contains(b.Name))]
                : throw LoadBalancerNotFound($"Load balancers '[{missing}]' not found");
        }

        return inRegion;
    });

    /// <summary>DescribeTags of ELBv2: every ARN must name a load balancer of the region.</summary>
    public IReadOnlyList<SandboxLoadBalancer> DescribeLoadBalancerTags(string region, IReadOnlyCollection<string> arns) =>
        DescribeLoadBalancers(region, arns.Count == 0 ? throw new SandboxException("ValidationError", "ResourceArns must not be empty") : arns);

    /// <summary>Deletes a load balancer (a missing one succeeds, as in ELBv2); its interfaces go a while later.</summary>
    public void DeleteLoadBalancer(string region, string? arn) => Mutate(now =>
    {
        if (arn is null)
        {
            throw new SandboxException("ValidationError", "1 validation error detected: Value null at 'loadBalancerArn' failed to satisfy constraint: Member must not be null");
        }

        if (!_loadBalancers.TryGetValue(arn, out var balancer) || balancer.Region != region)
        {
            return;
        }

        _loadBalancers.Remove(arn);
        foreach (var eni in _networkInterfaces.Values.Where(e => e.LoadBalancerArn == arn).ToList())
        {
            _networkInterfaces[eni.Id] = eni with { ReleasedAt = now + InterfaceReleaseLag };
        }
    });

    public IReadOnlyList<SandboxNetworkInterface> DescribeNetworkInterfaces(string region, IReadOnlyCollection<string>? ids = null) =>
        Read(_ => Select(_networkInterfaces, region, ids, e => e.Region, id => NotFound("InvalidNetworkInterfaceID.NotFound", "networkInterface", id)));

    public IReadOnlyList<SandboxSecurityGroup> DescribeSecurityGroups(string region, IReadOnlyCollection<string>? ids = null) =>
        Read(_ => Select(_securityGroups, region, ids, g => g.Region, id => new SandboxException("InvalidGroup.NotFound", $"The security group '{id}' does not exist", HttpStatusCode.BadRequest)));

    /// <summary>Deletes a security group; refused while an interface or a load balancer still uses it.</summary>
    public void DeleteSecurityGroup(string region, string? groupId) => Mutate(_ =>
    {
        if (groupId is null || !_securityGroups.TryGetValue(groupId, out var group) || group.Region != region)
        {
            throw new SandboxException("InvalidGroup.NotFound", $"The security group '{groupId}' does not exist", HttpStatusCode.BadRequest);
        }

        if (_networkInterfaces.Values.Any(e => e.SecurityGroupIds.Contains(group.Id))
            || _loadBalancers.Values.Any(b => b.SecurityGroupIds.Contains(group.Id)))
        {
            throw Ec2Error("DependencyViolation", $"resource {group.Id} has a dependent object");
        }

        _securityGroups.Remove(group.Id);
    });

    /// <summary>Interfaces whose release time has come are gone.</summary>
    private void SettleLoadBalancers(DateTimeOffset now)
    {
        foreach (var eni in _networkInterfaces.Values.Where(e => e.IsGoneAt(now)).ToList())
        {
            _networkInterfaces.Remove(eni.Id);
        }
    }

    /// <summary>An interface is still in the subnet (AWS's <c>DependencyViolation</c> for DeleteSubnet).</summary>
    private bool HasInterfacesIn(SandboxSubnet subnet) => _networkInterfaces.Values.Any(e => e.SubnetId == subnet.Id);

    /// <summary>Something Kubernetes made is still in the VPC (AWS's <c>DependencyViolation</c> for DeleteVpc).</summary>
    private bool HasLoadBalancerDependents(SandboxVpc vpc) =>
        _networkInterfaces.Values.Any(e => e.VpcId == vpc.Id)
        || _securityGroups.Values.Any(g => g.VpcId == vpc.Id)
        || _loadBalancers.Values.Any(b => b.VpcId == vpc.Id);

    private string PrivateAddressIn(SandboxSubnet subnet)
    {
        var cidr = Cidr.Parse(subnet.CidrBlock);
        var offset = NextRandom(4, (int)Math.Min(250, cidr.Size - 1));
        var value = cidr.Network + (uint)offset;
        return string.Create(CultureInfo.InvariantCulture, $"{value >> 24}.{(value >> 16) & 255}.{(value >> 8) & 255}.{value & 255}");
    }

    private static SandboxException LoadBalancerNotFound(string message) => new("LoadBalancerNotFound", message, HttpStatusCode.BadRequest);
}

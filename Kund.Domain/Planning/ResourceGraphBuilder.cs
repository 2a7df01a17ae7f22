using Kund.Domain.Json;
using Kund.Domain.Resources;
using Kund.Domain.Specs;

namespace Kund.Domain.Planning;

/// <summary>
/// Turns an effective spec (every default applied) into the environment's resource graph. Edges are
/// real data dependencies only: the cluster needs its subnets and its role with the policy attached,
/// never the NAT gateway or the routes, so the two slowest resources are created side by side. What lives
/// in and around the cluster (nodes, add-ons, access) comes from <see cref="ClusterGraph"/>.
/// </summary>
public static class ResourceGraphBuilder
{
    /// <summary>The AWS managed policy EKS needs on its cluster role, by name; its ARN is the environment's partition's.</summary>
    public const string EksClusterPolicy = "AmazonEKSClusterPolicy";

    /// <summary>The trust policy that lets the EKS service assume the cluster role.</summary>
    public const string EksClusterTrustPolicy =
        """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"eks.amazonaws.com"},"Action":"sts:AssumeRole"}]}""";

    private const string AnyDestination = "0.0.0.0/0";

    /// <exception cref="ArgumentException">The spec is not effective (a default is missing) or asks for something the graph cannot express.</exception>
    public static ResourceGraph Build(EnvironmentSpec effective)
    {
        ArgumentNullException.ThrowIfNull(effective);
        var subnets = effective.Subnets is { Count: > 0 } listed
            ? listed
            : throw NotEffective("subnets are not listed");
        var routing = effective.Routing ?? throw NotEffective("routing is not set");

        var nodes = new List<ResourceNode>();
        var vpc = effective.Vpc;
        nodes.Add(new ResourceNode(
            ResourceKeys.Vpc,
            ResourceKind.Vpc,
            [],
            new VpcDesired(vpc.Cidr, vpc.Tenancy, vpc.EnableDnsSupport, vpc.EnableDnsHostnames)));

        foreach (var subnet in subnets)
        {
            nodes.Add(new ResourceNode(
                ResourceKeys.Subnet(subnet.Name),
                ResourceKind.Subnet,
                [ResourceKeys.Vpc],
                new SubnetDesired(subnet.Name, subnet.Cidr, subnet.AvailabilityZone, subnet.Tier, ClusterGraph.SubnetTags(subnet, effective.Cluster))));
        }

        var publicSubnets = subnets.Where(s => s.Tier == SubnetTier.Public).ToList();
        var privateSubnets = subnets.Where(s => s.Tier == SubnetTier.Private).ToList();

        if (routing.InternetGateway)
        {
            nodes.Add(new ResourceNode(ResourceKeys.InternetGateway, ResourceKind.InternetGateway, [ResourceKeys.Vpc], new InternetGatewayDesired()));
        }

        var natSubnets = PlaceNatGateways(routing, publicSubnets, privateSubnets);
        foreach (var (zone, natSubnet) in natSubnets)
        {
            var eip = ResourceKeys.ElasticIp(zone);
            var subnetKey = ResourceKeys.Subnet(natSubnet.Name);
            nodes.Add(new ResourceNode(eip, ResourceKind.ElasticIp, [], new ElasticIpDesired(zone)));

            // AWS refuses a public NAT gateway in a VPC without an attached internet gateway.
            nodes.Add(new ResourceNode(
                ResourceKeys.NatGateway(zone),
                ResourceKind.NatGateway,
                [subnetKey, eip, ResourceKeys.InternetGateway],
                new NatGatewayDesired(zone, subnetKey, eip)));
        }

        if (routing.InternetGateway && publicSubnets.Count > 0)
        {
            var subnetKeys = publicSubnets.Select(s => ResourceKeys.Subnet(s.Name)).ToList();
            nodes.Add(new ResourceNode(
                ResourceKeys.PublicRouteTable,
                ResourceKind.RouteTable,
                [ResourceKeys.Vpc, ResourceKeys.InternetGateway, .. subnetKeys],
                new RouteTableDesired("public", [new RouteDesired(AnyDestination, ResourceKeys.InternetGateway)], subnetKeys)));
        }

        // A regional NAT gateway belongs to the VPC, not to a public subnet: AWS routes it through the internet gateway.
        var regionalNat = routing.NatGateways == NatGatewayMode.Regional && privateSubnets.Count > 0;
        if (regionalNat)
        {
            if (!routing.InternetGateway)
            {
                throw new ArgumentException("A NAT gateway needs an internet gateway: set routing.internetGateway or natGateways 'none'.");
            }

            nodes.Add(new ResourceNode(
                ResourceKeys.RegionalNatGateway,
                ResourceKind.NatGateway,
                [ResourceKeys.Vpc, ResourceKeys.InternetGateway],
                new RegionalNatGatewayDesired(ResourceKeys.Vpc)));
        }

        List<string> natKeys = regionalNat ? [ResourceKeys.RegionalNatGateway] : [.. natSubnets.Select(n => ResourceKeys.NatGateway(n.Zone))];
        nodes.AddRange(PrivateRouteTables(routing, privateSubnets, natKeys));

        if (effective.Cluster is { } cluster)
        {
            nodes.AddRange(ClusterNodes(effective, cluster, subnets));
        }

        return new ResourceGraph(nodes);
    }

    /// <summary>The zone and public subnet of each zonal NAT gateway, keyed by the zone whose private subnets it serves.</summary>
    private static List<(string Zone, SubnetSpec Subnet)> PlaceNatGateways(
        RoutingSpec routing,
        List<SubnetSpec> publicSubnets,
        List<SubnetSpec> privateSubnets)
    {
        // A NAT gateway serves private subnets; without any it would only cost money.
        if (routing.NatGateways == NatGatewayMode.None || privateSubnets.Count == 0)
        {
            return [];
        }

        if (!routing.InternetGateway)
        {
            throw new ArgumentException("A NAT gateway needs an internet gateway: set routing.internetGateway or natGateways 'none'.");
        }

        // Exhaustive: a mode no member has throws here rather than falling through to another layout.
        return routing.NatGateways switch
        {
            NatGatewayMode.None or NatGatewayMode.Regional => [],
            NatGatewayMode.Single => [SingleNatSubnet(publicSubnets, privateSubnets)],
            NatGatewayMode.PerAz =>
            [
                .. privateSubnets.Select(s => s.AvailabilityZone).Distinct(StringComparer.Ordinal).Select(zone =>
                    (zone, publicSubnets.FirstOrDefault(s => s.AvailabilityZone == zone)
                        ?? throw new ArgumentException($"NAT gateways per zone need a public subnet in {zone}, which has private subnets."))),
            ],
        };
    }

    // In the zone of the first private subnet when it has a public subnet, to keep its traffic in-zone.
    private static (string Zone, SubnetSpec Subnet) SingleNatSubnet(List<SubnetSpec> publicSubnets, List<SubnetSpec> privateSubnets)
    {
        var firstPrivateZone = privateSubnets[0].AvailabilityZone;
        var subnet = publicSubnets.FirstOrDefault(s => s.AvailabilityZone == firstPrivateZone)
            ?? publicSubnets.FirstOrDefault()
            ?? throw new ArgumentException("A NAT gateway needs a public subnet.");
        return (subnet.AvailabilityZone, subnet);
    }

    private static IEnumerable<ResourceNode> PrivateRouteTables(
        RoutingSpec routing,
        List<SubnetSpec> privateSubnets,
        List<string> natKeys)
    {
        if (privateSubnets.Count == 0)
        {
            yield break;
        }

        var perZone = routing.NatGateways switch
        {
            NatGatewayMode.PerAz => true,
            NatGatewayMode.None or NatGatewayMode.Single or NatGatewayMode.Regional => false,
        };
        if (perZone)
        {
            foreach (var zone in privateSubnets.Select(s => s.AvailabilityZone).Distinct(StringComparer.Ordinal))
            {
                var subnetKeys = privateSubnets.Where(s => s.AvailabilityZone == zone).Select(s => ResourceKeys.Subnet(s.Name)).ToList();
                var nat = ResourceKeys.NatGateway(zone);
                yield return new ResourceNode(
                    ResourceKeys.PrivateRouteTableFor(zone),
                    ResourceKind.RouteTable,
                    [ResourceKeys.Vpc, nat, .. subnetKeys],
                    new RouteTableDesired($"private-{zone}", [new RouteDesired(AnyDestination, nat)], subnetKeys));
            }

            yield break;
        }

        var allKeys = privateSubnets.Select(s => ResourceKeys.Subnet(s.Name)).ToList();
        yield return new ResourceNode(
            ResourceKeys.PrivateRouteTable,
            ResourceKind.RouteTable,
            [ResourceKeys.Vpc, .. natKeys, .. allKeys],
            new RouteTableDesired("private", [.. natKeys.Select(nat => new RouteDesired(AnyDestination, nat))], allKeys));
    }

    private static IEnumerable<ResourceNode> ClusterNodes(EnvironmentSpec effective, ClusterSpec cluster, IReadOnlyList<SubnetSpec> subnets)
    {
        var role = effective.ClusterRole ?? throw NotEffective("clusterRole is not set");
        var partition = AwsPartition.Of(effective.Region);
        var name = cluster.Name ?? throw NotEffective("cluster.name is not set");
        var clusterSubnets = cluster.Subnets is { Count: > 0 } named ? named : throw NotEffective("cluster.subnets are not set");
        foreach (var subnet in clusterSubnets.Where(s => !subnets.Any(known => known.Name == s)))
        {
            throw new ArgumentException($"The cluster uses subnet '{subnet}', which the spec does not list.", nameof(effective));
        }

        var subnetKeys = clusterSubnets.Select(ResourceKeys.Subnet).ToList();
        var autoMode = ClusterGraph.ModeOf(cluster) == ComputeMode.AutoMode;
        string? roleKey = null;
        string? roleArn = null;
        List<string> dependsOn = [.. subnetKeys];
        if (role.Create)
        {
            var roleName = role.Name ?? throw NotEffective("clusterRole.name is not set");
            yield return new ResourceNode(
                ResourceKeys.ClusterRole,
                ResourceKind.IamRole,
                [],
                new IamRoleDesired(roleName, autoMode ? ClusterGraph.AutoModeClusterTrustPolicy : EksClusterTrustPolicy));
            yield return new ResourceNode(
                ResourceKeys.ClusterRolePolicy,
                ResourceKind.IamRolePolicyAttachment,
                [ResourceKeys.ClusterRole],
                new IamRolePolicyAttachmentDesired(ResourceKeys.ClusterRole, roleName, partition.ManagedPolicyArn(EksClusterPolicy)));

            // The cluster reads the role's ARN (a data dependency) and must not see the role before its
            // policy is attached (an ordering one): both are edges.
            roleKey = ResourceKeys.ClusterRole;
            dependsOn.Add(ResourceKeys.ClusterRole);
            dependsOn.Add(ResourceKeys.ClusterRolePolicy);
            if (autoMode)
            {
                foreach (var extra in ClusterGraph.AutoModeClusterRolePolicies(roleName, partition))
                {
                    dependsOn.Add(extra.Key);
                    yield return extra;
                }
            }
        }
        else
        {
            roleArn = role.ExistingArn ?? throw NotEffective("clusterRole.existingArn is not set while create is false");
        }

        var nodeRole = ClusterGraph.NodeRoleNodes(cluster, partition);
        foreach (var node in nodeRole?.Nodes ?? [])
        {
            yield return node;
        }

        // Auto Mode's nodes start with the cluster: it needs their role, policies attached, before it is created.
        if (autoMode && nodeRole?.Role is { } autoRole)
        {
            dependsOn.AddRange(autoRole.Key is { } autoRoleKey ? [autoRoleKey, .. autoRole.AttachmentKeys] : []);
        }

        yield return new ResourceNode(
            ResourceKeys.Cluster,
            ResourceKind.EksCluster,
            dependsOn,
            new EksClusterDesired(
                name,
                cluster.KubernetesVersion,
                roleKey,
                roleArn,
                subnetKeys,
                cluster.EndpointPublicAccess,
                cluster.EndpointPrivateAccess,
                cluster.PublicAccessCidrs ?? [],
                cluster.Logging ?? [],
                AuthenticationMode: cluster.AuthenticationMode is { } mode ? EnumNames.NameOf(mode) : null,
                BootstrapClusterCreatorAdminPermissions: cluster.AuthenticationMode is null ? null : cluster.BootstrapClusterCreatorAdminPermissions,
                BootstrapSelfManagedAddons: cluster.Addons is null ? null : false,
                DeletionProtection: cluster.DeletionProtection,
                SupportType: cluster.SupportType is { } support ? EnumNames.NameOf(support) : null,
                AutoMode: autoMode,
                AutoModeNodeRoleKey: autoMode ? nodeRole?.Role.Key : null,
                AutoModeNodeRoleArn: autoMode ? nodeRole?.Role.Arn : null));

        foreach (var node in ClusterGraph.Workloads(cluster, name, nodeRole?.Role, partition))
        {
            yield return node;
        }
    }

    private static ArgumentException NotEffective(string what) =>
        new($"The spec is not effective: {what}. Apply the spec defaults before building the graph.");
}

using System.Text.RegularExpressions;
using Kund.Domain.Execution;
using Kund.Domain.Planning;
using Kund.Domain.Resources;
using Kund.Domain.Specs;
using Kund.Infrastructure.Aws.Drivers;

namespace Kund.Infrastructure.Terraform;

/// <summary>
/// An environment as Terraform: one resource block per recorded cloud resource (plus one per route table
/// association and per access policy association), references between blocks wherever one resource uses another,
/// attributes as Kund created them (EKS's defaults written out where leaving them out would force a replacement),
/// and one <c>import</c> block per resource with the id format that resource type's import expects
/// (docs/terraform-export.md).
/// </summary>
public static partial class TerraformExport
{
    /// <summary>Terraform 1.5 introduced <c>import</c> blocks.</summary>
    public const string RequiredTerraform = ">= 1.5.0";

    /// <summary>6.9.0 added <c>deletion_protection</c> to <c>aws_eks_cluster</c>, the newest attribute written here.</summary>
    public const string AwsProviderVersion = "~> 6.9";

    /// <summary>6.24.0 added <c>availability_mode</c> and <c>vpc_id</c> to <c>aws_nat_gateway</c>: the pin of an environment with a regional NAT gateway.</summary>
    public const string RegionalNatProviderVersion = "~> 6.24";

    private const string AnyDestination = "0.0.0.0/0";

    public static TerraformFiles Build(EnvironmentRef environment, ResourceGraph graph, IReadOnlyCollection<RecordedResource> recorded)
    {
        var cloud = recorded.Where(r => r.Resource is not null).ToDictionary(r => r.Key, r => r.Resource!, StringComparer.Ordinal);
        var resources = new List<TerraformResource>();
        var byKey = new Dictionary<string, TerraformResource>(StringComparer.Ordinal);
        foreach (var node in graph.TopologicalOrder)
        {
            if (!cloud.TryGetValue(node.Key, out var resource))
            {
                continue;
            }

            var context = new Context(environment, node, resource, cloud, byKey);
            var blocks = BlocksOf(context).ToList();
            if (blocks.Count > 0)
            {
                byKey[node.Key] = blocks[0];
            }

            resources.AddRange(blocks);
        }

        return new TerraformFiles(
            HclWriter.Write(Versions(environment.Region, ProviderVersionFor(graph, cloud))),
            HclWriter.Write(resources.Select(r => r.Block)),
            HclWriter.Write(resources.Select(r => r.Import)),
            resources);
    }

    private static string ProviderVersionFor(ResourceGraph graph, Dictionary<string, CloudResource> cloud) =>
        graph.Nodes.Any(n => n.Desired is RegionalNatGatewayDesired && cloud.ContainsKey(n.Key)) ? RegionalNatProviderVersion : AwsProviderVersion;

    private static IEnumerable<HclBlock> Versions(string region, string providerVersion)
    {
        yield return new HclBlock("terraform", [],
        [
            new HclAttribute("required_version", HclExpr.Of(RequiredTerraform)),
            new HclBlock("required_providers", [],
            [
                new HclAttribute("aws", HclMap.Of([new("source", "hashicorp/aws"), new("version", providerVersion)])),
            ]),
        ]);
        yield return new HclBlock("provider", ["aws"], [new HclAttribute("region", HclExpr.Of(region))]);
    }

    /// <summary>Exhaustive over the kinds: a new kind fails to compile here until it has its blocks (or none).</summary>
    private static IEnumerable<TerraformResource> BlocksOf(Context c) => c.Node.Kind switch
    {
        ResourceKind.Vpc => [Vpc(c)],
        ResourceKind.Subnet => [Subnet(c)],
        ResourceKind.InternetGateway => [InternetGateway(c)],
        ResourceKind.ElasticIp => [ElasticIp(c)],
        ResourceKind.NatGateway => [NatGateway(c)],
        ResourceKind.RouteTable => RouteTable(c),
        ResourceKind.IamRole => [IamRole(c)],
        ResourceKind.IamRolePolicyAttachment => [PolicyAttachment(c)],
        ResourceKind.EksCluster => [Cluster(c)],
        ResourceKind.EksNodeGroup => [NodeGroup(c)],
        ResourceKind.EksAddon => [Addon(c)],
        ResourceKind.EksAccessEntry => AccessEntry(c),
        ResourceKind.KubernetesLoadBalancers or ResourceKind.KubernetesSecurityGroups or ResourceKind.TeardownCheck => [],
    };

    private static TerraformResource Vpc(Context c)
    {
        var desired = c.Desired<VpcDesired>();
        return c.Resource("aws_vpc", c.CloudId,
        [
            new HclAttribute("cidr_block", HclExpr.Of(desired.Cidr)),
            new HclAttribute("instance_tenancy", HclExpr.Of(desired.Tenancy == Tenancy.Dedicated ? "dedicated" : "default")),
            new HclAttribute("enable_dns_support", HclExpr.Of(desired.EnableDnsSupport)),
            new HclAttribute("enable_dns_hostnames", HclExpr.Of(desired.EnableDnsHostnames)),
            c.Tags(),
        ]);
    }

    private static TerraformResource Subnet(Context c)
    {
        var desired = c.Desired<SubnetDesired>();
        return c.Resource("aws_subnet", c.CloudId,
        [
            new HclAttribute("vpc_id", c.RefTo(ResourceKeys.Vpc, "id")),
            new HclAttribute("cidr_block", HclExpr.Of(desired.Cidr)),
            new HclAttribute("availability_zone", HclExpr.Of(desired.AvailabilityZone)),
            new HclAttribute("map_public_ip_on_launch", HclExpr.Of(desired.Tier == SubnetTier.Public)),
            c.Tags(),
        ]);
    }

    private static TerraformResource InternetGateway(Context c) =>
        c.Resource("aws_internet_gateway", c.CloudId, [new HclAttribute("vpc_id", c.RefTo(ResourceKeys.Vpc, "id")), c.Tags()]);

    /// <summary>An Elastic IP is imported by its allocation id (<c>eipalloc-…</c>), which is what Kund records.</summary>
    private static TerraformResource ElasticIp(Context c) =>
        c.Resource("aws_eip", c.CloudId, [new HclAttribute("domain", HclExpr.Of("vpc")), c.Tags()]);

    private static TerraformResource NatGateway(Context c)
    {
        if (c.Node.Desired is RegionalNatGatewayDesired regional)
        {
            // Automatic mode: AWS allocates and releases the addresses, so none is written here.
            return c.Resource("aws_nat_gateway", c.CloudId,
            [
                new HclAttribute("availability_mode", HclExpr.Of("regional")),
                new HclAttribute("vpc_id", c.RefTo(regional.VpcKey, "id")),
                new HclAttribute("connectivity_type", HclExpr.Of("public")),
                c.Tags(),
                c.DependsOn(ResourceKeys.InternetGateway),
            ]);
        }

        var desired = c.Desired<NatGatewayDesired>();
        return c.Resource("aws_nat_gateway", c.CloudId,
        [
            new HclAttribute("allocation_id", c.RefTo(desired.ElasticIpKey, "id")),
            new HclAttribute("subnet_id", c.RefTo(desired.SubnetKey, "id")),
            new HclAttribute("connectivity_type", HclExpr.Of("public")),
            c.Tags(),
            c.DependsOn(ResourceKeys.InternetGateway),
        ]);
    }

    /// <summary>The table with its routes inline, then one association per subnet, imported as <c>subnet-…/rtb-…</c>.</summary>
    private static IEnumerable<TerraformResource> RouteTable(Context c)
    {
        var desired = c.Desired<RouteTableDesired>();
        List<HclBodyItem> body = [new HclAttribute("vpc_id", c.RefTo(ResourceKeys.Vpc, "id"))];
        foreach (var route in desired.Routes)
        {
            var target = c.Target(route.TargetKey);
            var attribute = target.Type == "aws_nat_gateway" ? "nat_gateway_id" : "gateway_id";
            body.Add(new HclBlock("route", [], [new HclAttribute("cidr_block", HclExpr.Of(route.DestinationCidr)), new HclAttribute(attribute, target.Ref("id"))]));
        }

        body.Add(c.Tags());
        var table = c.Resource("aws_route_table", c.CloudId, body);
        yield return table;
        foreach (var subnetKey in desired.SubnetKeys)
        {
            var subnet = c.Target(subnetKey);
            yield return new TerraformResource(
                "aws_route_table_association",
                $"{table.Name}_{subnet.Name}",
                c.Node.Key,
                $"{c.CloudIdOf(subnetKey)}/{c.CloudId}",
                [new HclAttribute("subnet_id", subnet.Ref("id")), new HclAttribute("route_table_id", table.Ref("id"))]);
        }
    }

    private static TerraformResource IamRole(Context c)
    {
        var desired = c.Desired<IamRoleDesired>();
        return c.Resource("aws_iam_role", c.CloudId,
        [
            new HclAttribute("name", HclExpr.Of(desired.RoleName)),
            new HclAttribute("assume_role_policy", HclExpr.Of(desired.AssumeRolePolicyDocument)),
            c.Tags(),
        ]);
    }

    /// <summary>Kund records <c>role|policy-arn</c>; Terraform imports <c>role/policy-arn</c>.</summary>
    private static TerraformResource PolicyAttachment(Context c)
    {
        var desired = c.Desired<IamRolePolicyAttachmentDesired>();
        return c.Resource("aws_iam_role_policy_attachment", $"{desired.RoleName}/{desired.PolicyArn}",
        [
            new HclAttribute("role", c.RefTo(desired.RoleKey, "name")),
            new HclAttribute("policy_arn", HclExpr.Of(desired.PolicyArn)),
        ]);
    }

    private static TerraformResource Cluster(Context c)
    {
        var desired = c.Desired<EksClusterDesired>();
        var publicCidrs = desired.PublicAccessCidrs.Count > 0 ? desired.PublicAccessCidrs : [AnyDestination];
        List<HclBodyItem> body =
        [
            new HclAttribute("name", HclExpr.Of(desired.Name)),
            new HclAttribute("version", HclExpr.Of(c.Attribute("version") ?? desired.KubernetesVersion)),
            new HclAttribute("role_arn", desired.RoleKey is { } roleKey ? c.RefTo(roleKey, "arn") : HclExpr.Of(desired.RoleArn ?? "")),
            new HclAttribute("enabled_cluster_log_types", HclExpr.Strings(desired.Logging)),
            new HclAttribute("bootstrap_self_managed_addons", HclExpr.Of(desired.BootstrapSelfManagedAddons ?? true)),
            new HclAttribute("deletion_protection", HclExpr.Of(desired.DeletionProtection)),
            new HclBlock("vpc_config", [],
            [
                new HclAttribute("subnet_ids", new HclList([.. desired.SubnetKeys.Select(k => c.RefTo(k, "id"))])),
                new HclAttribute("endpoint_public_access", HclExpr.Of(desired.EndpointPublicAccess)),
                new HclAttribute("endpoint_private_access", HclExpr.Of(desired.EndpointPrivateAccess)),
                new HclAttribute("public_access_cidrs", HclExpr.Strings(publicCidrs)),
            ]),

            // Both are written out: EKS does not report the bootstrap flag, and a config that differs from how the
            // cluster was made (EKS's default is true) would make Terraform replace the cluster.
            new HclBlock("access_config", [],
            [
                new HclAttribute("authentication_mode", HclExpr.Of(desired.AuthenticationMode ?? "CONFIG_MAP")),
                new HclAttribute("bootstrap_cluster_creator_admin_permissions", HclExpr.Of(desired.BootstrapClusterCreatorAdminPermissions ?? true)),
            ]),
            new HclBlock("upgrade_policy", [], [new HclAttribute("support_type", HclExpr.Of(desired.SupportType ?? "EXTENDED"))]),
            c.Tags(),
        ];
        if (c.DependsOn(ResourceKeys.ClusterRolePolicy) is { } policy && desired.RoleKey is not null)
        {
            body.Add(policy);
        }

        return c.Resource("aws_eks_cluster", c.CloudId, body);
    }

    /// <summary>Kund records <c>cluster/nodegroup</c>; Terraform imports <c>cluster:nodegroup</c>.</summary>
    private static TerraformResource NodeGroup(Context c)
    {
        var desired = c.Desired<EksNodeGroupDesired>();
        var desiredSize = int.TryParse(c.Attribute("desiredSize"), out var recorded) ? recorded : desired.DesiredSize;
        List<HclBodyItem> body =
        [
            new HclAttribute("cluster_name", c.RefTo(desired.ClusterKey, "name", desired.ClusterName)),
            new HclAttribute("node_group_name", HclExpr.Of(desired.Name)),
            new HclAttribute("node_role_arn", c.RefTo(desired.NodeRoleKey, "arn")),
            new HclAttribute("subnet_ids", new HclList([.. desired.SubnetKeys.Select(k => c.RefTo(k, "id"))])),
            new HclAttribute("instance_types", HclExpr.Strings(desired.InstanceTypes)),
            new HclAttribute("capacity_type", HclExpr.Of(desired.CapacityType)),
            new HclAttribute("ami_type", HclExpr.Of(desired.AmiType)),
            new HclAttribute("disk_size", HclExpr.Of(desired.DiskSize)),
        ];
        if (desired.KubernetesVersion is { } version)
        {
            body.Add(new HclAttribute("version", HclExpr.Of(version)));
        }

        body.Add(new HclBlock("scaling_config", [],
        [
            new HclAttribute("desired_size", HclExpr.Of(desiredSize)),
            new HclAttribute("max_size", HclExpr.Of(desired.MaxSize)),
            new HclAttribute("min_size", HclExpr.Of(desired.MinSize)),
        ]));
        body.Add(new HclAttribute("labels", HclMap.Of(desired.Labels.OrderBy(l => l.Key, StringComparer.Ordinal))));
        body.Add(c.Tags());
        return c.Resource("aws_eks_node_group", c.CloudId.Replace('/', ':'), body);
    }

    /// <summary>Kund records <c>cluster/addon</c>; Terraform imports <c>cluster:addon</c>.</summary>
    private static TerraformResource Addon(Context c)
    {
        var desired = c.Desired<EksAddonDesired>();
        List<HclBodyItem> body =
        [
            new HclAttribute("cluster_name", c.RefTo(desired.ClusterKey, "name", desired.ClusterName)),
            new HclAttribute("addon_name", HclExpr.Of(desired.AddonName)),
        ];
        if ((c.Attribute("addonVersion") is { Length: > 0 } recorded ? recorded : desired.Version) is { } version)
        {
            body.Add(new HclAttribute("addon_version", HclExpr.Of(version)));
        }

        body.Add(c.Tags());
        return c.Resource("aws_eks_addon", c.CloudId.Replace('/', ':'), body);
    }

    /// <summary>
    /// Kund records <c>cluster/principal-arn</c> (the first '/' separates them); Terraform imports the entry as
    /// <c>cluster:principal-arn</c> and the policy association as <c>cluster#principal-arn#policy-arn</c>.
    /// </summary>
    private static IEnumerable<TerraformResource> AccessEntry(Context c)
    {
        var desired = c.Desired<EksAccessEntryDesired>();
        var slash = c.CloudId.IndexOf('/', StringComparison.Ordinal);
        var (cluster, principal) = (c.CloudId[..slash], c.CloudId[(slash + 1)..]);
        var entry = c.Resource("aws_eks_access_entry", $"{cluster}:{principal}",
        [
            new HclAttribute("cluster_name", c.RefTo(desired.ClusterKey, "name", desired.ClusterName)),
            new HclAttribute("principal_arn", HclExpr.Of(desired.PrincipalArn)),
            new HclAttribute("type", HclExpr.Of("STANDARD")),
            c.Tags(),
        ]);
        yield return entry;
        List<HclBodyItem> scope = desired.Namespaces.Count == 0
            ? [new HclAttribute("type", HclExpr.Of("cluster"))]
            : [new HclAttribute("type", HclExpr.Of("namespace")), new HclAttribute("namespaces", HclExpr.Strings(desired.Namespaces))];
        yield return new TerraformResource(
            "aws_eks_access_policy_association",
            entry.Name,
            c.Node.Key,
            $"{cluster}#{principal}#{desired.AccessPolicyArn}",
            [
                new HclAttribute("cluster_name", entry.Ref("cluster_name")),
                new HclAttribute("principal_arn", entry.Ref("principal_arn")),
                new HclAttribute("policy_arn", HclExpr.Of(desired.AccessPolicyArn)),
                new HclBlock("access_scope", [], scope),
            ]);
    }

    /// <summary><c>subnet/public-a</c> → <c>subnet_public_a</c>: a valid, stable Terraform name per node.</summary>
    public static string NameOf(string nodeKey)
    {
        var name = NotName().Replace(nodeKey.ToLowerInvariant(), "_");
        return char.IsAsciiDigit(name[0]) ? "_" + name : name;
    }

    [GeneratedRegex("[^a-z0-9_]")]
    private static partial Regex NotName();

    /// <summary>What building one node's blocks needs: the node, its cloud resource, and the blocks already built.</summary>
    private sealed record Context(
        EnvironmentRef Environment,
        ResourceNode Node,
        CloudResource Cloud,
        IReadOnlyDictionary<string, CloudResource> Recorded,
        IReadOnlyDictionary<string, TerraformResource> Built)
    {
        public string CloudId => Cloud.CloudId;

        public TDesired Desired<TDesired>()
            where TDesired : ResourceDesired => new ResourceContext(Environment, Node, new Dictionary<string, CloudResource>()).Desired<TDesired>();

        public string? Attribute(string name) => Cloud.Attribute(name);

        public string CloudIdOf(string key) => Recorded[key].CloudId;

        /// <summary>The node's own block; absent items (a dependency that is not there) are left out.</summary>
        public TerraformResource Resource(string type, string importId, IReadOnlyList<HclBodyItem?> body) =>
            new(type, NameOf(Node.Key), Node.Key, importId, [.. body.OfType<HclBodyItem>()]);

        /// <summary>The block a dependency became; every dependency Kund recorded has one, built before (topological order).</summary>
        public TerraformResource Target(string key) =>
            Built.TryGetValue(key, out var target)
                ? target
                : throw new InvalidOperationException($"Node '{Node.Key}' uses '{key}', which has no recorded cloud resource to refer to.");

        /// <summary>A reference to another block, or the name itself when the node it names is gone (a cluster's children keep its name).</summary>
        public HclExpr RefTo(string key, string attribute, string? fallback = null) =>
            fallback is not null && !Built.ContainsKey(key) ? HclExpr.Of(fallback) : Target(key).Ref(attribute);

        /// <summary>An ordering Terraform cannot see from references (a NAT gateway needs the attached internet gateway).</summary>
        public HclAttribute? DependsOn(string key) =>
            Built.TryGetValue(key, out var target) ? new HclAttribute("depends_on", new HclList([new HclReference(target.Type, target.Name)])) : null;

        /// <summary>The tags Kund's drivers put on the resource, in the same words.</summary>
        public HclAttribute Tags() =>
            new("tags", HclMap.Of(KundTags.For(new ResourceContext(Environment, Node, new Dictionary<string, CloudResource>())).OrderBy(t => t.Key, StringComparer.Ordinal)));
    }
}

using Kund.Domain.Execution;
using Kund.Domain.Planning;
using Kund.Domain.Resources;
using Kund.Infrastructure.Terraform;
using Kund.Tests.Support;

namespace Kund.Tests.Infrastructure.Terraform;

/// <summary>
/// <see cref="TerraformExport"/> over the seed graph with a cluster's node role, node group, add-on and access entry
/// added, each with records shaped as their drivers write them: the round-trip rules hold, and every import id is the
/// recorded cloud id in the format that resource's import expects.
/// </summary>
public class TerraformExportTests
{
    private const string Cluster = "payments-dev";
    private const string Principal = "arn:aws:iam::111111111111:role/team-a-developers";
    private const string AdminPolicy = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy";
    private const string NodePolicy = "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy";

    private static readonly EnvironmentRef Environment = new(Guid.Parse("6a3f2b1c-0000-4000-8000-000000000001"), Cluster, "ap-northeast-2", new Dictionary<string, string> { ["cost-center"] = "1234" });

    [Fact]
    public void Build_SeedWithClusterChildren_FormattedOneImportEachReferencesResolve()
    {
        var (files, _) = Export(perAz: false);

        var trip = TerraformRoundTrip.Parse(files.VersionsTf, files.MainTf, files.ImportsTf);

        trip.AssertHolds();
        Assert.Equal(files.Resources.Count, trip.Main.Resources.Count());
    }

    [Fact]
    public void Build_SeedWithClusterChildren_ImportIdsAreTheRecordedIdsInEachImportFormat()
    {
        var (files, recorded) = Export(perAz: false);
        var ids = TerraformRoundTrip.Parse(files.VersionsTf, files.MainTf, files.ImportsTf).ImportIds;
        string Id(string key) => recorded.Single(r => r.Key == key).Resource!.CloudId;

        Assert.Equal(Id("vpc"), ids["aws_vpc.vpc"]);
        Assert.Equal(Id("subnet/private-a"), ids["aws_subnet.subnet_private_a"]);
        Assert.Equal(Id("eip/ap-northeast-2a"), ids["aws_eip.eip_ap_northeast_2a"]);
        Assert.Equal(Id("role"), ids["aws_iam_role.role"]);
        Assert.Equal($"{Id("subnet/private-a")}/{Id("rtb/private")}", ids["aws_route_table_association.rtb_private_subnet_private_a"]);
        Assert.Equal(Id("role/policy").Replace('|', '/'), ids["aws_iam_role_policy_attachment.role_policy"]);
        Assert.Equal($"{Cluster}:workers", ids["aws_eks_node_group.nodegroup_workers"]);
        Assert.Equal($"{Cluster}:vpc-cni", ids["aws_eks_addon.addon_vpc_cni"]);
        Assert.Equal($"{Cluster}:{Principal}", ids["aws_eks_access_entry.access_0"]);
        Assert.Equal($"{Cluster}#{Principal}#{AdminPolicy}", ids["aws_eks_access_policy_association.access_0"]);
    }

    [Theory]
    [InlineData("cn-north-1", "arn:aws-cn")]
    [InlineData("us-gov-west-1", "arn:aws-us-gov")]
    public void Build_OtherPartition_AttachmentHoldsAndImportsThatPartitionsPolicyArn(string region, string arnPrefix)
    {
        var environment = Environment with { Region = region };
        var graph = ResourceGraphBuilder.Build(SeedSpecs.Payments() with { Region = region });
        var recorded = graph.Nodes.Select((n, i) => new RecordedResource(n.Key, ResourceState.Created, CloudOf(n, i))).ToList();

        var files = TerraformExport.Build(environment, graph, recorded);
        var trip = TerraformRoundTrip.Parse(files.VersionsTf, files.MainTf, files.ImportsTf);

        trip.AssertHolds();
        var policy = $"{arnPrefix}:iam::aws:policy/AmazonEKSClusterPolicy";
        Assert.Equal(policy, trip.Resource("aws_iam_role_policy_attachment.role_policy").String("policy_arn"));
        Assert.Equal($"{SeedSpecs.Payments().ClusterRole!.Name}/{policy}", trip.ImportIds["aws_iam_role_policy_attachment.role_policy"]);
        Assert.Contains($"region = \"{region}\"", files.VersionsTf, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_ClusterAndChildren_AttributesAsCreatedWithReferences()
    {
        var (files, _) = Export(perAz: false);
        var trip = TerraformRoundTrip.Parse(files.VersionsTf, files.MainTf, files.ImportsTf);

        var cluster = trip.Resource("aws_eks_cluster.eks");
        Assert.Equal("aws_iam_role.role.arn", cluster.Ref("role_arn"));
        Assert.True(cluster.Nested("access_config").Bool("bootstrap_cluster_creator_admin_permissions"));
        Assert.Equal("CONFIG_MAP", cluster.Nested("access_config").String("authentication_mode"));
        var subnets = Assert.IsType<HclValue.List>(cluster.Nested("vpc_config").Attributes["subnet_ids"]);
        Assert.Equal([new HclValue.Reference("aws_subnet.subnet_private_a.id"), new HclValue.Reference("aws_subnet.subnet_private_b.id")], subnets.Items);
        var nodes = trip.Resource("aws_eks_node_group.nodegroup_workers");
        Assert.Equal("aws_eks_cluster.eks.name", nodes.Ref("cluster_name"));
        Assert.Equal("aws_iam_role.node_role.arn", nodes.Ref("node_role_arn"));
        Assert.Equal(new HclValue.Number(3), nodes.Nested("scaling_config").Attributes["desired_size"]);
        Assert.Equal("1.19.0-eksbuild.1", trip.Resource("aws_eks_addon.addon_vpc_cni").String("addon_version"));
        var association = trip.Resource("aws_eks_access_policy_association.access_0");
        Assert.Equal("aws_eks_access_entry.access_0.principal_arn", association.Ref("principal_arn"));
        Assert.Equal("cluster", association.Nested("access_scope").String("type"));
        var tags = Assert.IsType<HclValue.Map>(trip.Resource("aws_vpc.vpc").Attributes["tags"]);
        Assert.Equal(new HclValue.Text(Environment.Id.ToString("D")), tags.Entries["kund:environment"]);
        Assert.Equal(new HclValue.Text("1234"), tags.Entries["cost-center"]);
    }

    [Fact]
    public void Build_PerZoneNat_EachPrivateTableRoutesThroughItsZonesGateway()
    {
        var (files, _) = Export(perAz: true);
        var trip = TerraformRoundTrip.Parse(files.VersionsTf, files.MainTf, files.ImportsTf);

        trip.AssertHolds();
        var table = trip.Resource("aws_route_table.rtb_private_ap_northeast_2b");
        Assert.Equal("aws_nat_gateway.nat_ap_northeast_2b.id", table.Nested("route").Ref("nat_gateway_id"));
        Assert.Equal("aws_internet_gateway.igw", Assert.IsType<HclValue.List>(trip.Resource("aws_nat_gateway.nat_ap_northeast_2b").Attributes["depends_on"]).Items.OfType<HclValue.Reference>().Single().Traversal);
    }

    [Fact]
    public void Build_RegionalNat_OneGatewayOfTheVpcWithoutAddressAndTheNewerProviderPin()
    {
        var (files, _) = Export(perAz: false, regional: true);
        var trip = TerraformRoundTrip.Parse(files.VersionsTf, files.MainTf, files.ImportsTf);

        trip.AssertHolds();
        var nat = trip.Resource("aws_nat_gateway.nat_regional");
        Assert.Equal("aws_vpc.vpc.id", nat.Ref("vpc_id"));
        Assert.False(nat.Attributes.ContainsKey("allocation_id"));
        Assert.False(nat.Attributes.ContainsKey("subnet_id"));
        Assert.Contains("availability_mode = \"regional\"", files.MainTf, StringComparison.Ordinal);
        Assert.DoesNotContain("aws_eip.", files.MainTf, StringComparison.Ordinal);
        Assert.Equal("aws_nat_gateway.nat_regional.id", trip.Resource("aws_route_table.rtb_private").Nested("route").Ref("nat_gateway_id"));
        Assert.Contains($"\"{TerraformExport.RegionalNatProviderVersion}\"", files.VersionsTf, StringComparison.Ordinal);
        Assert.DoesNotContain($"\"{TerraformExport.RegionalNatProviderVersion}\"", Export(perAz: false).Files.VersionsTf, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_NodeNotRecorded_HasNoBlockAndNoImport()
    {
        var (files, recorded) = Export(perAz: false, without: "addon/vpc-cni");
        var trip = TerraformRoundTrip.Parse(files.VersionsTf, files.MainTf, files.ImportsTf);

        trip.AssertHolds();
        Assert.DoesNotContain(trip.Main.Resources, r => r.Labels[0] == "aws_eks_addon");
        Assert.DoesNotContain("addon/vpc-cni", recorded.Select(r => r.Key));
    }

    [Fact]
    public void Quote_TemplateSequencesAndQuotes_StayLiteralText()
    {
        var text = HclWriter.Write([new HclBlock("locals", [], [new HclAttribute("a", HclExpr.Of("${x} %{y} \"q\" \\"))])]);

        var parsed = HclDocument.Parse(text);

        Assert.Empty(parsed.Violations);
        Assert.Equal("${x} %{y} \"q\" \\", parsed.Blocks[0].String("a"));
        Assert.Contains("$${x} %%{y}", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_MisalignedOrMisindented_ReportsTheLines()
    {
        var parsed = HclDocument.Parse("resource \"aws_vpc\" \"vpc\" {\n  cidr_block = \"10.0.0.0/16\"\n  enable_dns_support = true\n   tags = {}\n}\n");

        Assert.Contains(parsed.Violations, v => v.StartsWith("line 2: '='", StringComparison.Ordinal));
        Assert.Contains(parsed.Violations, v => v.StartsWith("line 4: indented 3", StringComparison.Ordinal));
    }

    private static (TerraformFiles Files, List<RecordedResource> Recorded) Export(bool perAz, string? without = null, bool regional = false)
    {
        var spec = perAz ? Kund.Tests.Domain.Planning.TestSpecs.PerAz() : regional ? Kund.Tests.Domain.Planning.TestSpecs.Regional() : SeedSpecs.Payments();
        var seed = ResourceGraphBuilder.Build(spec);
        List<ResourceNode> children =
        [
            new("node-role", ResourceKind.IamRole, [], new IamRoleDesired($"{Cluster}-eks-nodes", """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}""")),
            new("node-role/policy", ResourceKind.IamRolePolicyAttachment, ["node-role"], new IamRolePolicyAttachmentDesired("node-role", $"{Cluster}-eks-nodes", NodePolicy)),
            new("nodegroup/workers", ResourceKind.EksNodeGroup, ["eks", "node-role", "node-role/policy", "subnet/private-a", "subnet/private-b"], new EksNodeGroupDesired(
                "workers", "eks", Cluster, "node-role", ["subnet/private-a", "subnet/private-b"], ["t3.large"], "ON_DEMAND", "AL2023_x86_64_STANDARD", 20, 1, 2, 5,
                new Dictionary<string, string> { ["team"] = "a" })),
            new("addon/vpc-cni", ResourceKind.EksAddon, ["eks"], new EksAddonDesired("eks", Cluster, "vpc-cni", null)),
            new("access/0", ResourceKind.EksAccessEntry, ["eks"], new EksAccessEntryDesired("eks", Cluster, Principal, AdminPolicy, [])),
        ];
        var graph = new ResourceGraph([.. seed.Nodes, .. children]);
        var recorded = graph.Nodes.Where(n => n.Key != without).Select((n, i) => new RecordedResource(n.Key, ResourceState.Created, CloudOf(n, i))).ToList();
        return (TerraformExport.Build(Environment, graph, recorded), recorded);
    }

    /// <summary>Ids and attributes as each kind's driver records them.</summary>
    private static CloudResource CloudOf(ResourceNode node, int index)
    {
        var hex = index.ToString("x17", System.Globalization.CultureInfo.InvariantCulture);
        return node.Desired switch
        {
            VpcDesired => new CloudResource($"vpc-{hex}"),
            SubnetDesired => new CloudResource($"subnet-{hex}"),
            InternetGatewayDesired => new CloudResource($"igw-{hex}"),
            ElasticIpDesired => new CloudResource($"eipalloc-{hex}"),
            NatGatewayDesired or RegionalNatGatewayDesired => new CloudResource($"nat-{hex}"),
            RouteTableDesired => new CloudResource($"rtb-{hex}"),
            IamRoleDesired role => new CloudResource(role.RoleName, $"arn:aws:iam::111111111111:role/{role.RoleName}"),
            IamRolePolicyAttachmentDesired attachment => new CloudResource($"{attachment.RoleName}|{attachment.PolicyArn}", attachment.PolicyArn),
            EksClusterDesired cluster => new CloudResource(cluster.Name, $"arn:aws:eks:ap-northeast-2:111111111111:cluster/{cluster.Name}", new Dictionary<string, string> { ["version"] = cluster.KubernetesVersion }),
            EksNodeGroupDesired group => new CloudResource($"{group.ClusterName}/{group.Name}", null, new Dictionary<string, string> { ["desiredSize"] = "3" }),
            EksAddonDesired addon => new CloudResource($"{addon.ClusterName}/{addon.AddonName}", null, new Dictionary<string, string> { ["addonVersion"] = "1.19.0-eksbuild.1" }),
            EksAccessEntryDesired entry => new CloudResource($"{entry.ClusterName}/{entry.PrincipalArn}"),
            _ => throw new ArgumentException($"No record shape for {node.Kind}.", nameof(node)),
        };
    }
}

using System.IO.Compression;
using System.Net;
using Amazon.EC2.Model;
using Kund.Domain.Environments;
using Kund.Domain.Resources;
using Kund.Infrastructure.Aws;
using Kund.Infrastructure.Aws.Eks.Model;
using Kund.Infrastructure.Environments;
using Kund.Infrastructure.Persistence;
using Kund.Tests.Infrastructure.Terraform;
using Kund.Tests.Support;
using Kund.Tests.Web.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Kund.Tests.Web.Api;

/// <summary>
/// <c>GET /api/environments/{id}/terraform</c> on the seed environment the sandbox made: the zip's three files pass the
/// round-trip rules, and block by block they name what was recorded and what the cloud reports.
/// </summary>
public class TerraformApiTests(KundAppFactory app) : IClassFixture<KundAppFactory>
{
    [Fact]
    public async Task Get_ReadySeedEnvironment_ZipCheckedBlockByBlockAgainstTheRecordedResources()
    {
        var id = await ReadyAsync("terraform-ready");
        using var alice = await app.ClientForAsync(IdentityTestSupport.Alice);

        using var response = await alice.GetAsync($"/api/environments/{id}/terraform");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/zip", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("terraform-ready-terraform.zip", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName);
        var files = await UnzipAsync(response);
        Assert.Equal(["imports.tf", "main.tf", "versions.tf"], files.Keys.Order(StringComparer.Ordinal));
        var trip = TerraformRoundTrip.Parse(files["versions.tf"], files["main.tf"], files["imports.tf"]);
        trip.AssertHolds();

        var records = await RecordsAsync(id);
        var ids = trip.ImportIds;
        string Cloud(string key) => records.Single(r => r.Key == key).CloudId!;
        foreach (var record in records)
        {
            var (type, importId) = record.Kind switch
            {
                ResourceKind.Vpc => ("aws_vpc", record.CloudId),
                ResourceKind.Subnet => ("aws_subnet", record.CloudId),
                ResourceKind.InternetGateway => ("aws_internet_gateway", record.CloudId),
                ResourceKind.ElasticIp => ("aws_eip", record.CloudId),
                ResourceKind.NatGateway => ("aws_nat_gateway", record.CloudId),
                ResourceKind.RouteTable => ("aws_route_table", record.CloudId),
                ResourceKind.IamRole => ("aws_iam_role", record.CloudId),
                ResourceKind.IamRolePolicyAttachment => ("aws_iam_role_policy_attachment", record.CloudId!.Replace('|', '/')),
                ResourceKind.EksCluster => ("aws_eks_cluster", record.CloudId),
                ResourceKind.EksNodeGroup => ("aws_eks_node_group", record.CloudId!.Replace('/', ':')),
                ResourceKind.EksAddon => ("aws_eks_addon", record.CloudId!.Replace('/', ':')),
                ResourceKind.EksAccessEntry => ("aws_eks_access_entry", record.CloudId!.Replace(record.CloudId!.Split('/')[0] + "/", record.CloudId.Split('/')[0] + ":", StringComparison.Ordinal)),
                _ => ("", null),
            };
            Assert.Equal(importId, Assert.Single(ids, i => i.Key.StartsWith(type + ".", StringComparison.Ordinal) && i.Value == importId).Value);
        }

        // Every subnet associated with a table has its association, imported as subnet/table.
        var associations = trip.Main.OfType("aws_route_table_association").ToList();
        Assert.Equal(4, associations.Count);
        foreach (var association in associations)
        {
            var table = trip.Resource(association.Ref("route_table_id")[..^3]);
            var subnet = trip.Resource(association.Ref("subnet_id")[..^3]);
            Assert.Equal($"{ids[subnet.Address]}/{ids[table.Address]}", ids[association.Address]);
        }

        // The blocks say what the cloud says.
        var ec2 = app.Services.GetRequiredService<AwsClients>().Ec2("ap-northeast-2");
        var vpc = (await ec2.DescribeVpcsAsync(new DescribeVpcsRequest { VpcIds = [Cloud("vpc")] })).Vpcs.Single();
        Assert.Equal(vpc.CidrBlock, trip.Resource("aws_vpc.vpc").String("cidr_block"));
        foreach (var block in trip.Main.OfType("aws_subnet"))
        {
            var subnet = (await ec2.DescribeSubnetsAsync(new DescribeSubnetsRequest { SubnetIds = [ids[block.Address]] })).Subnets.Single();
            Assert.Equal((subnet.CidrBlock, subnet.AvailabilityZone, subnet.MapPublicIpOnLaunch ?? false, "aws_vpc.vpc.id"), (block.String("cidr_block"), block.String("availability_zone"), block.Bool("map_public_ip_on_launch"), block.Ref("vpc_id")));
        }

        var nat = Assert.Single(trip.Main.OfType("aws_nat_gateway"));
        var gateway = (await ec2.DescribeNatGatewaysAsync(new DescribeNatGatewaysRequest { NatGatewayIds = [ids[nat.Address]] })).NatGateways.Single();
        Assert.Equal(gateway.SubnetId, ids[nat.Ref("subnet_id")[..^3]]);
        Assert.Equal(gateway.NatGatewayAddresses.Single().AllocationId, ids[nat.Ref("allocation_id")[..^3]]);

        var described = (await app.Services.GetRequiredService<AwsClients>().Eks("ap-northeast-2").DescribeClusterAsync(new DescribeClusterRequest { Name = Cloud("eks") })).Cluster;
        var cluster = trip.Resource("aws_eks_cluster.eks");
        Assert.Equal((described.Name, described.Version), (cluster.String("name"), cluster.String("version")));
        var subnetRefs = Assert.IsType<HclValue.List>(cluster.Nested("vpc_config").Attributes["subnet_ids"]).Items.Cast<HclValue.Reference>();
        Assert.Equal(described.ResourcesVpcConfig!.SubnetIds!.Order(StringComparer.Ordinal), subnetRefs.Select(r => ids[r.Address]).Order(StringComparer.Ordinal));
        Assert.Equal(described.RoleArn, records.Single(r => r.Key == "role").Arn);
        Assert.Equal("aws_iam_role.role.arn", cluster.Ref("role_arn"));
        // Kund asks EKS not to make its own role an admin of the cluster (api.md), and the export says so.
        Assert.False(cluster.Nested("access_config").Bool("bootstrap_cluster_creator_admin_permissions"));
    }

    [Fact]
    public async Task HandOver_Ready_NeverExpiresNeverDestroyedHistoryKeptAndAudited()
    {
        var now = DateTimeOffset.UtcNow;
        var id = await ReadyAsync("terraform-handover", now.AddHours(1));
        using var alice = await app.ClientForAsync(IdentityTestSupport.Alice);

        var handedOver = await alice.PostAsync($"/api/environments/{id}/handover", null, 200);

        Assert.Equal("HandedOver", (string)handedOver["status"]!);
        Assert.Null(handedOver["expiresAt"]);
        var expiry = new ExpiryService(app.Services.GetRequiredService<IServiceScopeFactory>(), new FakeTimeProvider(now.AddDays(3)), NullLogger<ExpiryService>.Instance);
        await expiry.ExpireDueAsync(CancellationToken.None);
        var refused = await alice.PostAsync($"/api/environments/{id}/destroy", null, 409);
        Assert.Contains("HandedOver", (string)refused["detail"]!, StringComparison.Ordinal);
        Assert.Contains("Ready", (string)refused["detail"]!, StringComparison.Ordinal);
        await alice.PostAsync($"/api/environments/{id}/handover", null, 409);

        using var dave = await app.ClientForAsync(IdentityTestSupport.Dave);
        var after = await dave.GetObjectAsync($"/api/environments/{id}");
        Assert.Equal("HandedOver", (string)after["status"]!);
        Assert.All(after["resources"]!.AsArray(), r => Assert.Equal("Created", (string)r!["state"]!));
        var audited = Assert.Single((await dave.GetObjectAsync($"/api/audit?environmentId={id}&action=environment.handed-over"))["items"]!.AsArray());
        Assert.Equal(IdentityTestSupport.Alice, (string)audited!["actor"]!);
        Assert.NotEmpty((await dave.GetObjectAsync($"/api/audit?environmentId={id}&action=environment.approved"))["items"]!.AsArray());
        Assert.Empty((await dave.GetObjectAsync($"/api/audit?environmentId={id}&action=environment.expired"))["items"]!.AsArray());
        using var export = await alice.GetAsync($"/api/environments/{id}/terraform");
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
    }

    [Fact]
    public async Task Get_Draft_409NamingTheStatus()
    {
        var draft = await app.WithAsync<EnvironmentService, TeamEnvironment>(s => s.CreateDraftAsync(Callers.Alice, SeedSpecs.Payments("terraform-draft"), CancellationToken.None));
        using var alice = await app.ClientForAsync(IdentityTestSupport.Alice);

        using var response = await alice.GetAsync($"/api/environments/{draft.Id}/terraform");

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("Draft", (string)(await response.ReadObjectAsync())["currentStatus"]!);
    }

    [Fact]
    public async Task Get_AnotherTeamsOrUnknownEnvironment_404()
    {
        var draft = await app.WithAsync<EnvironmentService, TeamEnvironment>(s => s.CreateDraftAsync(Callers.Alice, SeedSpecs.Payments("terraform-hidden"), CancellationToken.None));
        using var bob = await app.ClientForAsync(IdentityTestSupport.Bob);

        using var hidden = await bob.GetAsync($"/api/environments/{draft.Id}/terraform");
        using var unknown = await bob.GetAsync($"/api/environments/{Guid.NewGuid()}/terraform");

        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound), (hidden.StatusCode, unknown.StatusCode));
    }

    private static async Task<Dictionary<string, string>> UnzipAsync(HttpResponseMessage response)
    {
        await using var stream = await response.Content.ReadAsStreamAsync();
        using var zip = new ZipArchive(stream, ZipArchiveMode.Read);
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in zip.Entries)
        {
            using var reader = new StreamReader(entry.Open());
            files[entry.FullName] = await reader.ReadToEndAsync();
        }

        return files;
    }

    private async Task<List<ResourceRecord>> RecordsAsync(Guid id)
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<KundDbContext>().Set<ResourceRecord>().AsNoTracking()
            .Where(r => r.EnvironmentId == id && r.State == ResourceState.Created).ToListAsync();
    }

    private async Task<Guid> ReadyAsync(string name, DateTimeOffset? expiresAt = null)
    {
        var draft = await app.WithAsync<EnvironmentService, TeamEnvironment>(s => s.CreateDraftAsync(Callers.Alice, SeedSpecs.Payments(name) with { ExpiresAt = expiresAt }, CancellationToken.None));
        await app.WithAsync<EnvironmentService, TeamEnvironment>(s => s.SubmitAsync(Callers.Alice, draft.Id, CancellationToken.None));
        await app.WithAsync<EnvironmentService, TeamEnvironment>(s => s.ApproveAsync(Callers.Carol, draft.Id, null, CancellationToken.None));
        var view = await app.WaitForStatusAsync(draft.Id, TimeSpan.FromSeconds(90), EnvironmentStatus.Ready, EnvironmentStatus.Failed);
        Assert.Equal(EnvironmentStatus.Ready, view.Status);
        return draft.Id;
    }
}

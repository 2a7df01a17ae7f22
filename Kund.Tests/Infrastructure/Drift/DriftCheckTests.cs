using Amazon.EC2.Model;
using Kund.Domain.Drift;
using Kund.Domain.Environments;
using Kund.Domain.Resources;
using Kund.Infrastructure.Audit;
using Kund.Infrastructure.Aws;
using Kund.Infrastructure.Drift;
using Kund.Infrastructure.Environments;
using Kund.Tests.Infrastructure.Jobs;
using Kund.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using IamModel = Kund.Infrastructure.Aws.Iam.Model;

namespace Kund.Tests.Infrastructure.Drift;

/// <summary>A host whose drift monitor is off and whose checks are unpaced: the test runs each pass itself.</summary>
public class ManualDriftApp : KundAppFactory
{
    public ManualDriftApp()
    {
        Settings["Kund:Drift:RunMonitor"] = "false";
        Settings["Kund:Drift:ReadsPerSecond"] = "0";
    }
}

/// <summary>Drift checks of a Ready seed environment on the sandbox cloud, with changes made behind Kund's back.</summary>
public class DriftCheckTests(ManualDriftApp app) : IClassFixture<ManualDriftApp>
{
    private const string Region = "ap-northeast-2";
    private const string Approved = "203.0.113.0/24";
    private const string Unmanaged = "10.3.64.0/20";

    [Fact]
    public async Task Check_EachDriftInjectedOutOfBand_FoundWithAttributeAndSeverityReadOnlyThenInSyncOnceUndone()
    {
        var spec = SeedSpecs.Payments("drift-a");
        spec = spec with { Cluster = spec.Cluster! with { PublicAccessCidrs = [Approved] } };
        var id = await app.ApproveAsync(spec);
        var ready = await app.WaitForStatusAsync(id, ProvisioningHarness.Patience, EnvironmentStatus.Ready, EnvironmentStatus.Failed);
        Assert.True(ready.Status == EnvironmentStatus.Ready, $"{ready.Status}: {ready.FailureReason}");
        Assert.Equal(DriftState.Unknown, ready.Drift);

        var baseline = await CheckAsync(id);
        Assert.True(baseline.Status == DriftCheckStatus.InSync, $"a fresh environment drifted: {Describe(baseline)}");

        var records = (await app.RecordsOfAsync(id)).ToDictionary(r => r.Key, r => r);
        var ec2 = app.Services.GetRequiredService<AwsClients>().Ec2(Region);
        var iam = app.Services.GetRequiredService<AwsClients>().Iam;
        var cloud = app.Cloud();
        var vpcId = ready.Outputs.VpcId!;
        var publicTable = records[ResourceKeys.PublicRouteTable].CloudId!;
        var privateTable = records[ResourceKeys.PrivateRouteTable].CloudId!;
        var igw = records[ResourceKeys.InternetGateway].CloudId!;
        var nat = records.Values.Single(r => r.Kind == ResourceKind.NatGateway).CloudId!;
        var roleName = records[ResourceKeys.ClusterRole].CloudId!;
        var publicA = ready.Outputs.SubnetIds["public-a"];
        var privateA = ready.Outputs.SubnetIds["private-a"];
        var privateAssociation = ResourceRecords.ReadAttributes(records[ResourceKeys.PrivateRouteTable].Attributes)["association:subnet/private-a"];

        // What someone does in the console.
        var strayAddress = cloud.AllocateAddress(Region);
        var strayNat = (await ec2.CreateNatGatewayAsync(new CreateNatGatewayRequest { SubnetId = ready.Outputs.SubnetIds["public-b"], AllocationId = strayAddress.AllocationId })).NatGateway.NatGatewayId;
        await ec2.DeleteRouteAsync(new DeleteRouteRequest { RouteTableId = privateTable, DestinationCidrBlock = "0.0.0.0/0" });
        await ec2.ReplaceRouteAsync(new ReplaceRouteRequest { RouteTableId = publicTable, DestinationCidrBlock = "0.0.0.0/0", NatGatewayId = strayNat });
        await ec2.CreateTagsAsync(new CreateTagsRequest { Resources = [publicA], Tags = [new Tag("cost-center", "9999")] });
        var moved = (await ec2.ReplaceRouteTableAssociationAsync(new ReplaceRouteTableAssociationRequest { AssociationId = privateAssociation, RouteTableId = publicTable })).NewAssociationId;
        cloud.OpenClusterEndpoint(Region, "drift-a", ["0.0.0.0/0"]);
        await iam.DetachRolePolicyAsync(new IamModel.DetachRolePolicyRequest { RoleName = roleName, PolicyArn = "arn:aws:iam::aws:policy/AmazonEKSClusterPolicy" });
        var straySubnet = (await ec2.CreateSubnetAsync(new CreateSubnetRequest { VpcId = vpcId, CidrBlock = Unmanaged, AvailabilityZone = "ap-northeast-2a" })).Subnet.SubnetId;

        cloud.Calls.Reset();
        var drifted = await CheckAsync(id);

        Assert.All(cloud.Calls.Snapshot().Keys, operation => Assert.True(
            operation.StartsWith("Describe", StringComparison.Ordinal) || operation.StartsWith("Get", StringComparison.Ordinal) || operation.StartsWith("List", StringComparison.Ordinal),
            $"a drift check called {operation}"));
        Assert.Equal(DriftCheckStatus.Drifted, drifted.Status);
        Assert.Equal(DriftState.Drifted, drifted.State);
        Expect(drifted, ResourceKeys.PrivateRouteTable, "routes[0.0.0.0/0]", nat, null, DriftSeverity.Functional);
        Expect(drifted, ResourceKeys.PublicRouteTable, "routes[0.0.0.0/0]", igw, strayNat, DriftSeverity.Security);
        Expect(drifted, "subnet/public-a", "tags.cost-center", "1234", "9999", DriftSeverity.Cosmetic);
        Expect(drifted, ResourceKeys.PrivateRouteTable, "associations[subnet/private-a]", privateTable, publicTable, DriftSeverity.Functional);
        Expect(drifted, ResourceKeys.Cluster, "publicAccessCidrs", Approved, "0.0.0.0/0", DriftSeverity.Security);
        Expect(drifted, ResourceKeys.ClusterRolePolicy, DriftItem.Exists, $"{DriftItem.Present} ({records[ResourceKeys.ClusterRolePolicy].CloudId})", null, DriftSeverity.Functional);
        Assert.Equal(6, drifted.Items.Count);
        Assert.Equal(DriftSeverity.Security, drifted.Items[0].Severity);
        Assert.Contains(drifted.Unmanaged, u => u.CloudId == straySubnet && u.Kind == "subnet");
        Assert.Contains(drifted.Unmanaged, u => u.CloudId == strayNat && u.Kind == "natgateway");
        Assert.Equal(2, drifted.Unmanaged.Count);
        var view = await app.WithAsync<EnvironmentQueries, EnvironmentView>(q => q.GetAsync(Callers.Alice, id, CancellationToken.None));
        Assert.Equal(DriftState.Drifted, view.Drift);

        // Put everything back.
        await ec2.CreateRouteAsync(new CreateRouteRequest { RouteTableId = privateTable, DestinationCidrBlock = "0.0.0.0/0", NatGatewayId = nat });
        await ec2.ReplaceRouteAsync(new ReplaceRouteRequest { RouteTableId = publicTable, DestinationCidrBlock = "0.0.0.0/0", GatewayId = igw });
        await ec2.DeleteNatGatewayAsync(new DeleteNatGatewayRequest { NatGatewayId = strayNat });
        await ec2.CreateTagsAsync(new CreateTagsRequest { Resources = [publicA], Tags = [new Tag("cost-center", "1234")] });
        await ec2.ReplaceRouteTableAssociationAsync(new ReplaceRouteTableAssociationRequest { AssociationId = moved, RouteTableId = privateTable });
        cloud.OpenClusterEndpoint(Region, "drift-a", [Approved]);
        await iam.AttachRolePolicyAsync(new IamModel.AttachRolePolicyRequest { RoleName = roleName, PolicyArn = "arn:aws:iam::aws:policy/AmazonEKSClusterPolicy" });
        await ec2.DeleteSubnetAsync(new DeleteSubnetRequest { SubnetId = straySubnet });
        Assert.NotEqual(privateA, straySubnet);

        var undone = await CheckAsync(id);
        Assert.True(undone.Status == DriftCheckStatus.InSync, $"still drifted after undoing: {Describe(undone)}");
        view = await app.WithAsync<EnvironmentQueries, EnvironmentView>(q => q.GetAsync(Callers.Alice, id, CancellationToken.None));
        Assert.Equal(DriftState.InSync, view.Drift);

        var audited = await app.WithAsync<AuditQueries, Page<AuditItem>>(q => q.ListAsync(Callers.Dave, new AuditFilter(Action: DriftRunner.DriftedAction), null, 50, CancellationToken.None));
        var entry = Assert.Single(audited.Items);
        Assert.Equal(id, entry.EnvironmentId);
        Assert.Equal(Callers.Alice.Email, entry.Actor);
    }

    [Fact]
    public async Task Check_AddonVersionChangedOutOfBand_ReportedWithTheAttributeNamedThenInSyncOnceBack()
    {
        var spec = SeedSpecs.Payments("drift-addon");
        spec = spec with { Cluster = spec.Cluster! with { KubernetesVersion = "1.34", Addons = [new Kund.Domain.Specs.AddonSpec { Name = "vpc-cni" }] } };
        var id = await app.ApproveAsync(spec);
        var ready = await app.WaitForStatusAsync(id, ProvisioningHarness.Patience, EnvironmentStatus.Ready, EnvironmentStatus.Failed);
        Assert.True(ready.Status == EnvironmentStatus.Ready, $"{ready.Status}: {ready.FailureReason}");
        var baseline = await CheckAsync(id);
        Assert.True(baseline.Status == DriftCheckStatus.InSync, $"a fresh environment drifted: {Describe(baseline)}");
        var installed = app.Cloud().DescribeAddon(Region, "drift-addon", "vpc-cni").Version;
        var other = installed == "v1.21.1-eksbuild.1" ? "v1.20.4-eksbuild.2" : "v1.21.1-eksbuild.1";

        app.Cloud().SetAddonVersion(Region, "drift-addon", "vpc-cni", other);
        cloud().Calls.Reset();
        var drifted = await CheckAsync(id);

        Assert.All(cloud().Calls.Snapshot().Keys, operation => Assert.Matches("^(Describe|Get|List)", operation));
        Assert.Equal(DriftCheckStatus.Drifted, drifted.Status);
        Expect(drifted, "addon/vpc-cni", "addonVersion", installed, other, DriftSeverity.Functional);
        Assert.Equal(ResourceKind.EksAddon, Assert.Single(drifted.Items).Kind);

        app.Cloud().SetAddonVersion(Region, "drift-addon", "vpc-cni", installed);
        var undone = await CheckAsync(id);
        Assert.True(undone.Status == DriftCheckStatus.InSync, $"still drifted after undoing: {Describe(undone)}");

        Kund.Infrastructure.Sandbox.SandboxCloud cloud() => app.Cloud();
    }

    [Fact]
    public async Task Request_DraftEnvironment_RefusedNamingItsStatus()
    {
        var draft = await app.WithAsync<EnvironmentService, TeamEnvironment>(s => s.CreateDraftAsync(Callers.Alice, SeedSpecs.Payments("drift-draft"), CancellationToken.None));

        var refused = await Assert.ThrowsAsync<DriftCheckRefusedException>(() => app.WithAsync<DriftService, DriftView>(s => s.RequestAsync(Callers.Alice, draft.Id, CancellationToken.None)));

        Assert.Equal(EnvironmentStatus.Draft, refused.Status);
        Assert.Contains("Draft", refused.Message, StringComparison.Ordinal);
        Assert.Contains("Ready", refused.Message, StringComparison.Ordinal);
        Assert.Equal(DriftCheckStatus.Unknown, (await app.WithAsync<DriftService, DriftView>(s => s.GetAsync(Callers.Alice, draft.Id, CancellationToken.None))).Status);
    }

    /// <summary>Asks for a check as alice and runs the pass that takes it.</summary>
    private async Task<DriftView> CheckAsync(Guid id)
    {
        var asked = await app.WithAsync<DriftService, DriftView>(s => s.RequestAsync(Callers.Alice, id, CancellationToken.None));
        Assert.Equal(DriftCheckStatus.Checking, asked.Status);
        var pass = await app.Services.GetRequiredService<DriftRunner>().RunPassAsync(CancellationToken.None);
        Assert.Contains(id, pass.Checked);
        return await app.WithAsync<DriftService, DriftView>(s => s.GetAsync(Callers.Alice, id, CancellationToken.None));
    }

    private static void Expect(DriftView view, string key, string attribute, string? expected, string? actual, DriftSeverity severity)
    {
        var item = view.Items.SingleOrDefault(i => i.Key == key && i.Attribute == attribute);
        Assert.True(item is not null, $"no item {key} {attribute} among {Describe(view)}");
        Assert.Equal((expected, actual, severity), (item.Expected, item.Actual, item.Severity));
    }

    private static string Describe(DriftView view) =>
        string.Join("; ", view.Items.Select(i => $"{i.Key} {i.Attribute}: {i.Expected} → {i.Actual} ({i.Severity})")
            .Concat(view.Unmanaged.Select(u => $"unmanaged {u.Kind} {u.CloudId}"))) + (view.Error is null ? "" : $" error: {view.Error}");
}

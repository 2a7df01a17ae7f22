using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Amazon.EC2.Model;
using Kund.Domain;
using Kund.Domain.Environments;
using Kund.Domain.Revisions;
using Kund.Domain.Specs;
using Kund.Infrastructure.Aws;
using Kund.Infrastructure.Environments;
using Kund.Infrastructure.Revisions;
using Kund.Tests.Support;
using Kund.Tests.Web.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Kund.Tests.Web.Revisions;

/// <summary>What the change-run tests do to a host: propose, submit and approve a revision, and look at the routes in the cloud.</summary>
public static class ChangeRuns
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    /// <summary>A client signed in with a bearer token of <paramref name="email"/>.</summary>
    public static async Task<HttpClient> ClientAsync(this KundAppFactory app, string email) => app.CreateBearerClient((await app.CreateTokenAsync(email)).Token);

    /// <summary>Created and submitted over the API by <paramref name="requester"/>, approved (by a second approver too, for prod), and Ready.</summary>
    public static async Task<Guid> ReadyOverApiAsync(this KundAppFactory app, HttpClient requester, HttpClient approver, EnvironmentSpec spec, HttpClient? secondApprover = null)
    {
        using var created = await requester.PostAsync("/api/environments", Json(spec));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await requester.PostAsync($"/api/environments/{id}/submit", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await approver.PostAsJsonAsync($"/api/environments/{id}/approve", new { comment = "go" })).StatusCode);
        if (secondApprover is not null)
        {
            Assert.Equal(HttpStatusCode.OK, (await secondApprover.PostAsJsonAsync($"/api/environments/{id}/approve", new { comment = "go" })).StatusCode);
        }

        var ready = await app.WaitForStatusAsync(id, Patience, EnvironmentStatus.Ready, EnvironmentStatus.Failed);
        Assert.True(ready.Status == EnvironmentStatus.Ready, $"{ready.Status}: {ready.FailureReason}");
        return id;
    }

    /// <summary>Drafted and submitted by alice, approved by carol, through the services; Ready within a minute.</summary>
    public static async Task<Guid> ReadyThroughServicesAsync(this KundAppFactory app, EnvironmentSpec spec)
    {
        var draft = await app.WithAsync<EnvironmentService, TeamEnvironment>(s => s.CreateDraftAsync(Callers.Alice, spec, CancellationToken.None));
        await app.WithAsync<EnvironmentService, TeamEnvironment>(s => s.SubmitAsync(Callers.Alice, draft.Id, CancellationToken.None));
        await app.WithAsync<EnvironmentService, TeamEnvironment>(s => s.ApproveAsync(Callers.Carol, draft.Id, "go", CancellationToken.None));
        var ready = await app.WaitForStatusAsync(draft.Id, TimeSpan.FromSeconds(60), EnvironmentStatus.Ready, EnvironmentStatus.Failed);
        Assert.True(ready.Status == EnvironmentStatus.Ready, $"{ready.Status}: {ready.FailureReason}");
        return draft.Id;
    }

    /// <summary>A JSON body as the API reads it.</summary>
    public static StringContent Json<T>(T body) => new(JsonSerializer.Serialize(body, KundJson.Options), Encoding.UTF8, "application/json");

    /// <summary><paramref name="spec"/> at Kubernetes <paramref name="version"/> with the default add-ons, those named at the versions given.</summary>
    public static EnvironmentSpec WithAddons(EnvironmentSpec spec, string version, params (string Name, string Version)[] addons) =>
        spec with
        {
            Cluster = spec.Cluster! with
            {
                KubernetesVersion = version,
                Addons = [.. SpecDefaults.DefaultAddons.Select(name => new AddonSpec { Name = name, Version = addons.Where(a => a.Name == name).Select(a => a.Version).FirstOrDefault() })],
            },
        };

    public static EnvironmentSpec PerAz(EnvironmentSpec spec) => spec with { Routing = new RoutingSpec { InternetGateway = true, NatGateways = NatGatewayMode.PerAz } };

    /// <summary>Alice proposes <paramref name="spec"/> (or a rollback) and submits it; carol approves it, which starts its change.</summary>
    public static async Task<int> ApproveChangeAsync(this KundAppFactory app, Guid id, EnvironmentSpec? spec, int? rollbackTo = null)
    {
        var revision = await app.WithAsync<RevisionService, EnvironmentRevision>(s => s.ProposeAsync(Callers.Alice, id, spec, rollbackTo, null, CancellationToken.None));
        await app.WithAsync<RevisionService, EnvironmentRevision>(s => s.SubmitAsync(Callers.Alice, id, revision.Number, CancellationToken.None));
        await app.WithAsync<RevisionService, EnvironmentRevision>(s => s.ApproveAsync(Callers.Carol, id, revision.Number, null, CancellationToken.None));
        return revision.Number;
    }

    public static Task<RevisionView> RevisionAsync(this KundAppFactory app, Guid id, int number) =>
        app.WithAsync<RevisionService, RevisionView>(s => s.GetAsync(Callers.Carol, id, number, CancellationToken.None));

    /// <summary>
    /// Every private subnet of the environment sits in exactly one route table whose default route goes to an
    /// available NAT gateway — in the subnet's own zone when <paramref name="perZone"/>. Returns the gateways used.
    /// </summary>
    public static async Task<IReadOnlyList<NatGateway>> AssertPrivateRoutesAsync(this KundAppFactory app, EnvironmentView view, bool perZone)
    {
        var ec2 = app.Services.GetRequiredService<AwsClients>().Ec2(view.Spec.Region!);
        var vpcId = view.Outputs.VpcId;
        var tables = (await ec2.DescribeRouteTablesAsync(new DescribeRouteTablesRequest())).RouteTables.Where(t => t.VpcId == vpcId).ToList();
        var gateways = (await ec2.DescribeNatGatewaysAsync(new DescribeNatGatewaysRequest())).NatGateways.Where(n => n.VpcId == vpcId && n.State == "available").ToList();
        var used = new List<NatGateway>();
        foreach (var subnet in view.Spec.Subnets!.Where(s => s.Tier == SubnetTier.Private))
        {
            var subnetId = view.Outputs.SubnetIds[subnet.Name];
            var table = Assert.Single(tables, t => (t.Associations ?? []).Any(a => a.SubnetId == subnetId));
            var route = Assert.Single(table.Routes ?? [], r => r.DestinationCidrBlock == "0.0.0.0/0");
            var gateway = Assert.Single(gateways, g => g.NatGatewayId == route.NatGatewayId);
            if (perZone)
            {
                var publicInZone = view.Spec.Subnets!.Single(s => s.Tier == SubnetTier.Public && s.AvailabilityZone == subnet.AvailabilityZone);
                Assert.Equal(view.Outputs.SubnetIds[publicInZone.Name], gateway.SubnetId);
            }

            used.Add(gateway);
        }

        return [.. used.DistinctBy(g => g.NatGatewayId)];
    }
}

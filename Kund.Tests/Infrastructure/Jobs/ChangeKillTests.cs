using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Amazon.EC2;
using Amazon.EC2.Model;
using Kund.Domain;
using Kund.Domain.Specs;
using Kund.Tests.Support;
using Kund.Tests.Web.Api;
using Kund.Tests.Web.Identity;
using Npgsql;
using Xunit.Abstractions;

namespace Kund.Tests.Infrastructure.Jobs;

/// <summary>
/// Issue 15, "kill -9 in the middle of a change, at every cut point of one change": Kund.Web.dll as a separate
/// process in Sandbox mode, its sandbox cloud kept in a file that holds every change the cloud answered (as AWS
/// never forgets one). A network environment is moved from one NAT gateway to one per zone, and the process is
/// killed with SIGKILL right after the change's n-th committed transition, for every n the uninterrupted change
/// has, one environment each; on a busy machine up to three kills may land after the change's end is committed.
/// Kund started again on the same database and state resumes each change to Ready: every recorded resource exists
/// once in the cloud, nothing of the change is made twice, and every private subnet routes to an available NAT
/// gateway in its own zone. Seen from outside, through the sandbox's AWS endpoint with AWSSDK.EC2, and over the
/// HTTP API.
/// </summary>
public sealed class ChangeKillTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly TestDatabase database = new();
    private readonly string statePath = Path.Combine(Path.GetTempPath(), $"kund-change-kill-{Guid.NewGuid():N}.json");
    private readonly Dictionary<string, string> tokens = [];

    public Task InitializeAsync() => database.InitializeAsync();

    public async Task DisposeAsync()
    {
        await database.DisposeAsync();
        File.Delete(statePath);
    }

    [Fact]
    public async Task KillMinus9_AfterEachCommittedTransitionOfANatChange_RestartedKundResumesToReady_EachResourceOnce_EverySubnetRoutedInItsZone()
    {
        var clock = Stopwatch.StartNew();
        var environment = new Dictionary<string, string>
        {
            ["ConnectionStrings__Kund"] = database.ConnectionString,
            ["Kund__Mode"] = "Sandbox",
            // NAT gateways take 1.5 s to come up and 1 s to go: the change's transitions are spread out enough for a
            // kill to land between two of them.
            ["Kund__Sandbox__TimeScale"] = "60",
            ["Kund__Sandbox__StatePath"] = statePath,
            ["Kund__Sandbox__ThrottlingEnabled"] = "false",
            ["Kund__Sandbox__VpcLimitPerRegion"] = "200",
            ["Kund__Sandbox__AddressLimitPerRegion"] = "200",
            // The killed process's lease lapses 2 s after its last heartbeat; the restarted one takes the job over then.
            ["Kund__Provisioning__LeaseDuration"] = "00:00:02",
            ["Kund__Provisioning__HeartbeatInterval"] = "00:00:00.500",
            ["Kund__Provisioning__PollInterval"] = "00:00:00.200",
            ["Kund__Provisioning__RetryDelay"] = "00:00:00",
        };
        foreach (var user in new[] { IdentityTestSupport.Alice, IdentityTestSupport.Carol })
        {
            var (exitCode, stdout, stderr) = await KundProcess.RunAsync(["token", "create", "--user", user, "--name", "change-kill"], environment);
            Assert.True(exitCode == 0, stderr);
            tokens[user] = stdout.Trim();
        }

        var kund = await RunningKund.StartAsync(environment);
        try
        {
            // An uninterrupted change tells how many transitions it commits: each is a cut point.
            var baseline = await ReadyNetworkAsync(kund, "kill-base");
            var before = await TransitionsAsync(baseline);
            await ApproveChangeAsync(kund, baseline);
            await AssertChangedAsync(kund, baseline);
            var total = (int)(await TransitionsAsync(baseline) - before);
            // Made: an Elastic IP, a NAT gateway, two route tables (Creating, Created each); deleted: the shared route table.
            Assert.True(total >= 10, $"expected at least ten transitions in the change, saw {total}");

            var environments = new List<Guid>();
            foreach (var n in Enumerable.Range(1, total))
            {
                environments.Add(await CreateNetworkAsync(kund, $"kill-{n:00}"));
            }

            foreach (var id in environments)
            {
                await ReadyAsync(kund, id);
            }

            var cuts = new List<string>();
            var missed = 0;
            foreach (var (id, n) in environments.Select((id, i) => (id, i + 1)))
            {
                var start = await TransitionsAsync(id);
                await ApproveChangeAsync(kund, id);
                using (var patience = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
                {
                    while (await TransitionsAsync(id) - start < n)
                    {
                        Assert.False(patience.IsCancellationRequested, $"the change of {id} never committed {n} transitions\n{kund.Log}");
                        await Task.Delay(5, CancellationToken.None);
                    }
                }

                await kund.KillAsync();
                var committed = (int)(await TransitionsAsync(id) - start);
                // After the last transition there is still the run's own end to commit (revision Applied, environment
                // Ready). On a busy machine the last few transitions and the end can all commit before the kill lands.
                var ended = await AppliedAtAsync(id) is not null;
                cuts.Add(ended ? $"{n} (ended before the kill)" : committed == n ? $"{n}" : $"{n} (killed after {committed})");
                missed += ended ? 1 : 0;

                kund = await RunningKund.StartAsync(environment);
                await AssertChangedAsync(kund, id);
            }

            output.WriteLine($"{total} cut points: {string.Join(", ", cuts)}; {clock.Elapsed.TotalSeconds:F1} s in all");
            Assert.True(missed <= 3, $"{missed} of {total} kills came after the change had ended: {string.Join(", ", cuts)}");
        }
        finally
        {
            await kund.DisposeAsync();
        }
    }

    /// <summary>The seed network (two zones, a public and a private subnet in each, one NAT gateway) without a cluster.</summary>
    private static EnvironmentSpec Network(string name) => SeedSpecs.Payments(name) with { ClusterRole = null, Cluster = null };

    private async Task<Guid> CreateNetworkAsync(RunningKund kund, string name)
    {
        using var alice = Client(kund, IdentityTestSupport.Alice);
        using var carol = Client(kund, IdentityTestSupport.Carol);
        var id = Guid.Parse((string)(await alice.PostAsync("/api/environments", ApiClient.Spec(Network(name)), 201))["id"]!);
        await alice.PostAsync($"/api/environments/{id}/submit", null, 200);
        await carol.PostAsync($"/api/environments/{id}/approve", ApiClient.Json("""{"comment":"ok"}"""), 200);
        return id;
    }

    private async Task<Guid> ReadyNetworkAsync(RunningKund kund, string name)
    {
        var id = await CreateNetworkAsync(kund, name);
        await ReadyAsync(kund, id);
        return id;
    }

    private async Task<JsonObject> ReadyAsync(RunningKund kund, Guid id)
    {
        using var alice = Client(kund, IdentityTestSupport.Alice);
        var view = await alice.WaitForStatusAsync(id, "Ready", "Failed");
        Assert.True((string)view["status"]! == "Ready", $"{view}\n{kund.Log}");
        return view;
    }

    /// <summary>Alice proposes one NAT gateway per zone as revision 2 and submits it; carol approves, which starts the change.</summary>
    private async Task ApproveChangeAsync(RunningKund kund, Guid id)
    {
        using var alice = Client(kund, IdentityTestSupport.Alice);
        using var carol = Client(kund, IdentityTestSupport.Carol);
        var spec = Network((string)(await alice.GetObjectAsync($"/api/environments/{id}"))["name"]!) with
        {
            Routing = new RoutingSpec { InternetGateway = true, NatGateways = NatGatewayMode.PerAz },
        };
        var body = JsonSerializer.Serialize(new { spec, comment = "one NAT gateway per zone" }, KundJson.Options);
        Assert.Equal(2, (int)(await alice.PostAsync($"/api/environments/{id}/revisions", ApiClient.Json(body), 201))["number"]!);
        await alice.PostAsync($"/api/environments/{id}/revisions/2/submit", null, 200);
        await carol.PostAsync($"/api/environments/{id}/revisions/2/approve", ApiClient.Json("""{"comment":"go"}"""), 200);
    }

    /// <summary>Revision 2 applied and the environment Ready; the cloud holds each recorded resource once, routed per zone.</summary>
    private async Task AssertChangedAsync(RunningKund kund, Guid id)
    {
        using var alice = Client(kund, IdentityTestSupport.Alice);
        using (var patience = new CancellationTokenSource(TimeSpan.FromSeconds(90)))
        {
            while ((string)(await alice.GetObjectAsync($"/api/environments/{id}/revisions/2"))["status"]! != "Applied")
            {
                Assert.False(patience.IsCancellationRequested, $"revision 2 of {id} is not applied\n{kund.Log}");
                await Task.Delay(100, CancellationToken.None);
            }
        }

        var view = await ReadyAsync(kund, id);
        var resources = view["resources"]!.AsArray().Select(r => r!.AsObject()).ToList();
        Assert.All(resources, r => Assert.True((string)r["state"]! == "Created" && r["cloudId"] is not null, $"{r}"));
        Assert.DoesNotContain(resources, r => (string)r["key"]! == "rtb/private");
        var recorded = resources.Select(r => (string)r["cloudId"]!).ToHashSet(StringComparer.Ordinal);

        using var ec2 = Ec2(kund);
        var vpcId = (string)view["outputs"]!["vpcId"]!;
        var inVpc = new Filter("vpc-id", [vpcId]);
        var gateways = (await ec2.DescribeNatGatewaysAsync(new DescribeNatGatewaysRequest { Filter = [inVpc] })).NatGateways
            .Where(g => g.State != NatGatewayState.Deleted).ToList();
        var tables = (await ec2.DescribeRouteTablesAsync(new DescribeRouteTablesRequest { Filters = [inVpc] })).RouteTables
            .Where(t => !(t.Associations ?? []).Any(a => a.Main == true)).ToList();
        var addresses = (await ec2.DescribeAddressesAsync(new DescribeAddressesRequest
        {
            Filters = [new Filter("tag:kund:environment", [id.ToString()])],
        })).Addresses;

        // Nothing of the change made twice: two gateways, two addresses, a table per tier and private zone, all recorded.
        Assert.Equal(2, gateways.Count);
        Assert.Equal(2, addresses.Count);
        Assert.Equal(3, tables.Count);
        Assert.All(gateways, g => Assert.True(g.State == NatGatewayState.Available && recorded.Contains(g.NatGatewayId), $"{g.NatGatewayId} {g.State}"));
        Assert.All(addresses, a => Assert.Contains(a.AllocationId, recorded));
        Assert.All(tables, t => Assert.Contains(t.RouteTableId, recorded));

        var subnetIds = view["outputs"]!["subnetIds"]!.AsObject().ToDictionary(p => p.Key, p => (string)p.Value!);
        foreach (var zone in new[] { "a", "b" })
        {
            var table = Assert.Single(tables, t => (t.Associations ?? []).Any(a => a.SubnetId == subnetIds[$"private-{zone}"]));
            var route = Assert.Single(table.Routes ?? [], r => r.DestinationCidrBlock == "0.0.0.0/0");
            var gateway = Assert.Single(gateways, g => g.NatGatewayId == route.NatGatewayId);
            Assert.Equal(subnetIds[$"public-{zone}"], gateway.SubnetId);
        }
    }

    private async Task<long> TransitionsAsync(Guid id)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """select count(*) from progress_events where "EnvironmentId" = @id and "ResourceKey" is not null and "State" is not null""", connection);
        command.Parameters.AddWithValue("id", id);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private async Task<object?> AppliedAtAsync(Guid id)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""select "AppliedAt" from revisions where "EnvironmentId" = @id and "Number" = 2""", connection);
        command.Parameters.AddWithValue("id", id);
        return await command.ExecuteScalarAsync() is var at and not DBNull ? at : null;
    }

    private HttpClient Client(RunningKund kund, string user)
    {
        var client = new HttpClient { BaseAddress = kund.Address, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens[user]);
        return client;
    }

    private static AmazonEC2Client Ec2(RunningKund kund) => new(SandboxSigning.Credentials, new AmazonEC2Config
    {
        ServiceURL = new Uri(kund.Address, "/sandbox/aws").ToString(),
        AuthenticationRegion = "ap-northeast-2",
        MaxErrorRetry = 0,
    });
}

using System.Diagnostics;
using System.Globalization;
using Kund.Bench.Support;
using Kund.Domain.Environments;
using Kund.Domain.Planning;
using Kund.Domain.Resources;
using Kund.Domain.Revisions;
using Kund.Domain.Specs;
using Kund.Infrastructure.Environments;
using Kund.Infrastructure.Jobs;
using Kund.Infrastructure.Revisions;
using Kund.Infrastructure.Sandbox;

namespace Kund.Bench.Scenarios;

/// <summary>
/// Issue 15: two changes of a <c>Ready</c> seed environment — one NAT gateway to one per zone, and Kubernetes
/// 1.34 → 1.35 (control plane, then node group, then add-ons) — from the revision's approval to <c>Ready</c>
/// through the real worker path, against the critical path of the revision's diff plan under the durations the
/// sandbox really simulates.
/// </summary>
public static class ChangeBenchmark
{
    private sealed record Change(string Label, string Name, Func<string, EnvironmentSpec> Seed, Func<EnvironmentSpec, EnvironmentSpec> Desired, Func<EnvironmentView, bool> Applied);

    private sealed record Run(double Seconds, double PickupSeconds, IReadOnlyList<string> Timeline);

    private static readonly string[] EndpointAttributes = ["endpointPublicAccess", "endpointPrivateAccess", "publicAccessCidrs"];

    private static readonly string[] NodegroupConfigAttributes = ["minSize", "desiredSize", "maxSize", "labels"];

    private static readonly Change[] Changes =
    [
        new(
            "single → per-zone NAT",
            "nat",
            name => Support.Environments.Payments(name, "team-a"),
            spec => spec with { Routing = new RoutingSpec { InternetGateway = true, NatGateways = NatGatewayMode.PerAz } },
            view => view.Spec.Routing?.NatGateways == NatGatewayMode.PerAz && view.Resources.Count(r => r.Kind == ResourceKind.NatGateway) == 2),
        new(
            "Kubernetes 1.34 → 1.35",
            "upgrade",
            name => WithAddons(Support.Environments.Payments(name, "team-a"), "1.34", ("kube-proxy", "v1.34.1-eksbuild.2"), ("coredns", "v1.12.4-eksbuild.1")),
            spec => WithAddons(spec, "1.35", ("kube-proxy", "v1.35.0-eksbuild.2"), ("coredns", "v1.13.1-eksbuild.1")),
            view => view.Spec.Cluster?.KubernetesVersion == "1.35"),
    ];

    public static async Task RunAsync(double timeScale, int runs)
    {
        Report.Section($"Change makespan vs the critical path of its diff plan (seed environment, TimeScale {timeScale}, {runs} runs each)");
        await using var database = await BenchDatabase.CreateAsync("change");
        var clock = new TransitionClock();
        await using var host = await BenchHost.StartAsync(
            database,
            new Dictionary<string, string?>
            {
                ["Kund:Sandbox:TimeScale"] = timeScale.ToString(CultureInfo.InvariantCulture),
                ["Kund:Sandbox:VpcLimitPerRegion"] = "100",
                ["Kund:Sandbox:AddressLimitPerRegion"] = "100",
            },
            services => services.AddSingleton<IProvisioningProbe>(clock));

        // Every seed first, made Ready together and not measured: one per run of each change, and one more each
        // for the run not counted (JIT, cold pools), so no create shares the machine with a measured change.
        var seeds = new Dictionary<(string Change, int Run), TeamEnvironment>();
        foreach (var change in Changes)
        {
            for (var i = -1; i < runs; i++)
            {
                seeds[(change.Name, i)] = await Support.Environments.SubmitAsync(host, change.Seed($"change-{change.Name}-{i + 1}"));
            }
        }

        var patience = TimeSpan.FromSeconds(60 + (40_000 / timeScale));
        await Task.WhenAll(seeds.Values.Select(e => Support.Environments.ApproveAsync(host, e.Id)));
        await Task.WhenAll(seeds.Values.Select(e => Support.Environments.WaitForAsync(host, e.Id, EnvironmentStatus.Ready, patience, TimeSpan.FromMilliseconds(200))));
        Report.Line($"{seeds.Count} seed environments Ready; load average {Report.LoadAverage()}");

        var rows = new List<(Change Change, Plan Plan, TimeSpan Bound, IReadOnlyList<string> Path, List<Run> Runs)>();
        foreach (var change in Changes)
        {
            Plan? plan = null;
            var measured = new List<Run>();
            for (var i = -1; i < runs; i++)
            {
                var seed = seeds[(change.Name, i)];
                var (run, planned) = await MeasureAsync(host, clock, seed, change, patience);
                plan ??= planned;
                if (i >= 0)
                {
                    measured.Add(run);
                }
            }

            var (bound, path) = CriticalPath(plan!, timeScale);
            rows.Add((change, plan!, bound, path, measured));
        }

        Report.Line("");
        foreach (var (change, plan, bound, path, _) in rows)
        {
            var work = plan.Actions.Where(a => a.Action != PlanAction.Noop).ToList();
            Report.Line($"{change.Label}: {work.Count} nodes with work ({string.Join(", ", work.Select(a => $"{a.Action.ToString().ToLowerInvariant()} {a.Key}"))}); " +
                $"critical path under the sandbox's durations: {string.Join(" → ", path.Select(key => $"{key} ({Duration(plan.Actions.Single(a => a.Key == key), timeScale).TotalSeconds:F3} s)"))} = **{bound.TotalSeconds:F3} s**");
        }

        Report.Line("");
        Report.Line("| change | critical path (s) | runs, approve → Ready (s) | approve → first transition, median (s) | median (s) | makespan / critical path |");
        Report.Line("|---|---|---|---|---|---|");
        foreach (var (change, _, bound, _, measured) in rows)
        {
            var median = Stats.Median(measured.Select(r => r.Seconds).ToList());
            var pickup = Stats.Median(measured.Select(r => r.PickupSeconds).ToList());
            Report.Line($"| {change.Label} | {bound.TotalSeconds:F3} | {Stats.List(measured.Select(r => r.Seconds), 3)} | {pickup:F3} | {median:F3} | **{median / bound.TotalSeconds:F3}** |");
        }

        Report.Line($"load average at the end: {Report.LoadAverage()}");
        foreach (var (change, _, _, _, measured) in rows)
        {
            Report.Line("");
            Report.Line($"Timeline of the median run of {change.Label} (seconds after approval, as the probe saw each commit):");
            foreach (var line in measured.OrderBy(r => r.Seconds).ElementAt(measured.Count / 2).Timeline)
            {
                Report.Line($"    {line}");
            }
        }
    }

    /// <summary>The requester proposes and submits the change; the clock runs from just before the approval that starts it to Ready.</summary>
    private static async Task<(Run Run, Plan Plan)> MeasureAsync(BenchHost host, TransitionClock clock, TeamEnvironment seed, Change change, TimeSpan patience)
    {
        var requester = Support.Environments.Requester(seed.Team);
        var before = await Support.Environments.GetAsync(host, seed.Id);
        var revision = await host.WithAsync<RevisionService, EnvironmentRevision>(s => s.ProposeAsync(requester, seed.Id, change.Desired(change.Seed(seed.Name)), null, "benchmark", CancellationToken.None));
        await host.WithAsync<RevisionService, EnvironmentRevision>(s => s.SubmitAsync(requester, seed.Id, revision.Number, CancellationToken.None));
        var plan = await host.WithAsync<RevisionService, Plan>(s => s.GetPlanAsync(Support.Environments.Approver, seed.Id, revision.Number, CancellationToken.None));

        clock.Clear();
        var start = Stopwatch.GetTimestamp();
        await host.WithAsync<RevisionService, EnvironmentRevision>(s => s.ApproveAsync(Support.Environments.Approver, seed.Id, revision.Number, "benchmark", CancellationToken.None));
        await WaitForChangeAsync(host, seed.Id, revision.Number, patience);
        var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;

        var view = await Support.Environments.GetAsync(host, seed.Id);
        Report.Require(view.Revision == revision.Number && change.Applied(view), $"{seed.Name}: Ready, but revision {revision.Number} ({change.Label}) is not what it shows (revision {view.Revision}, was {before.Revision})");
        var seen = clock.Seen.Where(t => t.EnvironmentId == seed.Id).ToList();
        var pickup = seen.Count == 0 ? double.NaN : Stopwatch.GetElapsedTime(start, seen.Min(t => t.Timestamp)).TotalSeconds;
        var timeline = seen.Select(t => $"{Stopwatch.GetElapsedTime(start, t.Timestamp).TotalSeconds,7:F3}  {t.Transition.Key} → {t.Transition.State}  {t.Transition.Message}").ToList();
        return (new Run(seconds, pickup, timeline), plan);
    }

    /// <summary>Polls every 10 ms until the environment is Ready at <paramref name="revision"/>; throws on Failed or timeout.</summary>
    private static async Task WaitForChangeAsync(BenchHost host, Guid id, int revision, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (true)
        {
            var view = await Support.Environments.GetAsync(host, id);
            if (view is { Status: EnvironmentStatus.Ready } && view.Revision == revision)
            {
                return;
            }

            Report.Require(view.Status != EnvironmentStatus.Failed, $"{view.Name}: revision {revision} failed: {view.FailureReason}");
            Report.Require(!deadline.IsCancellationRequested, $"{view.Name} is {view.Status} at revision {view.Revision} after {timeout}, expected Ready at {revision}");
            await Task.Delay(TimeSpan.FromMilliseconds(10), CancellationToken.None);
        }
    }

    /// <summary>
    /// The longest chain of the plan's dependencies, each node weighing what the sandbox takes for its action:
    /// NAT gateways, the cluster, node groups and add-ons to make or delete, and each EKS update by its kind
    /// (<see cref="SandboxCloud.UpdateDurations"/>); every other call answers at once.
    /// </summary>
    public static (TimeSpan Length, IReadOnlyList<string> Path) CriticalPath(Plan plan, double timeScale)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var byKey = plan.Actions.ToDictionary(a => a.Key, StringComparer.Ordinal);
        var finish = new Dictionary<string, (TimeSpan At, string? After)>(StringComparer.Ordinal);

        (TimeSpan At, string? After) Finish(string key)
        {
            if (finish.TryGetValue(key, out var known))
            {
                return known;
            }

            var action = byKey[key];
            var (start, after) = (TimeSpan.Zero, (string?)null);
            foreach (var dependency in action.DependsOn.Where(byKey.ContainsKey))
            {
                var done = Finish(dependency).At;
                if (after is null || done > start)
                {
                    (start, after) = (done, dependency);
                }
            }

            return finish[key] = (start + Duration(action, timeScale), after);
        }

        var last = plan.Actions.Where(a => a.Action != PlanAction.Noop).Select(a => a.Key).MaxBy(k => Finish(k).At);
        var path = new List<string>();
        for (var key = last; key is not null; key = finish[key].After)
        {
            if (byKey[key].Action != PlanAction.Noop)
            {
                path.Add(key);
            }
        }

        path.Reverse();
        return (last is null ? TimeSpan.Zero : finish[last].At, path);
    }

    /// <summary>What the sandbox takes for one action of the plan, at <paramref name="timeScale"/>.</summary>
    private static TimeSpan Duration(PlannedAction action, double timeScale)
    {
        var sandbox = SandboxTimings.Scaled(timeScale);
        TimeSpan Create() => action.Kind switch
        {
            ResourceKind.NatGateway => sandbox.NatGatewayCreate,
            ResourceKind.EksCluster => sandbox.ClusterCreate,
            ResourceKind.EksNodeGroup => sandbox.NodegroupCreate,
            ResourceKind.EksAddon => sandbox.AddonCreate,
            ResourceKind.IamRole => sandbox.RolePropagation,
            _ => TimeSpan.Zero,
        };
        TimeSpan Delete() => action.Kind switch
        {
            ResourceKind.NatGateway => sandbox.NatGatewayDelete,
            ResourceKind.EksCluster => sandbox.ClusterDelete,
            ResourceKind.EksNodeGroup => sandbox.NodegroupDelete,
            ResourceKind.EksAddon => sandbox.AddonDelete,
            _ => TimeSpan.Zero,
        };
        TimeSpan Update(string type) => SandboxCloud.UpdateDurations[type] / timeScale;
        TimeSpan InPlace()
        {
            var attributes = action.Changes.Select(c => c.Attribute).ToHashSet(StringComparer.Ordinal);
            return action.Kind switch
            {
                ResourceKind.EksCluster =>
                    (attributes.Contains("kubernetesVersion") ? Update("VersionUpdate") : TimeSpan.Zero)
                    + (attributes.Overlaps(EndpointAttributes) ? Update("EndpointAccessUpdate") : TimeSpan.Zero)
                    + (attributes.Contains("logging") ? Update("LoggingUpdate") : TimeSpan.Zero)
                    + (attributes.Contains("authenticationMode") ? Update("AccessConfigUpdate") : TimeSpan.Zero)
                    + (attributes.Contains("supportType") ? Update("UpgradePolicyUpdate") : TimeSpan.Zero)
                    + (attributes.Contains("deletionProtection") ? Update("DeletionProtectionUpdate") : TimeSpan.Zero),
                ResourceKind.EksNodeGroup =>
                    (attributes.Contains("kubernetesVersion") ? Update("NodegroupVersionUpdate") : TimeSpan.Zero)
                    + (attributes.Overlaps(NodegroupConfigAttributes) ? sandbox.NodegroupUpdate : TimeSpan.Zero),
                ResourceKind.EksAddon => attributes.Contains("version") ? Update("AddonUpdate") : TimeSpan.Zero,
                _ => TimeSpan.Zero,
            };
        }

        return action.Action switch
        {
            PlanAction.Create => Create(),
            PlanAction.Delete => Delete(),
            PlanAction.Replace => Delete() + Create(),
            PlanAction.Update => InPlace(),
            _ => TimeSpan.Zero,
        };
    }

    private static EnvironmentSpec WithAddons(EnvironmentSpec spec, string version, params (string Name, string Version)[] addons) =>
        spec with
        {
            Cluster = spec.Cluster! with
            {
                KubernetesVersion = version,
                Addons = [.. SpecDefaults.DefaultAddons.Select(name => new AddonSpec { Name = name, Version = addons.Where(a => a.Name == name).Select(a => a.Version).FirstOrDefault() })],
            },
        };
}

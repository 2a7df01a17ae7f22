using System.Net;
using Kund.Domain.Resources;
using Kund.Infrastructure.Sandbox.Model;
using Kund.Infrastructure.Sandbox.Persistence;
using Kund.Infrastructure.Sandbox.Throttling;

namespace Kund.Infrastructure.Sandbox;

/// <summary>
/// The sandbox cloud: the state and rules of the EC2, IAM and EKS resources Kund uses, behaving the way
/// AWS does (docs/aws-behaviour.md). Thread-safe. Slow lifecycles (NAT gateway, EKS cluster, IAM propagation) are
/// computed from timestamps and the <see cref="TimeProvider"/>, so they need no timers, survive restarts
/// and follow fake time. Every change is saved to the <see cref="ISandboxStateStore"/> (coalesced, in the
/// background); <see cref="Flush"/> saves at once.
/// </summary>
public sealed partial class SandboxCloud : IDisposable
{
    private static readonly IReadOnlyDictionary<string, string> NoTags = new Dictionary<string, string>();

    private readonly Lock _gate = new();
    private readonly ISandboxStateStore _store;
    private readonly Random _random;
    private readonly Random _readWindows;
    private readonly Dictionary<string, SandboxVpc> _vpcs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SandboxSubnet> _subnets = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SandboxInternetGateway> _internetGateways = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SandboxAddress> _addresses = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SandboxNatGateway> _natGateways = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SandboxRouteTable> _routeTables = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SandboxClientToken> _clientTokens = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SandboxRole> _roles = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, SandboxCluster> _clusters = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SandboxNodegroup> _nodegroups = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SandboxAddon> _addons = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SandboxAccessEntry> _accessEntries = new(StringComparer.Ordinal);
    private readonly Lock _saveGate = new();
    private long _version;
    private long _savedVersion = -1;

    public SandboxCloud(SandboxOptions options, TimeProvider time, ISandboxStateStore store)
    {
        if (options.Problems().FirstOrDefault() is { } problem)
        {
            throw new ArgumentException(problem, nameof(options));
        }

        Options = options;
        Time = time;
        _store = store;
        Timings = SandboxTimings.Scaled(options.TimeScale);
        Faults = new SandboxFaults(options.FaultSeed, options.Faults);
        Throttle = new Ec2Throttle(time);
#pragma warning disable CA5394 // Resource ids need to be unique, not unguessable.
        _random = new Random();
        _readWindows = new Random(options.FaultSeed);
#pragma warning restore CA5394
        if (store.Load() is { } saved)
        {
            Restore(saved);
        }
    }

    /// <summary>A cloud kept in memory only, with default options: for tests that do not care.</summary>
    public SandboxCloud(TimeProvider time)
        : this(new SandboxOptions(), time, new InMemorySandboxStateStore())
    {
    }

    public SandboxOptions Options { get; }

    public TimeProvider Time { get; }

    public SandboxTimings Timings { get; }

    public string AccountId => Options.AccountId;

    /// <summary>Faults injected per operation; change them at any time.</summary>
    public SandboxFaults Faults { get; }

    /// <summary>Calls per operation, as they reached the sandbox.</summary>
    public SandboxCallCounters Calls { get; } = new();

    /// <summary>
    /// Simulates callers whose clock is off: the cloud's clock reads this much ahead of theirs (negative: behind).
    /// While it is not zero, a request signed more than 15 minutes from the cloud's clock is refused as AWS
    /// refuses it, and every answer carries the cloud's clock in <c>Date</c>. Change it at any time.
    /// </summary>
    public TimeSpan CallerClockSkew { get; set; }

    internal Ec2Throttle Throttle { get; }

    public DateTimeOffset Now => Time.GetUtcNow();

    /// <summary>Every resource that exists now, across regions and services.</summary>
    public IReadOnlyList<SandboxInventoryItem> Inventory() => Read(now =>
    {
        var items = new List<SandboxInventoryItem>();
        items.AddRange(_vpcs.Values.Select(v => new SandboxInventoryItem(ResourceKind.Vpc, v.Id, v.Region, "available", v.Tags)));
        items.AddRange(_subnets.Values.Select(s => new SandboxInventoryItem(ResourceKind.Subnet, s.Id, s.Region, "available", s.Tags)));
        items.AddRange(_internetGateways.Values.Select(g => new SandboxInventoryItem(
            ResourceKind.InternetGateway, g.Id, g.Region, g.AttachedVpcId is null ? "detached" : "attached", g.Tags)));
        items.AddRange(_addresses.Values.Select(a => new SandboxInventoryItem(
            ResourceKind.ElasticIp, a.AllocationId, a.Region, a.AssociationId is null ? "unassociated" : "associated", a.Tags)));
        items.AddRange(_natGateways.Values.Select(n => new SandboxInventoryItem(
            ResourceKind.NatGateway, n.Id, n.Region, n.StateAt(now, Timings), n.Tags)));
        items.AddRange(_routeTables.Values.Select(r => new SandboxInventoryItem(ResourceKind.RouteTable, r.Id, r.Region, "available", r.Tags)));
        foreach (var role in _roles.Values)
        {
            items.Add(new SandboxInventoryItem(ResourceKind.IamRole, role.Name, null, "available", role.Tags));
            items.AddRange(role.AttachedPolicyArns.Select(arn => new SandboxInventoryItem(
                ResourceKind.IamRolePolicyAttachment, $"{role.Name}/{arn}", null, "attached", NoTags)));
        }

        items.AddRange(_clusters.Values.Select(c => new SandboxInventoryItem(
            ResourceKind.EksCluster, c.Name, c.Region, c.StatusAt(now, Timings), c.Tags)));
        items.AddRange(_nodegroups.Values.Select(n => new SandboxInventoryItem(
            ResourceKind.EksNodeGroup, $"{n.ClusterName}/{n.Name}", n.Region, n.StatusAt(now, Timings), n.Tags)));
        items.AddRange(_addons.Values.Select(a => new SandboxInventoryItem(
            ResourceKind.EksAddon, $"{a.ClusterName}/{a.Name}", a.Region, AddonStatusAt(a, now), a.Tags)));
        items.AddRange(_accessEntries.Values.Select(e => new SandboxInventoryItem(
            ResourceKind.EksAccessEntry, $"{e.ClusterName}/{e.PrincipalArn}", e.Region, "active", e.Tags)));
        return items;
    });

    /// <summary>Saves the current state now and waits for it.</summary>
    public void Flush() => SaveThrough(long.MaxValue);

    public void Dispose() => Flush();

    /// <summary>The whole state as it would be saved.</summary>
    public SandboxStateSnapshot Snapshot() => Read(_ => new SandboxStateSnapshot(
        _version,
        [.. _vpcs.Values],
        [.. _subnets.Values],
        [.. _internetGateways.Values],
        [.. _addresses.Values],
        [.. _natGateways.Values],
        [.. _routeTables.Values],
        [.. _clientTokens.Values],
        [.. _roles.Values],
        [.. _clusters.Values],
        [.. _nodegroups.Values],
        [.. _addons.Values],
        [.. _accessEntries.Values],
        [.. _updates.Values]));

    private void Restore(SandboxStateSnapshot saved)
    {
        _version = saved.Version;
        foreach (var v in saved.Vpcs) { _vpcs[v.Id] = v; }
        foreach (var s in saved.Subnets) { _subnets[s.Id] = s; }
        foreach (var g in saved.InternetGateways) { _internetGateways[g.Id] = g; }
        foreach (var a in saved.Addresses) { _addresses[a.AllocationId] = a; }
        foreach (var n in saved.NatGateways) { _natGateways[n.Id] = n; }
        foreach (var r in saved.RouteTables) { _routeTables[r.Id] = r; }
        foreach (var t in saved.ClientTokens) { _clientTokens[t.Key] = t; }
        foreach (var r in saved.Roles) { _roles[r.Name] = r; }
        foreach (var c in saved.Clusters) { _clusters[ClusterKey(c.Region, c.Name)] = c; }
        foreach (var n in saved.Nodegroups ?? []) { _nodegroups[ChildKey(n.Region, n.ClusterName, n.Name)] = n; }
        foreach (var a in saved.Addons ?? []) { _addons[ChildKey(a.Region, a.ClusterName, a.Name)] = a; }
        foreach (var e in saved.AccessEntries ?? []) { _accessEntries[ChildKey(e.Region, e.ClusterName, e.PrincipalArn)] = e; }
        foreach (var u in saved.Updates ?? []) { _updates[u.Id] = u; }
    }

    private T Read<T>(Func<DateTimeOffset, T> read)
    {
        lock (_gate)
        {
            var now = Now;
            Settle(now);
            return read(now);
        }
    }

    /// <summary>
    /// Applies a change and saves it before the call that made it answers, as AWS never forgets a change it
    /// answered: a sandbox killed with kill -9 (Kund's process with it) comes back with every answered change.
    /// </summary>
    private T Mutate<T>(Func<DateTimeOffset, T> change)
    {
        T result;
        long version;
        lock (_gate)
        {
            var now = Now;
            Settle(now);
            result = change(now);
            version = ++_version;
        }

        SaveThrough(version);
        return result;
    }

    private void Mutate(Action<DateTimeOffset> change) => Mutate(now =>
    {
        change(now);
        return true;
    });

    /// <summary>
    /// Applies what time alone changes: a NAT gateway that finished deleting (or failed) lets go of its
    /// Elastic IP; deleted NAT gateways disappear after an hour; deleted node groups, add-ons and clusters
    /// disappear, a cluster taking its add-ons and access entries with it.
    /// These follow from timestamps, so they need not be saved.
    /// </summary>
    private void Settle(DateTimeOffset now)
    {
        SettleLoadBalancers(now);
        foreach (var nat in _natGateways.Values.ToList())
        {
            if (nat.IsLiveAt(now, Timings))
            {
                continue;
            }

            if (nat.IsRegional)
            {
                // Automatic mode: the addresses were AWS's, taken for this gateway, and go back with it.
                foreach (var zoneAddress in nat.ZoneAddresses ?? [])
                {
                    _addresses.Remove(zoneAddress.AllocationId);
                }
            }
            else if (_addresses.TryGetValue(nat.AllocationId, out var address) && address.AssociationId == nat.AssociationId)
            {
                _addresses[address.AllocationId] = address with { AssociationId = null, NetworkInterfaceId = null, PrivateIpAddress = null };
            }

            var endedAt = nat.DeletedAt(Timings) ?? nat.CreatedAt + Timings.NatGatewayFail;
            if (now >= endedAt + Timings.DeletedNatGatewayVisible)
            {
                _natGateways.Remove(nat.Id);
            }
        }

        SettleUpdates(now);
        ForgetExpiredTokens(now);
        foreach (var (key, nodegroup) in _nodegroups.ToList())
        {
            if (nodegroup.IsGoneAt(now, Timings))
            {
                _nodegroups.Remove(key);
            }
        }

        foreach (var (key, addon) in _addons.ToList())
        {
            if (addon.IsGoneAt(now, Timings))
            {
                _addons.Remove(key);
            }
        }

        foreach (var (key, cluster) in _clusters.ToList())
        {
            if (cluster.IsGoneAt(now, Timings))
            {
                _clusters.Remove(key);
                ForgetTokensLater(t => t.Cluster is { } made && made.Region == cluster.Region && made.Name == cluster.Name && made.CreatedAt == cluster.CreatedAt, cluster.DeleteRequestedAt!.Value + Timings.ClusterDelete);
                RemoveChildren(_addons, cluster);
                RemoveChildren(_accessEntries, cluster);
            }
        }
    }

    /// <summary>
    /// Saves a snapshot at least as new as <paramref name="version"/>. Calls waiting on the gate coalesce: the
    /// first one's snapshot holds every change made before it was taken, so those after it find theirs saved.
    /// </summary>
    private void SaveThrough(long version)
    {
        lock (_saveGate)
        {
            if (_savedVersion >= version)
            {
                return;
            }

            var snapshot = Snapshot();
            _store.Save(snapshot);
            _savedVersion = snapshot.Version;
        }
    }

    private string NewId(string prefix, int hexDigits = 17)
    {
        lock (_random)
        {
            Span<char> chars = stackalloc char[hexDigits];
            for (var i = 0; i < hexDigits; i++)
            {
#pragma warning disable CA5394 // See constructor.
                chars[i] = "0123456789abcdef"[_random.Next(16)];
#pragma warning restore CA5394
            }

            return prefix + new string(chars);
        }
    }

    private int NextRandom(int minInclusive, int maxExclusive)
    {
        lock (_random)
        {
#pragma warning disable CA5394 // See constructor.
            return _random.Next(minInclusive, maxExclusive);
#pragma warning restore CA5394
        }
    }

    private static string ClusterKey(string region, string name) => $"{region}/{name}";

    /// <summary>A node group, add-on or access entry of a cluster; '|' cannot occur in cluster names.</summary>
    private static string ChildKey(string region, string cluster, string name) => $"{region}/{cluster}|{name}";

    private static void RemoveChildren<T>(Dictionary<string, T> children, SandboxCluster cluster)
    {
        var prefix = $"{cluster.Region}/{cluster.Name}|";
        foreach (var key in children.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).ToList())
        {
            children.Remove(key);
        }
    }

    private static Dictionary<string, string> Merge(IReadOnlyDictionary<string, string> tags, IReadOnlyDictionary<string, string> added)
    {
        var merged = new Dictionary<string, string>(tags, StringComparer.Ordinal);
        foreach (var (key, value) in added)
        {
            merged[key] = value;
        }

        return merged;
    }

    private static SandboxException Ec2Error(string code, string message) => new(code, message, HttpStatusCode.BadRequest);
}

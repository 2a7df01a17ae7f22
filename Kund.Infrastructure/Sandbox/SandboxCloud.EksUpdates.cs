using System.Globalization;
using System.Net;
using System.Text.Json;
using Kund.Infrastructure.Sandbox.Model;

namespace Kund.Infrastructure.Sandbox;

/// <summary>What UpdateClusterConfig asks for: exactly one kind of change per call, as EKS requires.</summary>
public sealed record SandboxClusterConfigUpdate(
    bool? EndpointPublicAccess = null,
    bool? EndpointPrivateAccess = null,
    IReadOnlyList<string>? PublicAccessCidrs = null,
    IReadOnlyList<string>? EnableLogTypes = null,
    IReadOnlyList<string>? DisableLogTypes = null,
    string? AuthenticationMode = null,
    string? SupportType = null,
    bool? DeletionProtection = null)
{
    public bool ChangesEndpoint => EndpointPublicAccess is not null || EndpointPrivateAccess is not null || PublicAccessCidrs is not null;

    public bool ChangesLogging => EnableLogTypes is not null || DisableLogTypes is not null;
}

/// <summary>
/// EKS's in-place changes: UpdateClusterVersion, UpdateClusterConfig, UpdateNodegroupVersion, UpdateAddon and
/// DescribeUpdate. An update is InProgress for as long as AWS takes (a version upgrade ~8 minutes), the
/// cluster, node group or add-on meanwhile UPDATING; it takes effect when done. One update at a time: another
/// while one runs is ResourceInUseException.
/// </summary>
public sealed partial class SandboxCloud
{
    private readonly Dictionary<string, SandboxEksUpdate> _updates = new(StringComparer.Ordinal);

    /// <summary>How long each kind of update takes on AWS, before the time scale.</summary>
    public static IReadOnlyDictionary<string, TimeSpan> UpdateDurations { get; } = new Dictionary<string, TimeSpan>(StringComparer.Ordinal)
    {
        ["VersionUpdate"] = TimeSpan.FromMinutes(8),
        ["NodegroupVersionUpdate"] = TimeSpan.FromMinutes(6),
        ["EndpointAccessUpdate"] = TimeSpan.FromMinutes(3),
        ["LoggingUpdate"] = TimeSpan.FromMinutes(1),
        ["AccessConfigUpdate"] = TimeSpan.FromMinutes(1),
        ["UpgradePolicyUpdate"] = TimeSpan.FromSeconds(30),
        ["DeletionProtectionUpdate"] = TimeSpan.FromSeconds(30),
        ["AddonUpdate"] = TimeSpan.FromMinutes(1),
    };

    private static readonly string[] AuthenticationModeOrder = ["CONFIG_MAP", "API_AND_CONFIG_MAP", "API"];

    /// <summary>Moves the control plane one minor version up.</summary>
    public SandboxEksUpdate UpdateClusterVersion(string region, string clusterName, string? version) => Mutate(now =>
    {
        var cluster = UpdatableCluster(region, clusterName, now);
        var offered = KubernetesVersions.FirstOrDefault(v => v.Version == version)
            ?? throw EksError("InvalidParameterException", $"unsupported Kubernetes version {version}");
        if (MinorOf(offered.Version) != MinorOf(cluster.Version) + 1 || MajorOf(offered.Version) != MajorOf(cluster.Version))
        {
            throw EksError(
                "InvalidParameterException",
                $"Unsupported Kubernetes minor version update from {cluster.Version} to {offered.Version}: a cluster moves one minor version up at a time.");
        }

        return StartClusterUpdate(cluster, "VersionUpdate", [new("Version", offered.Version), new("PlatformVersion", offered.PlatformVersion)], now);
    });

    /// <summary>Changes endpoint access, logging, the authentication mode, the support type or deletion protection: one of them per call.</summary>
    public SandboxEksUpdate UpdateClusterConfig(string region, string clusterName, SandboxClusterConfigUpdate update) => Mutate(now =>
    {
        var cluster = UpdatableCluster(region, clusterName, now);
        var kinds = new[] { update.ChangesEndpoint, update.ChangesLogging, update.AuthenticationMode is not null, update.SupportType is not null, update.DeletionProtection is not null }.Count(k => k);
        if (kinds != 1)
        {
            throw EksError("InvalidParameterException", kinds == 0 ? "No changes were requested for the cluster configuration." : "Only one type of update can be allowed.");
        }

        if (update.ChangesEndpoint)
        {
            var (publicAccess, privateAccess) = (update.EndpointPublicAccess ?? cluster.EndpointPublicAccess, update.EndpointPrivateAccess ?? cluster.EndpointPrivateAccess);
            var cidrs = update.PublicAccessCidrs is { Count: > 0 } given ? given : update.PublicAccessCidrs is null ? cluster.PublicAccessCidrs : ["0.0.0.0/0"];
            if (!publicAccess && !privateAccess)
            {
                throw EksError("InvalidParameterException", "Either endpointPublicAccess or endpointPrivateAccess must be true");
            }

            if (publicAccess == cluster.EndpointPublicAccess && privateAccess == cluster.EndpointPrivateAccess && cidrs.SequenceEqual(cluster.PublicAccessCidrs))
            {
                throw EksError(
                    "InvalidParameterException",
                    $"Cluster is already at the desired configuration with endpointPrivateAccess: {Flag(privateAccess)}, endpointPublicAccess: {Flag(publicAccess)}, and Public Endpoint Restrictions: [{string.Join(", ", cidrs)}]");
            }

            return StartClusterUpdate(
                cluster,
                "EndpointAccessUpdate",
                [new("EndpointPublicAccess", Flag(publicAccess)), new("EndpointPrivateAccess", Flag(privateAccess)), new("PublicAccessCidrs", JsonSerializer.Serialize(cidrs))],
                now);
        }

        if (update.ChangesLogging)
        {
            var enable = update.EnableLogTypes ?? [];
            var disable = update.DisableLogTypes ?? [];
            if (enable.Concat(disable).FirstOrDefault(t => !ClusterLogTypes.Contains(t)) is { } badType)
            {
                throw EksError("InvalidParameterException", $"Unknown logging type {badType}; valid types are {string.Join(", ", ClusterLogTypes)}");
            }

            var enabled = cluster.EnabledLogTypes.Except(disable).Union(enable).ToList();
            if (enabled.Order(StringComparer.Ordinal).SequenceEqual(cluster.EnabledLogTypes.Order(StringComparer.Ordinal)))
            {
                throw EksError("InvalidParameterException", "No changes needed for the logging config provided");
            }

            return StartClusterUpdate(cluster, "LoggingUpdate", [new("ClusterLogging", JsonSerializer.Serialize(enabled))], now);
        }

        if (update.AuthenticationMode is { } mode)
        {
            var from = Array.IndexOf(AuthenticationModeOrder, cluster.AuthenticationMode);
            var to = Array.IndexOf(AuthenticationModeOrder, mode);
            if (to < 0)
            {
                throw EksError("InvalidParameterException", $"Unsupported authenticationMode '{mode}'; valid values are {string.Join(", ", AuthenticationModes)}");
            }

            if (to <= from)
            {
                throw EksError(
                    "InvalidParameterException",
                    $"Unsupported authentication mode update from {cluster.AuthenticationMode} to {mode}: the mode only moves from CONFIG_MAP to API_AND_CONFIG_MAP to API.");
            }

            return StartClusterUpdate(cluster, "AccessConfigUpdate", [new("AuthenticationMode", mode)], now);
        }

        if (update.SupportType is { } supportType)
        {
            if (supportType is not ("STANDARD" or "EXTENDED"))
            {
                throw EksError("InvalidParameterException", $"Unsupported upgradePolicy.supportType '{supportType}'; valid values are STANDARD, EXTENDED");
            }

            if (supportType == cluster.SupportType)
            {
                throw EksError("InvalidParameterException", $"The cluster's support type is already {supportType}.");
            }

            return StartClusterUpdate(cluster, "UpgradePolicyUpdate", [new("UpgradePolicy", supportType)], now);
        }

        var protection = update.DeletionProtection!.Value;
        if (protection == cluster.DeletionProtection)
        {
            throw EksError("InvalidParameterException", $"Deletion protection of cluster {clusterName} is already {Flag(protection)}.");
        }

        return StartClusterUpdate(cluster, "DeletionProtectionUpdate", [new("DeletionProtection", Flag(protection))], now);
    });

    /// <summary>Moves a node group's Kubernetes version up to at most the control plane's.</summary>
    public SandboxEksUpdate UpdateNodegroupVersion(string region, string clusterName, string name, string? version) => Mutate(now =>
    {
        var cluster = FindCluster(region, clusterName);
        var nodegroup = FindNodegroup(region, clusterName, name);
        RequireUpdatable(region, clusterName, nodegroup, now);
        var target = version ?? cluster.Version;
        if (KubernetesVersions.FirstOrDefault(v => v.Version == target) is not { } offered)
        {
            throw EksError("InvalidParameterException", $"unsupported Kubernetes version {target}");
        }

        if (MinorOf(target) > MinorOf(cluster.Version))
        {
            throw EksError(
                "InvalidParameterException",
                $"Requested Nodegroup version {target} is newer than cluster {clusterName}'s version {cluster.Version}: a node group is never ahead of its control plane.");
        }

        if (MinorOf(target) < MinorOf(nodegroup.Version))
        {
            throw EksError("InvalidParameterException", $"Nodegroup {name} is at {nodegroup.Version}; it cannot be downgraded to {target}.");
        }

        var completes = now + Scaled(UpdateDurations["NodegroupVersionUpdate"]);
        _nodegroups[ChildKey(region, clusterName, name)] = nodegroup with { UpdatingUntil = completes, ModifiedAt = now };
        return Remember(new SandboxEksUpdate(
            NewUpdateId(), region, clusterName, name, null, "VersionUpdate",
            [new("Version", target), new("ReleaseVersion", $"{offered.PatchVersion}-20261120")], now, completes));
    });

    /// <summary>Moves an add-on to another version compatible with the cluster's Kubernetes version.</summary>
    public SandboxEksUpdate UpdateAddon(string region, string clusterName, string name, string? version, string? resolveConflicts) => Mutate(now =>
    {
        var cluster = FindCluster(region, clusterName);
        var addon = FindAddon(region, clusterName, name);
        var status = AddonStatusAt(addon, now);
        if (status is not ("ACTIVE" or "DEGRADED") || InProgress(region, clusterName, null, null, now) is not null)
        {
            throw EksError("ResourceInUseException", $"Addon {name} is {status} or its cluster is being updated; wait for the update in progress to finish.", HttpStatusCode.Conflict);
        }

        if (resolveConflicts is not (null or "OVERWRITE" or "NONE" or "PRESERVE"))
        {
            throw EksError("InvalidParameterException", $"Unsupported resolveConflicts '{resolveConflicts}'; valid values are OVERWRITE, NONE, PRESERVE");
        }

        var target = version is null
            ? SandboxAddonCatalog.DefaultFor(name, cluster.Version)
                ?? throw EksError("InvalidParameterException", $"Addon {name} has no version for Kubernetes version {cluster.Version}")
            : SandboxAddonCatalog.Versions.FirstOrDefault(v => v.AddonName == name && v.Version == version)
                ?? throw EksError("InvalidParameterException", $"Addon version {version} specified is not supported for addon {name}");
        if (!target.ClusterVersions.Contains(cluster.Version))
        {
            throw EksError(
                "InvalidParameterException",
                $"Addon version {target.Version} of {name} is not compatible with Kubernetes version {cluster.Version}; compatible with {string.Join(", ", target.ClusterVersions)}");
        }

        var completes = now + Scaled(UpdateDurations["AddonUpdate"]);
        _addons[ChildKey(region, clusterName, name)] = addon with { UpdatingUntil = completes };
        var parameters = new List<SandboxUpdateParam> { new("AddonVersion", target.Version) };
        if (resolveConflicts is not null)
        {
            parameters.Add(new("ResolveConflicts", resolveConflicts));
        }

        return Remember(new SandboxEksUpdate(NewUpdateId(), region, clusterName, null, name, "AddonUpdate", parameters, now, completes));
    });

    /// <summary>An update of the cluster, or of its node group or add-on when one is named.</summary>
    public SandboxEksUpdate DescribeUpdate(string region, string clusterName, string updateId, string? nodegroupName, string? addonName) => Read(_ =>
    {
        FindCluster(region, clusterName);
        if (nodegroupName is not null)
        {
            FindNodegroup(region, clusterName, nodegroupName);
        }

        if (addonName is not null)
        {
            FindAddon(region, clusterName, addonName);
        }

        return _updates.TryGetValue(updateId, out var update) && update.Region == region && update.ClusterName == clusterName
            && update.NodegroupName == nodegroupName && update.AddonName == addonName
                ? update
                : throw EksError("ResourceNotFoundException", $"No update found for ID: {updateId}", HttpStatusCode.NotFound);
    });

    /// <summary>A node group takes an update only while ACTIVE, with no update of its own or of its cluster running.</summary>
    private void RequireUpdatable(string region, string clusterName, SandboxNodegroup nodegroup, DateTimeOffset now)
    {
        var status = nodegroup.StatusAt(now, Timings);
        if (status != "ACTIVE")
        {
            throw EksError("ResourceInUseException", $"Nodegroup {nodegroup.Name} is {status}; only an ACTIVE node group can be updated.", HttpStatusCode.Conflict);
        }

        if (InProgress(region, clusterName, null, null, now) is not null)
        {
            throw EksError("ResourceInUseException", $"Cluster {clusterName} has an update in progress; node group {nodegroup.Name} can be updated once it is done.", HttpStatusCode.Conflict);
        }
    }

    private SandboxCluster UpdatableCluster(string region, string clusterName, DateTimeOffset now)
    {
        var cluster = FindCluster(region, clusterName);
        var status = cluster.StatusAt(now, Timings);
        if (InProgress(region, clusterName, null, null, now) is { } running)
        {
            throw EksError("ResourceInUseException", $"An update is already in progress for cluster {clusterName} (update {running.Id}); wait for it to finish.", HttpStatusCode.Conflict);
        }

        return status == "ACTIVE"
            ? cluster
            : throw EksError("ResourceInUseException", $"Cluster {clusterName} is {status}; it must be ACTIVE to be updated.", HttpStatusCode.Conflict);
    }

    private SandboxEksUpdate StartClusterUpdate(SandboxCluster cluster, string type, IReadOnlyList<SandboxUpdateParam> parameters, DateTimeOffset now)
    {
        var completes = now + Scaled(UpdateDurations[type]);
        _clusters[ClusterKey(cluster.Region, cluster.Name)] = cluster with { UpdatingUntil = completes };
        return Remember(new SandboxEksUpdate(NewUpdateId(), cluster.Region, cluster.Name, null, null, type, parameters, now, completes));
    }

    /// <summary>An update that has already taken effect and only has to be seen through DescribeUpdate (node group scaling and labels).</summary>
    private SandboxEksUpdate RecordAppliedUpdate(
        string region, string clusterName, string? nodegroupName, string? addonName, string type, IReadOnlyList<SandboxUpdateParam> parameters, DateTimeOffset now, DateTimeOffset completes) =>
        Remember(new SandboxEksUpdate(NewUpdateId(), region, clusterName, nodegroupName, addonName, type, parameters, now, completes, Applied: true));

    private static List<SandboxUpdateParam> ConfigParams(SandboxNodegroupUpdate update)
    {
        var parameters = new List<SandboxUpdateParam>();
        foreach (var (type, value) in new[] { ("MinSize", update.MinSize), ("MaxSize", update.MaxSize), ("DesiredSize", update.DesiredSize) })
        {
            if (value is { } size)
            {
                parameters.Add(new(type, size.ToString(CultureInfo.InvariantCulture)));
            }
        }

        if (update.AddOrUpdateLabels.Count > 0)
        {
            parameters.Add(new("LabelsToAdd", JsonSerializer.Serialize(update.AddOrUpdateLabels)));
        }

        if (update.RemoveLabels.Count > 0)
        {
            parameters.Add(new("LabelsToRemove", JsonSerializer.Serialize(update.RemoveLabels)));
        }

        return parameters;
    }

    private SandboxEksUpdate Remember(SandboxEksUpdate update)
    {
        _updates[update.Id] = update;
        return update;
    }

    /// <summary>The update in progress on the cluster itself (no node group, no add-on named), or on the named one.</summary>
    private SandboxEksUpdate? InProgress(string region, string clusterName, string? nodegroupName, string? addonName, DateTimeOffset now) =>
        _updates.Values.FirstOrDefault(u => u.Region == region && u.ClusterName == clusterName
            && u.NodegroupName == nodegroupName && u.AddonName == addonName && u.StatusAt(now) == "InProgress");

    /// <summary>Finished updates take effect; those of clusters that are gone go with them.</summary>
    private void SettleUpdates(DateTimeOffset now)
    {
        foreach (var update in _updates.Values.ToList())
        {
            if (!_clusters.ContainsKey(ClusterKey(update.Region, update.ClusterName)))
            {
                _updates.Remove(update.Id);
                continue;
            }

            if (update.Applied || now < update.CompletesAt)
            {
                continue;
            }

            if (update.ErrorCode is null)
            {
                Apply(update);
            }

            _updates[update.Id] = update with { Applied = true };
        }
    }

    private void Apply(SandboxEksUpdate update)
    {
        if (update.NodegroupName is { } nodegroupName)
        {
            var key = ChildKey(update.Region, update.ClusterName, nodegroupName);
            if (_nodegroups.TryGetValue(key, out var nodegroup) && update.Param("Version") is { } version)
            {
                _nodegroups[key] = nodegroup with { Version = version, ReleaseVersion = update.Param("ReleaseVersion") ?? nodegroup.ReleaseVersion };
            }

            return;
        }

        if (update.AddonName is { } addonName)
        {
            var key = ChildKey(update.Region, update.ClusterName, addonName);
            if (_addons.TryGetValue(key, out var addon) && update.Param("AddonVersion") is { } version)
            {
                _addons[key] = addon with { Version = version };
            }

            return;
        }

        var clusterKey = ClusterKey(update.Region, update.ClusterName);
        var cluster = _clusters[clusterKey];
        _clusters[clusterKey] = update.Type switch
        {
            "VersionUpdate" => cluster with { Version = update.Param("Version")!, PlatformVersion = update.Param("PlatformVersion")! },
            "EndpointAccessUpdate" => cluster with
            {
                EndpointPublicAccess = update.Param("EndpointPublicAccess") == "true",
                EndpointPrivateAccess = update.Param("EndpointPrivateAccess") == "true",
                PublicAccessCidrs = JsonSerializer.Deserialize<List<string>>(update.Param("PublicAccessCidrs")!)!,
            },
            "LoggingUpdate" => cluster with { EnabledLogTypes = JsonSerializer.Deserialize<List<string>>(update.Param("ClusterLogging")!)! },
            "AccessConfigUpdate" => cluster with { AuthenticationMode = update.Param("AuthenticationMode")! },
            "UpgradePolicyUpdate" => cluster with { SupportType = update.Param("UpgradePolicy")! },
            "DeletionProtectionUpdate" => cluster with { DeletionProtection = update.Param("DeletionProtection") == "true" },
            _ => cluster,
        };
    }

    private TimeSpan Scaled(TimeSpan awsTime) => awsTime / Options.TimeScale;

    private string NewUpdateId()
    {
        var hex = NewId(string.Empty, 32);
        return $"{hex[..8]}-{hex[8..12]}-{hex[12..16]}-{hex[16..20]}-{hex[20..]}";
    }

    private static string Flag(bool value) => value ? "true" : "false";

    private static int MajorOf(string version) => int.Parse(version.Split('.')[0], CultureInfo.InvariantCulture);

    private static int MinorOf(string version) => int.Parse(version.Split('.')[1], CultureInfo.InvariantCulture);
}

using System.Net;
using Kund.Infrastructure.Sandbox.Model;

namespace Kund.Infrastructure.Sandbox;

/// <summary>What CreateAddon asks for.</summary>
public sealed record SandboxAddonRequest(
    string? Name,
    string? Version,
    string? ServiceAccountRoleArn,
    string? ConfigurationValues,
    IReadOnlyDictionary<string, string> Tags,
    string? ClientRequestToken);

public sealed partial class SandboxCloud
{
    public SandboxAddon CreateAddon(string region, string clusterName, SandboxAddonRequest request) => Mutate(now =>
    {
        var cluster = ActiveCluster(region, clusterName, "create an add-on");
        var name = request.Name;
        if (name is null || !SandboxAddonCatalog.Types.ContainsKey(name))
        {
            throw EksError("InvalidParameterException", $"Addon {name} specified is not supported; supported add-ons are {string.Join(", ", SandboxAddonCatalog.Names)}");
        }

        if (_addons.TryGetValue(ChildKey(region, clusterName, name), out var existing))
        {
            if (request.ClientRequestToken is not null && existing.ClientRequestToken == request.ClientRequestToken)
            {
                return existing;
            }

            throw EksError("ResourceInUseException", $"Addon {name} already exists on cluster {clusterName}.", HttpStatusCode.Conflict);
        }

        SandboxAddonVersion version;
        if (request.Version is { } pinned)
        {
            version = SandboxAddonCatalog.Versions.FirstOrDefault(v => v.AddonName == name && v.Version == pinned)
                ?? throw EksError("InvalidParameterException", $"Addon version {pinned} specified is not supported for addon {name}");
            if (!version.ClusterVersions.Contains(cluster.Version))
            {
                throw EksError(
                    "InvalidParameterException",
                    $"Addon version {pinned} of {name} is not compatible with Kubernetes version {cluster.Version}; compatible with {string.Join(", ", version.ClusterVersions)}");
            }
        }
        else
        {
            version = SandboxAddonCatalog.DefaultFor(name, cluster.Version)
                ?? throw EksError("InvalidParameterException", $"Addon {name} has no version for Kubernetes version {cluster.Version}");
        }

        var id = NewId(string.Empty, 8);
        var addon = new SandboxAddon(
            name,
            clusterName,
            region,
            $"arn:aws:eks:{region}:{AccountId}:addon/{clusterName}/{name}/{id}",
            version.Version,
            request.ServiceAccountRoleArn,
            request.ConfigurationValues,
            request.ClientRequestToken,
            now,
            null,
            request.Tags);
        if (Faults.DrawEndState("CreateAddon") is { EndState: "CREATE_FAILED" or "DEGRADED" } ending)
        {
            addon = addon with { FailureCode = ending.Code, FailureMessage = ending.EffectiveMessage, FailureState = ending.EndState };
        }

        _addons[ChildKey(region, clusterName, name)] = addon;
        return addon;
    });

    public SandboxAddon DescribeAddon(string region, string clusterName, string name) => Read(_ =>
    {
        FindCluster(region, clusterName);
        return FindAddon(region, clusterName, name);
    });

    public SandboxAddon DeleteAddon(string region, string clusterName, string name) => Mutate(now =>
    {
        FindCluster(region, clusterName);
        var addon = FindAddon(region, clusterName, name);
        if (addon.DeleteRequestedAt is not null)
        {
            return addon;
        }

        var deleting = addon with { DeleteRequestedAt = now };
        _addons[ChildKey(region, clusterName, name)] = deleting;
        return deleting;
    });

    /// <summary>
    /// DELETING once asked; CREATING for <see cref="SandboxTimings.AddonCreate"/>; then ACTIVE, except
    /// an add-on that runs on nodes (coredns), which stays DEGRADED while the cluster has no node running.
    /// </summary>
    public string AddonStatusAt(SandboxAddon addon, DateTimeOffset now) =>
        addon.DeleteRequestedAt is not null ? "DELETING"
        : now < addon.CreatedAt + Timings.AddonCreate ? "CREATING"
        : addon.FailureCode is not null ? addon.FailureState ?? "CREATE_FAILED"
        : addon.UpdatingUntil is { } until && now < until ? "UPDATING"
        : SandboxAddonCatalog.NeedNodes.Contains(addon.Name)
            && (!_clusters.TryGetValue(ClusterKey(addon.Region, addon.ClusterName), out var cluster) || !HasActiveNodes(cluster, now)) ? "DEGRADED"
        : "ACTIVE";

    /// <summary>The status and health issues of an add-on, read under the lock so the node groups it depends on are consistent.</summary>
    public (SandboxAddon Addon, string Status) AddonWithStatus(string region, string clusterName, string name) => Read(now =>
    {
        FindCluster(region, clusterName);
        var addon = FindAddon(region, clusterName, name);
        return (addon, AddonStatusAt(addon, now));
    });

    private SandboxAddon FindAddon(string region, string clusterName, string name) =>
        _addons.TryGetValue(ChildKey(region, clusterName, name), out var addon)
            ? addon
            : throw EksError("ResourceNotFoundException", $"No addon: {name} found in cluster: {clusterName}", HttpStatusCode.NotFound);
}

using Kund.Infrastructure.Sandbox.Model;

namespace Kund.Infrastructure.Sandbox;

/// <summary>
/// Changes someone makes in the console behind Kund's back, for tests of drift: each is what the console
/// would do, without going through an API Kund's drivers call.
/// </summary>
public sealed partial class SandboxCloud
{
    /// <summary>Opens the cluster's public endpoint to <paramref name="cidrs"/>.</summary>
    public void OpenClusterEndpoint(string region, string clusterName, IReadOnlyList<string> cidrs) => Mutate(_ =>
    {
        var key = ClusterKey(region, clusterName);
        var cluster = FindCluster(region, clusterName);
        _clusters[key] = cluster with { EndpointPublicAccess = true, PublicAccessCidrs = [.. cidrs] };
    });

    /// <summary>Sets a node group's desired size, as an autoscaler or a person in the console does.</summary>
    public void ScaleNodegroup(string region, string clusterName, string nodegroupName, int desiredSize) => Mutate(_ =>
    {
        var nodegroup = FindNodegroup(region, clusterName, nodegroupName);
        _nodegroups[ChildKey(region, clusterName, nodegroupName)] = nodegroup with
        {
            DesiredSize = desiredSize,
            MaxSize = Math.Max(nodegroup.MaxSize, desiredSize),
            MinSize = Math.Min(nodegroup.MinSize, desiredSize),
        };
    });

    /// <summary>Moves an add-on to another version, as someone updating it in the console or with eksctl does.</summary>
    public void SetAddonVersion(string region, string clusterName, string addonName, string version) => Mutate(_ =>
    {
        var addon = FindAddon(region, clusterName, addonName);
        _addons[ChildKey(region, clusterName, addonName)] = addon with { Version = version };
    });

    /// <summary>Makes a network interface in a subnet, as someone attaching a tool's interface by hand does (no tags, no owner Kund knows).</summary>
    public SandboxNetworkInterface CreateNetworkInterface(string region, string subnetId, string description = "made by hand") => Mutate(_ =>
    {
        var subnet = FindSubnet(region, subnetId);
        var eni = new SandboxNetworkInterface(NewId("eni-"), region, subnet.VpcId, subnet.Id, subnet.AvailabilityZone, PrivateAddressIn(subnet), description, null, [], null, NoTags);
        _networkInterfaces[eni.Id] = eni;
        return eni;
    });

    /// <summary>Removes an interface made by hand, as its owner would.</summary>
    public void DeleteNetworkInterface(string region, string networkInterfaceId) => Mutate(_ =>
    {
        if (!_networkInterfaces.TryGetValue(networkInterfaceId, out var eni) || eni.Region != region)
        {
            throw NotFound("InvalidNetworkInterfaceID.NotFound", "networkInterface", networkInterfaceId);
        }

        _networkInterfaces.Remove(eni.Id);
    });
}

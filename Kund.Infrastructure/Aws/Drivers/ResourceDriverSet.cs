using Kund.Domain.Execution;
using Kund.Domain.Resources;
using Kund.Infrastructure.Aws.Teardown;
using Kund.Infrastructure.Aws.Waiting;

namespace Kund.Infrastructure.Aws.Drivers;

/// <summary>The AWS driver of every <see cref="ResourceKind"/>.</summary>
public sealed class ResourceDriverSet : IResourceDriverSet
{
    private readonly Dictionary<ResourceKind, IResourceDriver> _drivers;

    public ResourceDriverSet(IEnumerable<IResourceDriver> drivers)
    {
        _drivers = drivers.ToDictionary(d => d.Kind);
        var missing = Enum.GetValues<ResourceKind>().Where(k => !_drivers.ContainsKey(k)).ToList();
        if (missing.Count > 0)
        {
            throw new ArgumentException($"No driver for {string.Join(", ", missing)}.", nameof(drivers));
        }
    }

    /// <summary>Every AWS driver over one set of clients and one NAT poller (for tests and tools without DI).</summary>
    public static ResourceDriverSet Create(AwsClients clients, TimeProvider timeProvider)
    {
        var poller = new NatGatewayStatusPoller(clients, timeProvider);
        return new ResourceDriverSet(
        [
            new VpcDriver(clients),
            new SubnetDriver(clients),
            new InternetGatewayDriver(clients),
            new ElasticIpDriver(clients),
            new NatGatewayDriver(clients, poller, timeProvider),
            new RouteTableDriver(clients),
            new IamRoleDriver(clients),
            new IamRolePolicyAttachmentDriver(clients),
            new EksClusterDriver(clients, timeProvider),
            new EksNodeGroupDriver(clients, timeProvider),
            new EksAddonDriver(clients, timeProvider),
            new EksAccessEntryDriver(clients),
            new KubernetesLoadBalancersDriver(clients),
            new KubernetesSecurityGroupsDriver(clients),
            new TeardownCheckDriver(clients),
        ]);
    }

    public IResourceDriver For(ResourceKind kind) =>
        _drivers.TryGetValue(kind, out var driver) ? driver : throw new ArgumentOutOfRangeException(nameof(kind), kind, "No AWS driver for this kind.");
}

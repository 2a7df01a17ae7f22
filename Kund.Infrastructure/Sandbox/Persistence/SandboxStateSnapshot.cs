using Kund.Infrastructure.Sandbox.Model;

namespace Kund.Infrastructure.Sandbox.Persistence;

/// <summary>Everything the sandbox cloud knows, in the form it is saved and loaded.</summary>
public sealed record SandboxStateSnapshot(
    long Version,
    IReadOnlyList<SandboxVpc> Vpcs,
    IReadOnlyList<SandboxSubnet> Subnets,
    IReadOnlyList<SandboxInternetGateway> InternetGateways,
    IReadOnlyList<SandboxAddress> Addresses,
    IReadOnlyList<SandboxNatGateway> NatGateways,
    IReadOnlyList<SandboxRouteTable> RouteTables,
    IReadOnlyList<SandboxClientToken> ClientTokens,
    IReadOnlyList<SandboxRole> Roles,
    IReadOnlyList<SandboxCluster> Clusters,
    IReadOnlyList<SandboxNodegroup>? Nodegroups = null,
    IReadOnlyList<SandboxAddon>? Addons = null,
    IReadOnlyList<SandboxAccessEntry>? AccessEntries = null,
    IReadOnlyList<SandboxEksUpdate>? Updates = null)
{
    public static SandboxStateSnapshot Empty { get; } = new(0, [], [], [], [], [], [], [], [], []);
}

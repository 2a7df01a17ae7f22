using Kund.Domain.Specs;

namespace Kund.Domain.Network;

/// <summary>
/// Where an environment's zonal NAT gateways go: the zone each serves and the public subnet it lives in.
/// The cost estimate prices exactly these, and the resource graph builds the same placement. A regional
/// gateway has no placement of Kund's: see <see cref="RegionalZones"/>.
/// </summary>
public sealed record NatGatewayPlacement(string AvailabilityZone, string PublicSubnetName)
{
    /// <summary>
    /// None without private subnets (nothing to serve) or with natGateways none. Single: in the zone of
    /// the first private subnet when a public subnet is there (its traffic stays in-zone), else in the
    /// first public subnet. PerAz: one per zone with private subnets, in that zone's first public subnet.
    /// A gateway that has no public subnet to live in is left out; validation reports it.
    /// </summary>
    public static IReadOnlyList<NatGatewayPlacement> For(EnvironmentSpec effective)
    {
        ArgumentNullException.ThrowIfNull(effective);
        var subnets = (effective.Subnets ?? []).Where(subnet => subnet is not null).ToList();
        var publicSubnets = subnets.Where(subnet => subnet.Tier == SubnetTier.Public).ToList();
        var privateSubnets = subnets.Where(subnet => subnet.Tier == SubnetTier.Private).ToList();
        if (privateSubnets.Count == 0)
        {
            return [];
        }

        return (effective.Routing ?? new RoutingSpec()).NatGateways switch
        {
            NatGatewayMode.None or NatGatewayMode.Regional => [],
            NatGatewayMode.Single => [.. Single(publicSubnets, privateSubnets[0].AvailabilityZone)],
            NatGatewayMode.PerAz =>
            [
                .. privateSubnets
                    .Select(subnet => subnet.AvailabilityZone)
                    .Distinct(StringComparer.Ordinal)
                    .Select(zone => publicSubnets.FirstOrDefault(subnet => subnet.AvailabilityZone == zone))
                    .OfType<SubnetSpec>()
                    .Select(Place),
            ],
        };
    }

    /// <summary>
    /// The zones a regional NAT gateway (natGateways regional) serves: those with private subnets, where the
    /// workloads that send through it run. Empty for any other mode or without private subnets.
    /// </summary>
    public static IReadOnlyList<string> RegionalZones(EnvironmentSpec effective)
    {
        ArgumentNullException.ThrowIfNull(effective);
        if ((effective.Routing ?? new RoutingSpec()).NatGateways != NatGatewayMode.Regional)
        {
            return [];
        }

        return [.. (effective.Subnets ?? [])
            .Where(subnet => subnet is not null && subnet.Tier == SubnetTier.Private)
            .Select(subnet => subnet.AvailabilityZone)
            .Distinct(StringComparer.Ordinal)];
    }

    private static IEnumerable<NatGatewayPlacement> Single(List<SubnetSpec> publicSubnets, string firstPrivateZone)
    {
        var home = publicSubnets.FirstOrDefault(subnet => subnet.AvailabilityZone == firstPrivateZone) ?? publicSubnets.FirstOrDefault();
        return home is null ? [] : [Place(home)];
    }

    private static NatGatewayPlacement Place(SubnetSpec subnet) => new(subnet.AvailabilityZone, subnet.Name);
}

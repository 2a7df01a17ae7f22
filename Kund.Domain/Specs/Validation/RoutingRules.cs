using Kund.Domain.Cost;

namespace Kund.Domain.Specs.Validation;

/// <summary>
/// Routing: a zonal NAT gateway lives in a public subnet and every NAT gateway (a regional one too) sends
/// through the internet gateway, so both must be there; what is left without a way out is warned about.
/// </summary>
internal static class RoutingRules
{
    public static void Check(ValidationContext context)
    {
        var routing = context.Routing;
        var subnets = context.PresentSubnets.ToList();
        var publicSubnets = subnets.Where(subnet => subnet.Spec!.Tier == SubnetTier.Public).ToList();
        var privateSubnets = subnets.Where(subnet => subnet.Spec!.Tier == SubnetTier.Private).ToList();

        if (routing.NatGateways != NatGatewayMode.None && !routing.InternetGateway)
        {
            context.Error(
                SpecPaths.RoutingNatGateways,
                $"a NAT gateway (natGateways {Describe(routing.NatGateways)}) needs the internet gateway to send traffic out; set routing.internetGateway to true or natGateways to none");
        }

        switch (routing.NatGateways)
        {
            case NatGatewayMode.Single when publicSubnets.Count == 0 && privateSubnets.Count > 0:
                context.Error(
                    SpecPaths.RoutingNatGateways,
                    "natGateways single needs a public subnet to place the NAT gateway in; there is none");
                break;
            case NatGatewayMode.PerAz:
                CheckPublicSubnetPerZone(context, publicSubnets, privateSubnets);
                break;
            case NatGatewayMode.None when privateSubnets.Count > 0:
                context.Warning(
                    SpecPaths.RoutingNatGateways,
                    $"private subnets {TextList.Join(privateSubnets.Select(subnet => subnet.Label))} have no route to the internet (natGateways none): no egress, so no image pulls from public registries or calls to outside APIs");
                break;
        }

        if (routing.NatGateways != NatGatewayMode.None && privateSubnets.Count == 0 && subnets.Count > 0)
        {
            context.Warning(
                SpecPaths.RoutingNatGateways,
                $"there are no private subnets for a NAT gateway to serve, so none is created (natGateways {Describe(routing.NatGateways)} has no effect)");
        }

        if (!routing.InternetGateway && publicSubnets.Count > 0)
        {
            context.Warning(
                SpecPaths.RoutingInternetGateway,
                $"public subnets {TextList.Join(publicSubnets.Select(subnet => subnet.Label))} have no internet gateway, so nothing in them can reach the internet or be reached from it");
        }

        CheckProdResilience(context, privateSubnets);
    }

    private static void CheckPublicSubnetPerZone(ValidationContext context, List<IndexedSubnet> publicSubnets, List<IndexedSubnet> privateSubnets)
    {
        var publicZones = publicSubnets.Select(subnet => subnet.Zone).ToHashSet(StringComparer.Ordinal);
        foreach (var zone in privateSubnets.GroupBy(subnet => subnet.Zone, StringComparer.Ordinal).Where(zone => !publicZones.Contains(zone.Key)))
        {
            context.Error(
                SpecPaths.RoutingNatGateways,
                $"natGateways perAz places a NAT gateway in each zone with private subnets, in a public subnet of that zone: {DescribeZone(zone.Key)} ({TextList.Join(zone.Select(subnet => subnet.Label))}) has no public subnet");
        }
    }

    // One NAT gateway is one zone's failure away from cutting every private subnet off the internet.
    private static void CheckProdResilience(ValidationContext context, List<IndexedSubnet> privateSubnets)
    {
        var privateZones = privateSubnets.Select(subnet => subnet.Zone).Distinct(StringComparer.Ordinal).Count();
        if (context.Spec.Purpose == Purpose.Prod && context.Routing.NatGateways == NatGatewayMode.Single && privateZones > 1)
        {
            context.Warning(
                SpecPaths.RoutingNatGateways,
                $"a single NAT gateway is a single point of failure for a prod environment: if its zone fails, the private subnets of every zone lose egress; perAz keeps zones independent for {PriceTable.FormatUsd(PriceTable.Monthly(PriceTable.NatGatewayPerHour + PriceTable.PublicIpv4AddressPerHour))} a month per extra zone");
        }
    }

    private static string DescribeZone(string zone) => string.IsNullOrWhiteSpace(zone) ? "a subnet without a zone" : zone;

    internal static string Describe(NatGatewayMode mode) => mode switch
    {
        NatGatewayMode.None => "none",
        NatGatewayMode.Single => "single",
        NatGatewayMode.PerAz => "perAz",
        NatGatewayMode.Regional => "regional",
    };
}

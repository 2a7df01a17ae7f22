using Kund.Domain.Network;

namespace Kund.Domain.Specs.Validation;

/// <summary>Subnets: named once each, a block AWS accepts inside the VPC, no overlaps, zones of the region.</summary>
internal static class SubnetRules
{
    public static void Check(ValidationContext context)
    {
        if (context.Subnets.Count == 0)
        {
            CheckMissing(context);
            return;
        }

        foreach (var subnet in context.Subnets.Where(subnet => subnet.Spec is null))
        {
            context.Error(SpecPaths.Subnet(subnet.Index), "a subnet is null; give name, cidr, availabilityZone and tier");
        }

        CheckNames(context);
        foreach (var subnet in context.PresentSubnets)
        {
            CheckCidr(context, subnet);
            CheckZone(context, subnet);
        }

        CheckOverlaps(context);
    }

    // No subnets after defaults: either the default layout could not be cut, or the cause is reported
    // elsewhere (an unknown region, an invalid VPC CIDR) and another message here would only be noise.
    private static void CheckMissing(ValidationContext context)
    {
        if (context.Region is null || context.Vpc is not { } vpc || !NetworkLayout.IsValidVpcBlock(vpc))
        {
            return;
        }

        if (context.Region.AvailabilityZones.Count < 2)
        {
            context.Error(
                SpecPaths.Subnets,
                $"{context.Region.Name} has fewer than two availability zones ({TextList.Join(context.Region.AvailabilityZones)}), so there is no default layout; give the subnets");
        }
        else if (!NetworkLayout.DefaultLayoutFits(vpc))
        {
            context.Error(
                SpecPaths.Subnets,
                $"the VPC {vpc} is too small for the default layout of four /{NetworkLayout.SmallestSubnetPrefixLength} subnets; give the subnets or use a /26 or larger VPC");
        }
        else
        {
            context.Error(SpecPaths.Subnets, "at least one subnet is needed");
        }
    }

    private static void CheckNames(ValidationContext context)
    {
        var firstByName = new Dictionary<string, IndexedSubnet>(StringComparer.Ordinal);
        foreach (var subnet in context.PresentSubnets)
        {
            if (string.IsNullOrWhiteSpace(subnet.Name))
            {
                context.Error(SpecPaths.SubnetName(subnet.Index), "a subnet needs a name, e.g. private-a");
            }
            else if (subnet.Name.Length > SpecLimits.SubnetNameMaxLength)
            {
                context.Error(
                    SpecPaths.SubnetName(subnet.Index),
                    $"the subnet name {TextLimit.Clip(subnet.Name)} is {subnet.Name.Length} characters long; at most {SpecLimits.SubnetNameMaxLength}, as it becomes the key subnet/<name> and part of the subnet's Name tag");
            }
            else if (firstByName.TryGetValue(subnet.Name, out var first))
            {
                context.Error(
                    SpecPaths.SubnetName(subnet.Index),
                    $"the name {subnet.Name} is already used by {SpecPaths.Subnet(first.Index)}; subnet names are unique");
            }
            else
            {
                firstByName[subnet.Name] = subnet;
            }
        }
    }

    private static void CheckCidr(ValidationContext context, IndexedSubnet subnet)
    {
        var path = SpecPaths.SubnetCidr(subnet.Index);
        if (!CidrBlock.TryParse(subnet.Spec!.Cidr, out var block, out var parseError))
        {
            context.Error(path, parseError!);
            return;
        }

        if (block.PrefixLength < NetworkLayout.LargestSubnetPrefixLength)
        {
            context.Error(path, $"{block} is larger than AWS allows: a subnet is /16 to /28");
        }
        else if (block.PrefixLength > NetworkLayout.SmallestSubnetPrefixLength)
        {
            context.Error(path, $"{block} is smaller than AWS allows: a subnet is /16 to /28");
        }

        if (context.Vpc is not { } vpc)
        {
            return;
        }

        if (block.PrefixLength < vpc.PrefixLength)
        {
            context.Error(path, $"{block} is larger than the VPC {vpc}");
        }
        else if (!vpc.Contains(block))
        {
            context.Error(path, $"{block} is outside the VPC range {vpc}");
        }
    }

    private static void CheckZone(ValidationContext context, IndexedSubnet subnet)
    {
        var path = SpecPaths.SubnetAvailabilityZone(subnet.Index);
        var zones = context.Region?.AvailabilityZones;
        if (string.IsNullOrWhiteSpace(subnet.Zone))
        {
            context.Error(
                path,
                zones is null
                    ? $"subnet {subnet.Label} needs an availability zone"
                    : $"subnet {subnet.Label} needs an availability zone; {context.Region!.Name} has {TextList.Join(zones)}");
        }
        else if (zones is not null && !zones.Contains(subnet.Zone, StringComparer.Ordinal))
        {
            context.Error(
                path,
                $"{subnet.Zone} is not an availability zone of {context.Region!.Name}; it has {TextList.Join(zones)}");
        }
    }

    // AWS answers InvalidSubnet.Conflict for the second of two overlapping subnets; so do we, naming both.
    private static void CheckOverlaps(ValidationContext context)
    {
        var parsed = context.PresentSubnets.Where(subnet => subnet.Cidr is not null).ToList();
        for (var later = 1; later < parsed.Count; later++)
        {
            for (var earlier = 0; earlier < later; earlier++)
            {
                var (a, b) = (parsed[earlier], parsed[later]);
                if (a.Cidr!.Value.Overlaps(b.Cidr!.Value))
                {
                    context.Error(
                        SpecPaths.SubnetCidr(b.Index),
                        $"{b.Cidr} ({b.Label}) overlaps {a.Cidr} ({a.Label}); subnets of a VPC must not overlap");
                }
            }
        }
    }
}

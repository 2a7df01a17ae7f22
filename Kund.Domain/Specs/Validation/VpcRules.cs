using Kund.Domain.Network;

namespace Kund.Domain.Specs.Validation;

/// <summary>The VPC: a private range AWS accepts, tenancy, and the DNS settings a private endpoint needs.</summary>
internal static class VpcRules
{
    public static void Check(ValidationContext context)
    {
        var vpc = context.Spec.Vpc ?? new VpcSpec();
        CheckCidr(context, vpc);
        CheckTenancy(context, vpc);
        CheckDns(context, vpc);
    }

    private static void CheckCidr(ValidationContext context, VpcSpec vpc)
    {
        if (!CidrBlock.TryParse(vpc.Cidr, out var block, out var parseError))
        {
            context.Error(SpecPaths.VpcCidr, parseError!);
            return;
        }

        if (block.PrefixLength < NetworkLayout.LargestSubnetPrefixLength)
        {
            context.Error(SpecPaths.VpcCidr, $"{block} is larger than AWS allows: a VPC is /16 to /28");
        }
        else if (block.PrefixLength > NetworkLayout.SmallestSubnetPrefixLength)
        {
            context.Error(SpecPaths.VpcCidr, $"{block} is smaller than AWS allows: a VPC is /16 to /28");
        }

        if (!block.IsPrivate)
        {
            context.Error(
                SpecPaths.VpcCidr,
                $"{block} is not a private range; a VPC lies inside {TextList.JoinOr(CidrBlock.PrivateAddressRanges.Select(range => range.ToString()))} (RFC 1918)");
        }
    }

    private static void CheckTenancy(ValidationContext context, VpcSpec vpc)
    {
        if (vpc.Tenancy == Tenancy.Dedicated)
        {
            context.Warning(
                SpecPaths.VpcTenancy,
                "dedicated tenancy runs every instance of the VPC on single-tenant hardware, which costs considerably more than default tenancy; choose it only when compliance requires it");
        }
    }

    // EKS resolves the private endpoint through the VPC's DNS; without both settings nodes cannot find it.
    private static void CheckDns(ValidationContext context, VpcSpec vpc)
    {
        if (context.Spec.Cluster is not { EndpointPrivateAccess: true })
        {
            return;
        }

        if (!vpc.EnableDnsSupport)
        {
            context.Error(SpecPaths.VpcEnableDnsSupport, "the cluster's private endpoint needs enableDnsSupport in the VPC; it is false");
        }

        if (!vpc.EnableDnsHostnames)
        {
            context.Error(SpecPaths.VpcEnableDnsHostnames, "the cluster's private endpoint needs enableDnsHostnames in the VPC; it is false");
        }
    }
}

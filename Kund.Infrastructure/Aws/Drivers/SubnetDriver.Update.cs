using Amazon.EC2.Model;
using Kund.Domain.Execution;
using Kund.Domain.Resources;
using Kund.Domain.Specs;

namespace Kund.Infrastructure.Aws.Drivers;

/// <summary>In place: the tier's MapPublicIpOnLaunch (ModifySubnetAttribute) and tags; CIDR and zone force a new subnet.</summary>
public sealed partial class SubnetDriver
{
    protected override async Task<CloudResource> UpdateCoreAsync(ResourceContext context, CloudResource resource, ResourceDesired applied, CancellationToken cancellationToken)
    {
        var before = InPlace.Applied<SubnetDesired>(context, applied);
        var desired = context.Desired<SubnetDesired>();
        InPlace.Forbid(context, "cidr", before.Cidr, desired.Cidr);
        InPlace.Forbid(context, "availabilityZone", before.AvailabilityZone, desired.AvailabilityZone);

        var ec2 = clients.Ec2(context.Environment.Region);
        var subnet = (await ec2.DescribeSubnetsAsync(new DescribeSubnetsRequest { SubnetIds = [resource.CloudId] }, cancellationToken)).Subnets.Single();
        var mapPublicIp = desired.Tier == SubnetTier.Public;
        if ((subnet.MapPublicIpOnLaunch ?? false) != mapPublicIp)
        {
            await ec2.ModifySubnetAttributeAsync(new ModifySubnetAttributeRequest { SubnetId = subnet.SubnetId, MapPublicIpOnLaunch = mapPublicIp }, cancellationToken);
        }

        await Ec2TagUpdate.ApplyAsync(ec2, context, subnet.SubnetId, subnet.Tags, cancellationToken);
        return ToResource(subnet);
    }
}

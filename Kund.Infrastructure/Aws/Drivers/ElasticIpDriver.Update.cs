using Amazon.EC2.Model;
using Kund.Domain.Execution;
using Kund.Domain.Resources;

namespace Kund.Infrastructure.Aws.Drivers;

/// <summary>In place: tags; an address for another zone is another address.</summary>
public sealed partial class ElasticIpDriver
{
    protected override async Task<CloudResource> UpdateCoreAsync(ResourceContext context, CloudResource resource, ResourceDesired applied, CancellationToken cancellationToken)
    {
        var before = InPlace.Applied<ElasticIpDesired>(context, applied);
        InPlace.Forbid(context, "availabilityZone", before.AvailabilityZone, context.Desired<ElasticIpDesired>().AvailabilityZone);
        var ec2 = clients.Ec2(context.Environment.Region);
        var address = (await ec2.DescribeAddressesAsync(new DescribeAddressesRequest { AllocationIds = [resource.CloudId] }, cancellationToken)).Addresses.Single();
        await Ec2TagUpdate.ApplyAsync(ec2, context, address.AllocationId, address.Tags, cancellationToken);
        return ToResource(address.AllocationId, address.PublicIp);
    }
}

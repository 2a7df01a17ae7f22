using Amazon.EC2.Model;
using Kund.Domain.Execution;
using Kund.Domain.Resources;

namespace Kund.Infrastructure.Aws.Drivers;

/// <summary>In place: tags; a zonal NAT gateway in another subnet or with another address, or a regional one of another VPC, is a new gateway.</summary>
public sealed partial class NatGatewayDriver
{
    protected override async Task<CloudResource> UpdateCoreAsync(ResourceContext context, CloudResource resource, ResourceDesired applied, CancellationToken cancellationToken)
    {
        if (context.Node.Desired is RegionalNatGatewayDesired regional)
        {
            InPlace.Forbid(context, "vpcKey", InPlace.Applied<RegionalNatGatewayDesired>(context, applied).VpcKey, regional.VpcKey);
        }
        else
        {
            var before = InPlace.Applied<NatGatewayDesired>(context, applied);
            var desired = context.Desired<NatGatewayDesired>();
            InPlace.Forbid(context, "subnetKey", before.SubnetKey, desired.SubnetKey);
            InPlace.Forbid(context, "elasticIpKey", before.ElasticIpKey, desired.ElasticIpKey);
        }

        var ec2 = clients.Ec2(context.Environment.Region);
        var gateway = (await ec2.DescribeNatGatewaysAsync(new DescribeNatGatewaysRequest { NatGatewayIds = [resource.CloudId] }, cancellationToken)).NatGateways.Single();
        await Ec2TagUpdate.ApplyAsync(ec2, context, gateway.NatGatewayId, gateway.Tags, cancellationToken);
        return ToResource(gateway, null);
    }
}

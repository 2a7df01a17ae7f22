using Amazon.EC2;
using Amazon.EC2.Model;
using Kund.Domain.Execution;
using Kund.Domain.Resources;

namespace Kund.Infrastructure.Aws.Drivers;

/// <summary>In place: the DNS attributes (ModifyVpcAttribute, one per call) and tags; CIDR and tenancy force a new VPC.</summary>
public sealed partial class VpcDriver
{
    protected override async Task<CloudResource> UpdateCoreAsync(ResourceContext context, CloudResource resource, ResourceDesired applied, CancellationToken cancellationToken)
    {
        var before = InPlace.Applied<VpcDesired>(context, applied);
        var desired = context.Desired<VpcDesired>();
        InPlace.Forbid(context, "cidr", before.Cidr, desired.Cidr);
        InPlace.Forbid(context, "tenancy", before.Tenancy, desired.Tenancy);

        var ec2 = clients.Ec2(context.Environment.Region);
        var vpc = (await ec2.DescribeVpcsAsync(new DescribeVpcsRequest { VpcIds = [resource.CloudId] }, cancellationToken)).Vpcs.Single();
        var support = await AttributeAsync(ec2, vpc.VpcId, VpcAttributeName.EnableDnsSupport, cancellationToken);
        var hostnames = await AttributeAsync(ec2, vpc.VpcId, VpcAttributeName.EnableDnsHostnames, cancellationToken);

        // AWS gives DNS hostnames only to a VPC with DNS support: hostnames go off before support, support comes on before hostnames.
        if (hostnames && !desired.EnableDnsHostnames)
        {
            await ec2.ModifyVpcAttributeAsync(new ModifyVpcAttributeRequest { VpcId = vpc.VpcId, EnableDnsHostnames = false }, cancellationToken);
        }

        if (support != desired.EnableDnsSupport)
        {
            await ec2.ModifyVpcAttributeAsync(new ModifyVpcAttributeRequest { VpcId = vpc.VpcId, EnableDnsSupport = desired.EnableDnsSupport }, cancellationToken);
        }

        if (!hostnames && desired.EnableDnsHostnames)
        {
            await ec2.ModifyVpcAttributeAsync(new ModifyVpcAttributeRequest { VpcId = vpc.VpcId, EnableDnsHostnames = true }, cancellationToken);
        }

        await Ec2TagUpdate.ApplyAsync(ec2, context, vpc.VpcId, vpc.Tags, cancellationToken);
        return ToResource(vpc.VpcId, vpc.CidrBlock);
    }

    private static async Task<bool> AttributeAsync(IAmazonEC2 ec2, string vpcId, VpcAttributeName attribute, CancellationToken cancellationToken)
    {
        var response = await ec2.DescribeVpcAttributeAsync(new DescribeVpcAttributeRequest { VpcId = vpcId, Attribute = attribute }, cancellationToken);
        return attribute == VpcAttributeName.EnableDnsSupport ? response.EnableDnsSupport == true : response.EnableDnsHostnames == true;
    }
}

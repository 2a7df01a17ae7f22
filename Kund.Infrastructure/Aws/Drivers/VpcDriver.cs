using Amazon.EC2;
using Amazon.EC2.Model;
using Kund.Domain.Execution;
using Kund.Domain.Resources;
using Kund.Infrastructure.Aws.Teardown;

namespace Kund.Infrastructure.Aws.Drivers;

/// <summary>
/// The VPC: CreateVpc with tenancy and tags, then its DNS attributes — two ModifyVpcAttribute calls,
/// since AWS takes one attribute per call. Adoption re-applies the attributes, so a run killed between
/// the calls still ends with the wanted DNS settings.
/// </summary>
public sealed partial class VpcDriver(AwsClients clients) : AwsDriver
{
    public override ResourceKind Kind => ResourceKind.Vpc;

    protected override async Task<CloudResource?> FindCoreAsync(ResourceContext context, CancellationToken cancellationToken)
    {
        var ec2 = clients.Ec2(context.Environment.Region);
        var response = await ec2.DescribeVpcsAsync(new DescribeVpcsRequest { Filters = KundTags.Ec2Filters(context) }, cancellationToken);
        var vpc = response.Vpcs?.FirstOrDefault();
        if (vpc is null)
        {
            return null;
        }

        await ApplyAttributesAsync(ec2, vpc.VpcId, context.Desired<VpcDesired>(), cancellationToken);
        return ToResource(vpc.VpcId, vpc.CidrBlock);
    }

    protected override async Task<CloudResource> CreateCoreAsync(ResourceContext context, CancellationToken cancellationToken)
    {
        var desired = context.Desired<VpcDesired>();
        var ec2 = clients.Ec2(context.Environment.Region);
        var response = await ec2.CreateVpcAsync(
            new CreateVpcRequest
            {
                CidrBlock = desired.Cidr,
                InstanceTenancy = desired.Tenancy == Kund.Domain.Specs.Tenancy.Dedicated ? Amazon.EC2.Tenancy.Dedicated : Amazon.EC2.Tenancy.Default,
                TagSpecifications = KundTags.Ec2Specification(context, ResourceType.Vpc),
            },
            cancellationToken);
        await ApplyAttributesAsync(ec2, response.Vpc.VpcId, desired, cancellationToken);
        return ToResource(response.Vpc.VpcId, response.Vpc.CidrBlock);
    }

    protected override Task DeleteCoreAsync(ResourceContext context, CloudResource resource, CancellationToken cancellationToken) =>
        DeletionBlockers.DeleteAsync(clients, context.Environment.Region, "vpc-id", resource.CloudId, () => Ec2Errors.DeleteAfterDependentsAsync(() => clients.Ec2(context.Environment.Region).DeleteVpcAsync(new DeleteVpcRequest { VpcId = resource.CloudId }, cancellationToken)), cancellationToken);

    private static async Task ApplyAttributesAsync(IAmazonEC2 ec2, string vpcId, VpcDesired desired, CancellationToken cancellationToken)
    {
        // DNS support first: AWS refuses DNS hostnames on a VPC without DNS support.
        await ec2.ModifyVpcAttributeAsync(new ModifyVpcAttributeRequest { VpcId = vpcId, EnableDnsSupport = desired.EnableDnsSupport }, cancellationToken);
        await ec2.ModifyVpcAttributeAsync(new ModifyVpcAttributeRequest { VpcId = vpcId, EnableDnsHostnames = desired.EnableDnsHostnames }, cancellationToken);
    }

    private static CloudResource ToResource(string vpcId, string? cidr) =>
        new(vpcId, null, new Dictionary<string, string> { ["cidr"] = cidr ?? "" });
}

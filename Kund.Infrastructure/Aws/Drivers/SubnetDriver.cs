using Amazon.EC2;
using Amazon.EC2.Model;
using Kund.Domain.Execution;
using Kund.Domain.Resources;
using Kund.Domain.Specs;
using Kund.Infrastructure.Aws.Teardown;

namespace Kund.Infrastructure.Aws.Drivers;

/// <summary>
/// A subnet in its zone of the <c>vpc</c> node's VPC; public ones map public IPs on launch. Deleting it
/// after its NAT gateway or cluster is gone may still meet <c>DependencyViolation</c> while AWS releases
/// their network interfaces: that is <see cref="CloudErrorKind.NotYetConsistent"/>, not a failure.
/// </summary>
public sealed partial class SubnetDriver(AwsClients clients) : AwsDriver
{
    public override ResourceKind Kind => ResourceKind.Subnet;

    protected override async Task<CloudResource?> FindCoreAsync(ResourceContext context, CancellationToken cancellationToken)
    {
        var ec2 = clients.Ec2(context.Environment.Region);
        var response = await ec2.DescribeSubnetsAsync(new DescribeSubnetsRequest { Filters = KundTags.Ec2Filters(context) }, cancellationToken);
        var subnet = response.Subnets?.FirstOrDefault();
        if (subnet is null)
        {
            return null;
        }

        await ApplyAttributesAsync(ec2, subnet.SubnetId, context.Desired<SubnetDesired>(), cancellationToken);
        return ToResource(subnet);
    }

    protected override async Task<CloudResource> CreateCoreAsync(ResourceContext context, CancellationToken cancellationToken)
    {
        var desired = context.Desired<SubnetDesired>();
        var ec2 = clients.Ec2(context.Environment.Region);
        var response = await ec2.CreateSubnetAsync(
            new CreateSubnetRequest
            {
                VpcId = context.Dependency(ResourceKeys.Vpc).CloudId,
                CidrBlock = desired.Cidr,
                AvailabilityZone = desired.AvailabilityZone,
                TagSpecifications = KundTags.Ec2Specification(context, ResourceType.Subnet),
            },
            cancellationToken);
        await ApplyAttributesAsync(ec2, response.Subnet.SubnetId, desired, cancellationToken);
        return ToResource(response.Subnet);
    }

    protected override Task DeleteCoreAsync(ResourceContext context, CloudResource resource, CancellationToken cancellationToken) =>
        DeletionBlockers.DeleteAsync(clients, context.Environment.Region, "subnet-id", resource.CloudId, () => Ec2Errors.DeleteAfterDependentsAsync(() => clients.Ec2(context.Environment.Region).DeleteSubnetAsync(new DeleteSubnetRequest { SubnetId = resource.CloudId }, cancellationToken)), cancellationToken);

    private static async Task ApplyAttributesAsync(IAmazonEC2 ec2, string subnetId, SubnetDesired desired, CancellationToken cancellationToken)
    {
        if (desired.Tier == SubnetTier.Public)
        {
            await ec2.ModifySubnetAttributeAsync(new ModifySubnetAttributeRequest { SubnetId = subnetId, MapPublicIpOnLaunch = true }, cancellationToken);
        }
    }

    private static CloudResource ToResource(Subnet subnet) =>
        new(subnet.SubnetId, subnet.SubnetArn, new Dictionary<string, string>
        {
            ["availabilityZone"] = subnet.AvailabilityZone ?? "",
            ["cidr"] = subnet.CidrBlock ?? "",
            ["vpcId"] = subnet.VpcId ?? "",
        });
}

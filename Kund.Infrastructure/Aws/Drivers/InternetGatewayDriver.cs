using Amazon.EC2;
using Amazon.EC2.Model;
using Kund.Domain.Execution;
using Kund.Domain.Resources;
using Kund.Infrastructure.Aws.Errors;

namespace Kund.Infrastructure.Aws.Drivers;

/// <summary>
/// The internet gateway, attached to the environment's VPC (its id kept in the <c>vpcId</c> attribute).
/// Deletion detaches first and tolerates a gateway already detached or gone; a detach refused because a
/// (just deleted) NAT gateway's address is still mapped is retried as <see cref="CloudErrorKind.NotYetConsistent"/>.
/// </summary>
public sealed partial class InternetGatewayDriver(AwsClients clients) : AwsDriver
{
    public override ResourceKind Kind => ResourceKind.InternetGateway;

    protected override async Task<CloudResource?> FindCoreAsync(ResourceContext context, CancellationToken cancellationToken)
    {
        var ec2 = clients.Ec2(context.Environment.Region);
        var response = await ec2.DescribeInternetGatewaysAsync(new DescribeInternetGatewaysRequest { Filters = KundTags.Ec2Filters(context) }, cancellationToken);
        var gateway = response.InternetGateways?.FirstOrDefault();
        if (gateway is null)
        {
            return null;
        }

        var vpcId = context.Dependency(ResourceKeys.Vpc).CloudId;
        if (!(gateway.Attachments ?? []).Any(a => a.VpcId == vpcId))
        {
            await AttachAsync(ec2, gateway.InternetGatewayId, vpcId, cancellationToken);
        }

        return ToResource(gateway.InternetGatewayId, vpcId);
    }

    protected override async Task<CloudResource> CreateCoreAsync(ResourceContext context, CancellationToken cancellationToken)
    {
        var ec2 = clients.Ec2(context.Environment.Region);
        var vpcId = context.Dependency(ResourceKeys.Vpc).CloudId;
        var response = await ec2.CreateInternetGatewayAsync(
            new CreateInternetGatewayRequest { TagSpecifications = KundTags.Ec2Specification(context, ResourceType.InternetGateway) },
            cancellationToken);
        var gatewayId = response.InternetGateway.InternetGatewayId;
        await AttachAsync(ec2, gatewayId, vpcId, cancellationToken);
        return ToResource(gatewayId, vpcId);
    }

    protected override async Task DeleteCoreAsync(ResourceContext context, CloudResource resource, CancellationToken cancellationToken)
    {
        var ec2 = clients.Ec2(context.Environment.Region);
        var vpcIds = new HashSet<string>(StringComparer.Ordinal);
        if (resource.Attribute("vpcId") is { Length: > 0 } recorded)
        {
            vpcIds.Add(recorded);
        }

        var described = await NotFound.OrNullAsync(() => ec2.DescribeInternetGatewaysAsync(new DescribeInternetGatewaysRequest { InternetGatewayIds = [resource.CloudId] }, cancellationToken));
        if (described is null)
        {
            return;
        }

        vpcIds.UnionWith((described.InternetGateways ?? []).SelectMany(g => g.Attachments ?? []).Select(a => a.VpcId));

        foreach (var vpcId in vpcIds)
        {
            // "Network has some mapped public address(es)" while a deleted NAT gateway's address lingers.
            await Ec2Errors.DeleteAfterDependentsAsync(
                () => ec2.DetachInternetGatewayAsync(new DetachInternetGatewayRequest { InternetGatewayId = resource.CloudId, VpcId = vpcId }, cancellationToken),
                "Gateway.NotAttached");
        }

        await NotFound.IgnoreAsync(() => ec2.DeleteInternetGatewayAsync(new DeleteInternetGatewayRequest { InternetGatewayId = resource.CloudId }, cancellationToken));
    }

    private static async Task AttachAsync(IAmazonEC2 ec2, string gatewayId, string vpcId, CancellationToken cancellationToken)
    {
        try
        {
            await ec2.AttachInternetGatewayAsync(new AttachInternetGatewayRequest { InternetGatewayId = gatewayId, VpcId = vpcId }, cancellationToken);
        }
        catch (AmazonEC2Exception exception) when (exception.ErrorCode == "Resource.AlreadyAssociated" && exception.Message.Contains(vpcId, StringComparison.Ordinal))
        {
            // Attached to this VPC by an earlier attempt.
        }
    }

    private static CloudResource ToResource(string gatewayId, string vpcId) =>
        new(gatewayId, null, new Dictionary<string, string> { ["vpcId"] = vpcId });
}

using Amazon.EC2.Model;
using Kund.Domain.Execution;
using Kund.Domain.Resources;

namespace Kund.Infrastructure.Aws.Drivers;

/// <summary>In place: tags, the only thing an internet gateway has to change.</summary>
public sealed partial class InternetGatewayDriver
{
    protected override async Task<CloudResource> UpdateCoreAsync(ResourceContext context, CloudResource resource, ResourceDesired applied, CancellationToken cancellationToken)
    {
        InPlace.Applied<InternetGatewayDesired>(context, applied);
        var ec2 = clients.Ec2(context.Environment.Region);
        var gateway = (await ec2.DescribeInternetGatewaysAsync(new DescribeInternetGatewaysRequest { InternetGatewayIds = [resource.CloudId] }, cancellationToken)).InternetGateways.Single();
        await Ec2TagUpdate.ApplyAsync(ec2, context, gateway.InternetGatewayId, gateway.Tags, cancellationToken);
        return resource;
    }
}

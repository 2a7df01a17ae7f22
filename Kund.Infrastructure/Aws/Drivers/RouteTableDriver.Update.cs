using Amazon.EC2;
using Amazon.EC2.Model;
using Kund.Domain.Execution;
using Kund.Domain.Resources;
using Kund.Infrastructure.Aws.Errors;

namespace Kund.Infrastructure.Aws.Drivers;

/// <summary>
/// In place: routes, subnet associations and tags. A route whose target changes is repointed with ReplaceRoute
/// and a subnet that comes from another table moves with ReplaceRouteTableAssociation, so no destination and
/// no subnet is ever without a route; routes and subnets the table no longer wants go last.
/// </summary>
public sealed partial class RouteTableDriver
{
    protected override async Task<CloudResource> UpdateCoreAsync(ResourceContext context, CloudResource resource, ResourceDesired applied, CancellationToken cancellationToken)
    {
        var before = InPlace.Applied<RouteTableDesired>(context, applied);
        var desired = context.Desired<RouteTableDesired>();
        var ec2 = clients.Ec2(context.Environment.Region);
        var table = await DescribeAsync(ec2, resource.CloudId, cancellationToken);

        // Adds and repoints first: ConvergeAsync also associates the wanted subnets, moving them here when they sit elsewhere.
        var converged = await ConvergeAsync(ec2, context, table, cancellationToken);

        var wanted = desired.Routes.Select(r => r.DestinationCidr).ToHashSet(StringComparer.Ordinal);
        foreach (var destination in before.Routes.Select(r => r.DestinationCidr).Where(d => !wanted.Contains(d)).Distinct(StringComparer.Ordinal))
        {
            if ((table.Routes ?? []).Any(r => r.DestinationCidrBlock == destination))
            {
                await NotFound.IgnoreAsync(() => ec2.DeleteRouteAsync(new DeleteRouteRequest { RouteTableId = table.RouteTableId, DestinationCidrBlock = destination }, cancellationToken));
            }
        }

        // A subnet dropped from this table: only an association still on this table is ours to end; one moved away meanwhile is left alone.
        var current = (await DescribeAsync(ec2, resource.CloudId, cancellationToken)).Associations ?? [];
        foreach (var subnetKey in before.SubnetKeys.Except(desired.SubnetKeys, StringComparer.Ordinal))
        {
            var associationId = resource.Attribute(AssociationPrefix + subnetKey)
                ?? (context.Dependencies.TryGetValue(subnetKey, out var subnet) ? current.FirstOrDefault(a => a.SubnetId == subnet.CloudId)?.RouteTableAssociationId : null);
            if (associationId is not null && current.Any(a => a.RouteTableAssociationId == associationId))
            {
                await NotFound.IgnoreAsync(() => ec2.DisassociateRouteTableAsync(new DisassociateRouteTableRequest { AssociationId = associationId }, cancellationToken));
            }
        }

        await Ec2TagUpdate.ApplyAsync(ec2, context, table.RouteTableId, table.Tags, cancellationToken);
        return converged;
    }

    /// <summary>
    /// Associates the subnet with the table; a subnet another table holds moves here in one call
    /// (ReplaceRouteTableAssociation), since AssociateRouteTable refuses it with Resource.AlreadyAssociated.
    /// </summary>
    private static async Task<string> AssociateAsync(IAmazonEC2 ec2, string routeTableId, string subnetId, CancellationToken cancellationToken)
    {
        try
        {
            return (await ec2.AssociateRouteTableAsync(new AssociateRouteTableRequest { RouteTableId = routeTableId, SubnetId = subnetId }, cancellationToken)).AssociationId;
        }
        catch (AmazonEC2Exception exception) when (exception.ErrorCode == "Resource.AlreadyAssociated")
        {
            var holders = await ec2.DescribeRouteTablesAsync(
                new DescribeRouteTablesRequest { Filters = [new Filter("association.subnet-id", [subnetId])] },
                cancellationToken);
            var held = (holders.RouteTables ?? []).SelectMany(t => t.Associations ?? []).FirstOrDefault(a => a.SubnetId == subnetId)
                ?? throw new CloudOperationException(CloudErrorKind.NotYetConsistent, exception.ErrorCode, exception.Message, exception);
            if (held.RouteTableId == routeTableId)
            {
                return held.RouteTableAssociationId;
            }

            var moved = await ec2.ReplaceRouteTableAssociationAsync(
                new ReplaceRouteTableAssociationRequest { AssociationId = held.RouteTableAssociationId, RouteTableId = routeTableId },
                cancellationToken);
            return moved.NewAssociationId;
        }
    }

    private static async Task<RouteTable> DescribeAsync(IAmazonEC2 ec2, string routeTableId, CancellationToken cancellationToken) =>
        (await ec2.DescribeRouteTablesAsync(new DescribeRouteTablesRequest { RouteTableIds = [routeTableId] }, cancellationToken)).RouteTables.Single();
}

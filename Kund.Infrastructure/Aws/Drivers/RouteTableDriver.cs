using Amazon.EC2;
using Amazon.EC2.Model;
using Kund.Domain.Execution;
using Kund.Domain.Resources;
using Kund.Infrastructure.Aws.Errors;

namespace Kund.Infrastructure.Aws.Drivers;

/// <summary>
/// A route table in the VPC with its routes (to the internet gateway by <c>GatewayId</c>, to a NAT
/// gateway by <c>NatGatewayId</c>) and its subnet associations, whose ids are kept as attributes
/// <c>association:&lt;subnet key&gt;</c>. Creating is converging: missing routes and associations are
/// added, present ones left alone, so adoption finishes a half-made table.
/// </summary>
public sealed partial class RouteTableDriver(AwsClients clients) : AwsDriver
{
    public const string AssociationPrefix = "association:";

    public override ResourceKind Kind => ResourceKind.RouteTable;

    protected override async Task<CloudResource?> FindCoreAsync(ResourceContext context, CancellationToken cancellationToken)
    {
        var ec2 = clients.Ec2(context.Environment.Region);
        var response = await ec2.DescribeRouteTablesAsync(new DescribeRouteTablesRequest { Filters = KundTags.Ec2Filters(context) }, cancellationToken);
        var table = response.RouteTables?.FirstOrDefault();
        return table is null ? null : await ConvergeAsync(ec2, context, table, cancellationToken);
    }

    protected override async Task<CloudResource> CreateCoreAsync(ResourceContext context, CancellationToken cancellationToken)
    {
        var ec2 = clients.Ec2(context.Environment.Region);
        var request = new CreateRouteTableRequest
        {
            VpcId = context.Dependency(ResourceKeys.Vpc).CloudId,
            ClientToken = KundTags.ClientToken(context),
            TagSpecifications = KundTags.Ec2Specification(context, ResourceType.RouteTable),
        };
        for (var attempt = 1; ; attempt++)
        {
            var table = (await ec2.CreateRouteTableAsync(request, cancellationToken)).RouteTable;

            // EC2 answers a token with its original result for a day, even after that table was deleted
            // (an environment destroyed, then provisioned again). Such a table is a generation gone: the
            // next token derives from its id, still deterministic for a repeated attempt.
            var current = await NotFound.OrNullAsync(() => ec2.DescribeRouteTablesAsync(new DescribeRouteTablesRequest { RouteTableIds = [table.RouteTableId] }, cancellationToken));
            if (current?.RouteTables?.FirstOrDefault() is { } existing)
            {
                return await ConvergeAsync(ec2, context, existing, cancellationToken);
            }

            if (attempt >= 5)
            {
                throw new CloudOperationException(CloudErrorKind.Permanent, "InvalidRouteTableID.NotFound", $"EC2 answered CreateRouteTable with {table.RouteTableId}, which no longer exists.");
            }

            request.ClientToken = KundTags.ClientToken(context, table.RouteTableId);
        }
    }

    protected override async Task DeleteCoreAsync(ResourceContext context, CloudResource resource, CancellationToken cancellationToken)
    {
        var ec2 = clients.Ec2(context.Environment.Region);
        var associationIds = resource.Attributes
            .Where(a => a.Key.StartsWith(AssociationPrefix, StringComparison.Ordinal))
            .Select(a => a.Value)
            .ToHashSet(StringComparer.Ordinal);
        var described = await NotFound.OrNullAsync(() => ec2.DescribeRouteTablesAsync(new DescribeRouteTablesRequest { RouteTableIds = [resource.CloudId] }, cancellationToken));
        if (described is null)
        {
            return;
        }

        associationIds.UnionWith((described.RouteTables ?? [])
            .SelectMany(t => t.Associations ?? [])
            .Where(a => a.Main != true && !string.IsNullOrEmpty(a.SubnetId))
            .Select(a => a.RouteTableAssociationId));

        foreach (var associationId in associationIds)
        {
            await NotFound.IgnoreAsync(() => ec2.DisassociateRouteTableAsync(new DisassociateRouteTableRequest { AssociationId = associationId }, cancellationToken));
        }

        await NotFound.IgnoreAsync(() => ec2.DeleteRouteTableAsync(new DeleteRouteTableRequest { RouteTableId = resource.CloudId }, cancellationToken));
    }

    private static async Task<CloudResource> ConvergeAsync(IAmazonEC2 ec2, ResourceContext context, RouteTable table, CancellationToken cancellationToken)
    {
        var desired = context.Desired<RouteTableDesired>();
        var routes = table.Routes ?? [];
        foreach (var route in desired.Routes)
        {
            var target = context.Dependency(route.TargetKey).CloudId;
            if (routes.Any(r => r.DestinationCidrBlock == route.DestinationCidr && (r.GatewayId == target || r.NatGatewayId == target)))
            {
                continue;
            }

            var isNat = target.StartsWith("nat-", StringComparison.Ordinal);
            if (routes.Any(r => r.DestinationCidrBlock == route.DestinationCidr))
            {
                // The destination points elsewhere (a gateway replaced since): repoint it rather than fail on RouteAlreadyExists.
                await ec2.ReplaceRouteAsync(
                    new ReplaceRouteRequest
                    {
                        RouteTableId = table.RouteTableId,
                        DestinationCidrBlock = route.DestinationCidr,
                        NatGatewayId = isNat ? target : null,
                        GatewayId = isNat ? null : target,
                    },
                    cancellationToken);
                continue;
            }

            await ec2.CreateRouteAsync(
                new CreateRouteRequest
                {
                    RouteTableId = table.RouteTableId,
                    DestinationCidrBlock = route.DestinationCidr,
                    NatGatewayId = isNat ? target : null,
                    GatewayId = isNat ? null : target,
                },
                cancellationToken);
        }

        var attributes = new Dictionary<string, string> { ["vpcId"] = table.VpcId ?? context.Dependency(ResourceKeys.Vpc).CloudId };
        var associations = table.Associations ?? [];
        foreach (var subnetKey in desired.SubnetKeys)
        {
            var subnetId = context.Dependency(subnetKey).CloudId;
            var associationId = associations.FirstOrDefault(a => a.SubnetId == subnetId)?.RouteTableAssociationId
                ?? await AssociateAsync(ec2, table.RouteTableId, subnetId, cancellationToken);
            attributes[AssociationPrefix + subnetKey] = associationId;
        }

        return new CloudResource(table.RouteTableId, null, attributes);
    }
}

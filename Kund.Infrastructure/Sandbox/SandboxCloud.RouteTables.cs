using Kund.Infrastructure.Sandbox.Model;

namespace Kund.Infrastructure.Sandbox;

public sealed partial class SandboxCloud
{
    /// <summary>
    /// Creates a route table, or returns the one an earlier call with the same <paramref name="clientToken"/>
    /// made: the table as it is now, or its original result when it has been deleted since.
    /// </summary>
    public SandboxRouteTable CreateRouteTable(string region, string? vpcId, string? clientToken, IReadOnlyDictionary<string, string>? tags = null) => Mutate(_ =>
    {
        var tokenKey = TokenKey(region, "CreateRouteTable", clientToken);
        if (RememberedToken(tokenKey, vpcId ?? string.Empty) is { } token)
        {
            if (_routeTables.TryGetValue(token.ResourceId, out var known))
            {
                return known;
            }

            if (token.RouteTable is { } original)
            {
                return original;
            }
        }

        var vpc = FindVpc(region, vpcId);
        var table = new SandboxRouteTable(NewId("rtb-"), region, vpc.Id, [new SandboxRoute(vpc.CidrBlock, "local", null, "CreateRouteTable")], [], tags ?? NoTags);
        _routeTables[table.Id] = table;
        Remember(tokenKey, vpc.Id, table.Id, table);
        return table;
    });

    /// <summary>Adds a route through an internet gateway (<paramref name="gatewayId"/>) or a NAT gateway.</summary>
    public void CreateRoute(string region, string? routeTableId, string? destinationCidrBlock, string? gatewayId, string? natGatewayId) => Mutate(_ =>
    {
        var table = FindRouteTable(region, routeTableId);
        var destination = ParseCidr(destinationCidrBlock, "destinationCidrBlock").ToString();
        CheckRouteTarget(region, table, gatewayId, natGatewayId);
        if (table.Routes.Any(r => r.DestinationCidrBlock == destination))
        {
            throw Ec2Error("RouteAlreadyExists", $"The route identified by {destination} already exists.");
        }

        _routeTables[table.Id] = table with { Routes = [.. table.Routes, new SandboxRoute(destination, gatewayId, natGatewayId, "CreateRoute")] };
    });

    /// <summary>Points an existing route at another target, as EC2's ReplaceRoute does.</summary>
    public void ReplaceRoute(string region, string? routeTableId, string? destinationCidrBlock, string? gatewayId, string? natGatewayId) => Mutate(_ =>
    {
        var table = FindRouteTable(region, routeTableId);
        var destination = ParseCidr(destinationCidrBlock, "destinationCidrBlock").ToString();
        CheckRouteTarget(region, table, gatewayId, natGatewayId);
        var existing = table.Routes.FirstOrDefault(r => r.DestinationCidrBlock == destination)
            ?? throw Ec2Error("InvalidParameterValue", $"There is no route defined for '{destination}' in the route table. Use CreateRoute instead.");
        if (existing.GatewayId == "local")
        {
            throw Ec2Error("InvalidParameterValue", $"The local route of {table.Id} cannot be replaced.");
        }

        _routeTables[table.Id] = table with
        {
            Routes = [.. table.Routes.Select(r => r == existing ? new SandboxRoute(destination, gatewayId, natGatewayId, "CreateRoute") : r)],
        };
    });

    private void CheckRouteTarget(string region, SandboxRouteTable table, string? gatewayId, string? natGatewayId)
    {
        if (gatewayId is null == natGatewayId is null)
        {
            throw Ec2Error("InvalidParameterCombination", "The request must contain exactly one of gatewayId, natGatewayId");
        }

        if (gatewayId is not null)
        {
            var gateway = FindInternetGateway(region, gatewayId);
            if (gateway.AttachedVpcId != table.VpcId)
            {
                throw Ec2Error("InvalidParameterValue", $"route table {table.Id} and network gateway {gateway.Id} belong to different networks");
            }
        }
        else if (!_natGateways.TryGetValue(natGatewayId!, out var nat) || nat.Region != region)
        {
            throw Ec2Error("InvalidNatGatewayID.NotFound", $"The natGateway ID '{natGatewayId}' does not exist");
        }
        else if (nat.VpcId != table.VpcId)
        {
            throw Ec2Error("InvalidParameterValue", $"route table {table.Id} and network gateway {nat.Id} belong to different networks");
        }
    }

    public void DeleteRoute(string region, string? routeTableId, string? destinationCidrBlock) => Mutate(_ =>
    {
        var table = FindRouteTable(region, routeTableId);
        var route = table.Routes.FirstOrDefault(r => r.DestinationCidrBlock == destinationCidrBlock)
            ?? throw Ec2Error("InvalidRoute.NotFound", $"no route with destination-cidr-block {destinationCidrBlock} in route table {table.Id}");
        if (route.GatewayId == "local")
        {
            throw Ec2Error("InvalidParameterValue", $"cannot remove local route {destinationCidrBlock} in route table {table.Id}");
        }

        _routeTables[table.Id] = table with { Routes = [.. table.Routes.Where(r => r != route)] };
    });

    /// <summary>Associates a subnet with a route table and returns the association id.</summary>
    public string AssociateRouteTable(string region, string? routeTableId, string? subnetId) => Mutate(_ =>
    {
        var table = FindRouteTable(region, routeTableId);
        var subnet = FindSubnet(region, subnetId);
        if (subnet.VpcId != table.VpcId)
        {
            throw Ec2Error("InvalidParameterValue", $"Route table {table.Id} and subnet {subnet.Id} belong to different networks");
        }

        if (_routeTables.Values.SelectMany(r => r.Associations).FirstOrDefault(a => a.SubnetId == subnet.Id) is { } existing)
        {
            throw Ec2Error("Resource.AlreadyAssociated", $"the specified association for route table {table.Id} conflicts with an existing association ({existing.Id})");
        }

        var association = new SandboxRouteTableAssociation(NewId("rtbassoc-"), subnet.Id, Main: false);
        _routeTables[table.Id] = table with { Associations = [.. table.Associations, association] };
        return association.Id;
    });

    public void DisassociateRouteTable(string region, string? associationId) => Mutate(_ =>
    {
        var table = _routeTables.Values.FirstOrDefault(r => r.Region == region && r.Associations.Any(a => a.Id == associationId))
            ?? throw NotFound("InvalidAssociationID.NotFound", "association", associationId);
        if (table.Associations.Single(a => a.Id == associationId).Main)
        {
            throw Ec2Error("InvalidParameterValue", $"cannot disassociate the main route table association {associationId}");
        }

        _routeTables[table.Id] = table with { Associations = [.. table.Associations.Where(a => a.Id != associationId)] };
    });

    public IReadOnlyList<SandboxRouteTable> DescribeRouteTables(string region, IReadOnlyCollection<string>? ids = null) =>
        Read(_ => Select(_routeTables, region, ids, r => r.Region, id => NotFound("InvalidRouteTableID.NotFound", "routeTable", id)));

    public void DeleteRouteTable(string region, string? routeTableId) => Mutate(now =>
    {
        var table = FindRouteTable(region, routeTableId);
        if (table.Associations.Count > 0)
        {
            throw Ec2Error("DependencyViolation", $"The routeTable '{table.Id}' has dependencies and cannot be deleted.");
        }

        _routeTables.Remove(table.Id);
        ForgetTokensLater(t => t.RouteTable?.Id == table.Id, now);
    });

    /// <summary>Whether a route's target still carries traffic (<c>active</c>) or is gone (<c>blackhole</c>).</summary>
    public string RouteState(SandboxRouteTable table, SandboxRoute route) => Read(now =>
    {
        if (route.NatGatewayId is { } natId)
        {
            return _natGateways.TryGetValue(natId, out var nat) && nat.StateAt(now, Timings) is "available" or "pending" ? "active" : "blackhole";
        }

        if (route.GatewayId is { } gatewayId and not "local")
        {
            return _internetGateways.TryGetValue(gatewayId, out var gateway) && gateway.AttachedVpcId == table.VpcId ? "active" : "blackhole";
        }

        return "active";
    });

    private SandboxRouteTable FindRouteTable(string region, string? id) =>
        id is not null && _routeTables.TryGetValue(id, out var table) && table.Region == region
            ? table
            : throw NotFound("InvalidRouteTableID.NotFound", "routeTable", id);
}

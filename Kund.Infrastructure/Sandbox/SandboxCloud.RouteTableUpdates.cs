namespace Kund.Infrastructure.Sandbox;

/// <summary>ReplaceRouteTableAssociation: a subnet moves to another route table in one step, never without one.</summary>
public sealed partial class SandboxCloud
{
    /// <summary>Moves the association to <paramref name="routeTableId"/>; returns the new association id, as EC2 does.</summary>
    public string ReplaceRouteTableAssociation(string region, string? associationId, string? routeTableId) => Mutate(_ =>
    {
        var holder = _routeTables.Values.FirstOrDefault(r => r.Region == region && r.Associations.Any(a => a.Id == associationId))
            ?? throw NotFound("InvalidAssociationID.NotFound", "association", associationId);
        var to = FindRouteTable(region, routeTableId);
        if (to.VpcId != holder.VpcId)
        {
            throw Ec2Error("InvalidParameterValue", $"Route table {to.Id} and association {associationId} belong to different networks");
        }

        var association = holder.Associations.Single(a => a.Id == associationId);
        var moved = association with { Id = NewId("rtbassoc-") };
        _routeTables[holder.Id] = holder with { Associations = [.. holder.Associations.Where(a => a.Id != associationId)] };
        to = _routeTables[to.Id];
        _routeTables[to.Id] = to with { Associations = [.. to.Associations, moved] };
        return moved.Id;
    });
}

namespace Kund.Infrastructure.Sandbox.Model;

/// <summary>A VPC; its main route table is created and deleted with it.</summary>
public sealed record SandboxVpc(
    string Id,
    string Region,
    string CidrBlock,
    string CidrAssociationId,
    string InstanceTenancy,
    bool EnableDnsSupport,
    bool EnableDnsHostnames,
    string DhcpOptionsId,
    string MainRouteTableId,
    DateTimeOffset CreatedAt,
    IReadOnlyDictionary<string, string> Tags);

public sealed record SandboxSubnet(
    string Id,
    string Region,
    string VpcId,
    string CidrBlock,
    string AvailabilityZone,
    string AvailabilityZoneId,
    bool MapPublicIpOnLaunch,
    DateTimeOffset CreatedAt,
    IReadOnlyDictionary<string, string> Tags)
{
    /// <summary>AWS reserves five addresses in every subnet.</summary>
    public int AvailableIpAddressCount => (int)Math.Min(int.MaxValue, Cidr.Parse(CidrBlock).Size - 5);
}

/// <summary>An internet gateway, attached to at most one VPC.</summary>
public sealed record SandboxInternetGateway(
    string Id,
    string Region,
    string? AttachedVpcId,
    IReadOnlyDictionary<string, string> Tags);

/// <summary>An Elastic IP; associated while a NAT gateway that is not yet deleted holds it.</summary>
public sealed record SandboxAddress(
    string AllocationId,
    string Region,
    string PublicIp,
    string? AssociationId,
    string? NetworkInterfaceId,
    string? PrivateIpAddress,
    IReadOnlyDictionary<string, string> Tags);

/// <summary>
/// A NAT gateway. Its state is not stored: it follows from the timestamps and the clock
/// (<see cref="StateAt"/>), so it survives restarts and moves with fake time. A zonal one lives in
/// <see cref="SubnetId"/> with the caller's address; a regional one (<see cref="AvailabilityMode"/>
/// <c>regional</c>) has no subnet and holds one address of its own per zone (<see cref="ZoneAddresses"/>,
/// the first also in the single-address fields), which it releases when it is deleted.
/// </summary>
public sealed record SandboxNatGateway(
    string Id,
    string Region,
    string VpcId,
    string? SubnetId,
    string AllocationId,
    string PublicIp,
    string PrivateIp,
    string NetworkInterfaceId,
    string AssociationId,
    string? FailureCode,
    string? FailureMessage,
    DateTimeOffset CreatedAt,
    DateTimeOffset? DeleteRequestedAt,
    IReadOnlyDictionary<string, string> Tags,
    string AvailabilityMode = "zonal",
    IReadOnlyList<SandboxNatZoneAddress>? ZoneAddresses = null)
{
    public bool IsRegional => AvailabilityMode == "regional";

    public string StateAt(DateTimeOffset now, SandboxTimings timings)
    {
        if (DeleteRequestedAt is { } deleting)
        {
            return now < deleting + timings.NatGatewayDelete ? "deleting" : "deleted";
        }

        if (FailureCode is not null)
        {
            return now < CreatedAt + timings.NatGatewayFail ? "pending" : "failed";
        }

        return now < CreatedAt + timings.NatGatewayCreate ? "pending" : "available";
    }

    public DateTimeOffset? DeletedAt(SandboxTimings timings) => DeleteRequestedAt + timings.NatGatewayDelete;

    /// <summary>Whether it still holds its subnet and Elastic IP (everything but deleted and failed).</summary>
    public bool IsLiveAt(DateTimeOffset now, SandboxTimings timings) => StateAt(now, timings) is "pending" or "available" or "deleting";
}

/// <summary>The address a regional NAT gateway holds in one zone (automatic mode: allocated by AWS for it).</summary>
public sealed record SandboxNatZoneAddress(string AvailabilityZone, string AllocationId, string PublicIp, string PrivateIp, string NetworkInterfaceId, string AssociationId);

public sealed record SandboxRoute(string DestinationCidrBlock, string? GatewayId, string? NatGatewayId, string Origin);

public sealed record SandboxRouteTableAssociation(string Id, string? SubnetId, bool Main);

public sealed record SandboxRouteTable(
    string Id,
    string Region,
    string VpcId,
    IReadOnlyList<SandboxRoute> Routes,
    IReadOnlyList<SandboxRouteTableAssociation> Associations,
    IReadOnlyDictionary<string, string> Tags)
{
    public bool IsMain => Associations.Any(a => a.Main);
}

/// <summary>
/// A remembered client token: which operation, with which parameters, made which resource. Like EC2 and
/// EKS, the sandbox keeps a token's original result (<paramref name="RouteTable"/>, <paramref name="Cluster"/>)
/// after its resource is deleted, and forgets the token a day later (<paramref name="ForgetAt"/>).
/// </summary>
public sealed record SandboxClientToken(
    string Key,
    string Fingerprint,
    string ResourceId,
    DateTimeOffset? ForgetAt = null,
    SandboxRouteTable? RouteTable = null,
    SandboxCluster? Cluster = null);

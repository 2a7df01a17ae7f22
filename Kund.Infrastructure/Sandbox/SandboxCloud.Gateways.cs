using System.Globalization;
using Kund.Infrastructure.Sandbox.Model;

namespace Kund.Infrastructure.Sandbox;

public sealed partial class SandboxCloud
{
    /// <summary>
    /// The code AWS documents for ReleaseAddress while a NAT gateway still holds the address. It must not be
    /// an authorization code: a caller that retried those would also retry real permission failures.
    /// </summary>
    public const string AddressHeldByNatGatewayCode = "InvalidIPAddress.InUse";

    public SandboxInternetGateway CreateInternetGateway(string region, IReadOnlyDictionary<string, string>? tags = null) => Mutate(_ =>
    {
        var gateway = new SandboxInternetGateway(NewId("igw-"), region, null, tags ?? NoTags);
        _internetGateways[gateway.Id] = gateway;
        return gateway;
    });

    public void AttachInternetGateway(string region, string? internetGatewayId, string? vpcId) => Mutate(_ =>
    {
        var gateway = FindInternetGateway(region, internetGatewayId);
        var vpc = FindVpc(region, vpcId);
        if (gateway.AttachedVpcId is { } attached)
        {
            throw Ec2Error("Resource.AlreadyAssociated", $"resource {gateway.Id} is already attached to network {attached}");
        }

        if (_internetGateways.Values.FirstOrDefault(g => g.AttachedVpcId == vpc.Id) is { } other)
        {
            throw Ec2Error("Resource.AlreadyAssociated", $"Network {vpc.Id} already has an internet gateway attached ({other.Id})");
        }

        _internetGateways[gateway.Id] = gateway with { AttachedVpcId = vpc.Id };
    });

    public void DetachInternetGateway(string region, string? internetGatewayId, string? vpcId) => Mutate(now =>
    {
        var gateway = FindInternetGateway(region, internetGatewayId);
        var vpc = FindVpc(region, vpcId);
        if (gateway.AttachedVpcId != vpc.Id)
        {
            throw Ec2Error("Gateway.NotAttached", $"resource {gateway.Id} is not attached to network {vpc.Id}");
        }

        // AWS refuses while public addresses are mapped in the VPC (a NAT gateway holding its Elastic IP).
        if (_natGateways.Values.Any(n => n.VpcId == vpc.Id && n.FailureCode is null && n.IsLiveAt(now, Timings)))
        {
            throw Ec2Error(
                "DependencyViolation",
                $"Network {vpc.Id} has some mapped public address(es). Please unmap those public address(es) before detaching the gateway.");
        }

        _internetGateways[gateway.Id] = gateway with { AttachedVpcId = null };
    });

    public IReadOnlyList<SandboxInternetGateway> DescribeInternetGateways(string region, IReadOnlyCollection<string>? ids = null) =>
        Read(_ => Select(_internetGateways, region, ids, g => g.Region, id => NotFound("InvalidInternetGatewayID.NotFound", "internetGateway", id)));

    public void DeleteInternetGateway(string region, string? internetGatewayId) => Mutate(_ =>
    {
        var gateway = FindInternetGateway(region, internetGatewayId);
        if (gateway.AttachedVpcId is not null)
        {
            throw Ec2Error("DependencyViolation", $"The internetGateway '{gateway.Id}' has dependencies and cannot be deleted.");
        }

        _internetGateways.Remove(gateway.Id);
    });

    public SandboxAddress AllocateAddress(string region, IReadOnlyDictionary<string, string>? tags = null) => Mutate(_ => NewAddress(region, tags ?? NoTags));

    /// <summary>A new address from the region's quota, for a caller or for a regional NAT gateway's own use.</summary>
    private SandboxAddress NewAddress(string region, IReadOnlyDictionary<string, string> tags)
    {
        if (_addresses.Values.Count(a => a.Region == region) >= Options.AddressLimitPerRegion)
        {
            throw Ec2Error("AddressLimitExceeded", "The maximum number of addresses has been reached.");
        }

        string publicIp;
        do
        {
            publicIp = string.Create(CultureInfo.InvariantCulture, $"3.{NextRandom(32, 40)}.{NextRandom(0, 256)}.{NextRandom(1, 255)}");
        }
        while (_addresses.Values.Any(a => a.PublicIp == publicIp));

        var address = new SandboxAddress(NewId("eipalloc-"), region, publicIp, null, null, null, tags);
        _addresses[address.AllocationId] = address;
        return address;
    }

    public IReadOnlyList<SandboxAddress> DescribeAddresses(string region, IReadOnlyCollection<string>? allocationIds = null) =>
        Read(_ => Select(_addresses, region, allocationIds, a => a.Region, id => NotFound("InvalidAllocationID.NotFound", "allocation", id)));

    public void ReleaseAddress(string region, string? allocationId) => Mutate(_ =>
    {
        var address = FindAddress(region, allocationId);
        if (address.AssociationId is not null)
        {
            throw Ec2Error(AddressHeldByNatGatewayCode, $"Address {address.PublicIp} ({address.AllocationId}) is in use by {address.AssociationId}.");
        }

        _addresses.Remove(address.AllocationId);
    });

    /// <summary>
    /// Creates a NAT gateway, or returns the one an earlier call with the same <paramref name="clientToken"/> made.
    /// In a VPC without an attached internet gateway it is created and then fails with <c>Gateway.NotAttached</c>, as in AWS.
    /// </summary>
    public SandboxNatGateway CreateNatGateway(
        string region, string? subnetId, string? allocationId, string? clientToken, IReadOnlyDictionary<string, string>? tags = null) => Mutate(now =>
    {
        var tokenKey = TokenKey(region, "CreateNatGateway", clientToken);
        var fingerprint = $"{subnetId}|{allocationId}";
        if (Remembered(tokenKey, fingerprint) is { } knownId && _natGateways.TryGetValue(knownId, out var known))
        {
            return known;
        }

        var subnet = FindSubnet(region, subnetId);
        if (allocationId is null)
        {
            throw Ec2Error("MissingParameter", "The request must contain the parameter AllocationId");
        }

        var address = FindAddress(region, allocationId);
        if (address.AssociationId is not null)
        {
            throw Ec2Error("Resource.AlreadyAssociated", $"Elastic IP address [{address.AllocationId}] is already associated");
        }

        var vpcHasGateway = _internetGateways.Values.Any(g => g.AttachedVpcId == subnet.VpcId);
        var subnetCidr = Cidr.Parse(subnet.CidrBlock);
        var nat = new SandboxNatGateway(
            NewId("nat-"),
            region,
            subnet.VpcId,
            subnet.Id,
            address.AllocationId,
            address.PublicIp,
            subnetCidr.AddressAt(NextRandom(4, (int)Math.Min(subnetCidr.Size - 1, int.MaxValue))),
            NewId("eni-"),
            NewId("eipassoc-"),
            vpcHasGateway ? null : "Gateway.NotAttached",
            vpcHasGateway ? null : $"Network {subnet.VpcId} has no Internet gateway attached",
            now,
            null,
            tags ?? NoTags);
        _natGateways[nat.Id] = nat;
        if (vpcHasGateway)
        {
            _addresses[address.AllocationId] = address with
            {
                AssociationId = nat.AssociationId,
                NetworkInterfaceId = nat.NetworkInterfaceId,
                PrivateIpAddress = nat.PrivateIp,
            };
        }

        Remember(tokenKey, fingerprint, nat.Id);
        return nat;
    });

    /// <summary>
    /// Creates a regional NAT gateway of <paramref name="vpcId"/> in automatic mode, or returns the one an earlier
    /// call with the same token made. It takes one address of the region's quota per zone where the VPC has
    /// subnets (where its workloads can run), associated with it until it is deleted; without an attached
    /// internet gateway it fails like a zonal one.
    /// </summary>
    public SandboxNatGateway CreateRegionalNatGateway(
        string region, string? vpcId, string? clientToken, IReadOnlyDictionary<string, string>? tags = null) => Mutate(now =>
    {
        var tokenKey = TokenKey(region, "CreateNatGateway", clientToken);
        var fingerprint = $"regional|{vpcId}";
        if (Remembered(tokenKey, fingerprint) is { } knownId && _natGateways.TryGetValue(knownId, out var known))
        {
            return known;
        }

        if (vpcId is null)
        {
            throw Ec2Error("MissingParameter", "The request must contain the parameter VpcId when AvailabilityMode is regional");
        }

        var vpc = FindVpc(region, vpcId);
        var vpcHasGateway = _internetGateways.Values.Any(g => g.AttachedVpcId == vpc.Id);
        var zones = _subnets.Values.Where(subnet => subnet.VpcId == vpc.Id).Select(subnet => subnet.AvailabilityZone).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (vpcHasGateway && _addresses.Values.Count(a => a.Region == region) + zones.Count > Options.AddressLimitPerRegion)
        {
            throw Ec2Error("AddressLimitExceeded", "The maximum number of addresses has been reached.");
        }

        var id = NewId("nat-");
        var zoneAddresses = new List<SandboxNatZoneAddress>();
        if (vpcHasGateway)
        {
            foreach (var zone in zones)
            {
                var address = NewAddress(region, NoTags);
                var interfaceId = NewId("eni-");
                var associationId = NewId("eipassoc-");
                var privateIp = Cidr.Parse(vpc.CidrBlock).AddressAt(NextRandom(16, 250));
                _addresses[address.AllocationId] = address with { AssociationId = associationId, NetworkInterfaceId = interfaceId, PrivateIpAddress = privateIp };
                zoneAddresses.Add(new SandboxNatZoneAddress(zone, address.AllocationId, address.PublicIp, privateIp, interfaceId, associationId));
            }
        }

        var primary = zoneAddresses.FirstOrDefault();
        var nat = new SandboxNatGateway(
            id,
            region,
            vpc.Id,
            null,
            primary?.AllocationId ?? "",
            primary?.PublicIp ?? "",
            primary?.PrivateIp ?? "",
            primary?.NetworkInterfaceId ?? "",
            primary?.AssociationId ?? "",
            vpcHasGateway ? null : "Gateway.NotAttached",
            vpcHasGateway ? null : $"Network {vpc.Id} has no Internet gateway attached",
            now,
            null,
            tags ?? NoTags,
            "regional",
            zoneAddresses);
        _natGateways[nat.Id] = nat;
        Remember(tokenKey, fingerprint, nat.Id);
        return nat;
    });

    public IReadOnlyList<SandboxNatGateway> DescribeNatGateways(string region, IReadOnlyCollection<string>? ids = null) =>
        Read(_ => Select(_natGateways, region, ids, n => n.Region, id => Ec2Error("NatGatewayNotFound", $"The Nat Gateway {id} was not found")));

    public SandboxNatGateway DeleteNatGateway(string region, string? natGatewayId) => Mutate(now =>
    {
        if (natGatewayId is null || !_natGateways.TryGetValue(natGatewayId, out var nat) || nat.Region != region)
        {
            throw Ec2Error("NatGatewayNotFound", $"The Nat Gateway {natGatewayId} was not found");
        }

        if (nat.DeleteRequestedAt is not null)
        {
            return nat;
        }

        var deleting = nat with { DeleteRequestedAt = now };
        _natGateways[nat.Id] = deleting;
        return deleting;
    });

    private SandboxInternetGateway FindInternetGateway(string region, string? id) =>
        id is not null && _internetGateways.TryGetValue(id, out var gateway) && gateway.Region == region
            ? gateway
            : throw NotFound("InvalidInternetGatewayID.NotFound", "internetGateway", id);

    private SandboxAddress FindAddress(string region, string? allocationId) =>
        allocationId is not null && _addresses.TryGetValue(allocationId, out var address) && address.Region == region
            ? address
            : throw NotFound("InvalidAllocationID.NotFound", "allocation", allocationId);

    private static string? TokenKey(string region, string operation, string? clientToken) => clientToken switch
    {
        null => null,
        { Length: > 64 } => throw Ec2Error("InvalidParameterValue", "The client token must be 64 ASCII characters or fewer."),
        _ => $"{region}|{operation}|{clientToken}",
    };

    /// <summary>The resource an earlier call with this token made; a mismatch in parameters is AWS's error.</summary>
    private string? Remembered(string? tokenKey, string fingerprint) => RememberedToken(tokenKey, fingerprint)?.ResourceId;

    /// <summary>The token an earlier call made, even when its resource is gone since; a mismatch in parameters is AWS's error.</summary>
    private SandboxClientToken? RememberedToken(string? tokenKey, string fingerprint)
    {
        if (tokenKey is null || !_clientTokens.TryGetValue(tokenKey, out var token))
        {
            return null;
        }

        return token.Fingerprint == fingerprint
            ? token
            : throw Ec2Error(
                "IdempotentParameterMismatch",
                "The client token you provided is associated with a request that had different parameters.");
    }

    private void Remember(string? tokenKey, string fingerprint, string resourceId, SandboxRouteTable? routeTable = null)
    {
        if (tokenKey is not null)
        {
            _clientTokens[tokenKey] = new SandboxClientToken(tokenKey, fingerprint, resourceId, RouteTable: routeTable);
        }
    }

    /// <summary>
    /// The resource behind the tokens that made it is gone: they keep answering with their original result
    /// for <see cref="SandboxTimings.ClientTokenMemory"/> from <paramref name="goneAt"/>, as EC2 and EKS do.
    /// </summary>
    private void ForgetTokensLater(Func<SandboxClientToken, bool> madeIt, DateTimeOffset goneAt)
    {
        foreach (var token in _clientTokens.Values.Where(t => t.ForgetAt is null && madeIt(t)).ToList())
        {
            _clientTokens[token.Key] = token with { ForgetAt = goneAt + SandboxTimings.ClientTokenMemory };
        }
    }

    private void ForgetExpiredTokens(DateTimeOffset now)
    {
        foreach (var token in _clientTokens.Values.Where(t => t.ForgetAt <= now).ToList())
        {
            _clientTokens.Remove(token.Key);
        }
    }
}

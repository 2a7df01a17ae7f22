using Kund.Infrastructure.Sandbox.Model;

namespace Kund.Infrastructure.Sandbox;

public sealed partial class SandboxCloud
{
    public SandboxVpc CreateVpc(string region, string? cidrBlock, string? instanceTenancy, IReadOnlyDictionary<string, string>? tags = null) => Mutate(now =>
    {
        var cidr = ParseCidr(cidrBlock, "cidrBlock");
        if (cidr.PrefixLength is < 16 or > 28)
        {
            throw Ec2Error("InvalidVpc.Range", $"The CIDR '{cidrBlock}' is invalid.");
        }

        var tenancy = instanceTenancy ?? "default";
        if (tenancy is not ("default" or "dedicated"))
        {
            throw Ec2Error("InvalidParameterValue", $"Value ({tenancy}) for parameter instanceTenancy is invalid.");
        }

        if (_vpcs.Values.Count(v => v.Region == region) >= Options.VpcLimitPerRegion)
        {
            throw Ec2Error("VpcLimitExceeded", "The maximum number of VPCs has been reached.");
        }

        var vpcId = NewId("vpc-");
        var mainRouteTable = new SandboxRouteTable(
            NewId("rtb-"),
            region,
            vpcId,
            [new SandboxRoute(cidr.ToString(), "local", null, "CreateRouteTable")],
            [new SandboxRouteTableAssociation(NewId("rtbassoc-"), null, Main: true)],
            NoTags);
        var vpc = new SandboxVpc(
            vpcId, region, cidr.ToString(), NewId("vpc-cidr-assoc-"), tenancy,
            EnableDnsSupport: true, EnableDnsHostnames: false, NewId("dopt-"), mainRouteTable.Id, now, tags ?? NoTags);
        _vpcs[vpc.Id] = vpc;
        _routeTables[mainRouteTable.Id] = mainRouteTable;
        return vpc;
    });

    public SandboxVpc ModifyVpcAttribute(string region, string? vpcId, bool? enableDnsSupport, bool? enableDnsHostnames) => Mutate(_ =>
    {
        var vpc = FindVpc(region, vpcId);
        if (enableDnsSupport is null == enableDnsHostnames is null)
        {
            throw Ec2Error("InvalidParameterCombination", "Fields for multiple attribute types specified: enableDnsSupport, enableDnsHostnames");
        }

        var changed = vpc with
        {
            EnableDnsSupport = enableDnsSupport ?? vpc.EnableDnsSupport,
            EnableDnsHostnames = enableDnsHostnames ?? vpc.EnableDnsHostnames,
        };
        _vpcs[vpc.Id] = changed;
        return changed;
    });

    public SandboxVpc GetVpc(string region, string? vpcId) => Read(_ => FindVpc(region, vpcId));

    public IReadOnlyList<SandboxVpc> DescribeVpcs(string region, IReadOnlyCollection<string>? ids = null) =>
        Read(_ => Select(_vpcs, region, ids, v => v.Region, id => NotFound("InvalidVpcID.NotFound", "vpc", id)));

    public void DeleteVpc(string region, string? vpcId) => Mutate(_ =>
    {
        var vpc = FindVpc(region, vpcId);
        var hasDependencies =
            _subnets.Values.Any(s => s.VpcId == vpc.Id)
            || _internetGateways.Values.Any(g => g.AttachedVpcId == vpc.Id)
            || _routeTables.Values.Any(r => r.VpcId == vpc.Id && r.Id != vpc.MainRouteTableId)
            || HasLoadBalancerDependents(vpc);
        if (hasDependencies)
        {
            throw Ec2Error("DependencyViolation", $"The vpc '{vpc.Id}' has dependencies and cannot be deleted.");
        }

        _routeTables.Remove(vpc.MainRouteTableId);
        _vpcs.Remove(vpc.Id);
    });

    public SandboxSubnet CreateSubnet(
        string region, string? vpcId, string? cidrBlock, string? availabilityZone, string? availabilityZoneId,
        IReadOnlyDictionary<string, string>? tags = null) => Mutate(now =>
    {
        var vpc = FindVpc(region, vpcId);
        var cidr = ParseCidr(cidrBlock, "cidrBlock");
        if (cidr.PrefixLength is < 16 or > 28 || !Cidr.Parse(vpc.CidrBlock).Contains(cidr))
        {
            throw Ec2Error("InvalidSubnet.Range", $"The CIDR '{cidrBlock}' is invalid.");
        }

        if (_subnets.Values.Any(s => s.VpcId == vpc.Id && Cidr.Parse(s.CidrBlock).Overlaps(cidr)))
        {
            throw Ec2Error("InvalidSubnet.Conflict", $"The CIDR '{cidrBlock}' conflicts with another subnet");
        }

        var regionInfo = SandboxRegions.Find(region)!;
        var zone = availabilityZone ?? availabilityZoneId;
        var found = zone is null ? regionInfo.Zones[0] : SandboxRegions.FindZone(region, zone);
        if (found is null)
        {
            throw Ec2Error(
                "InvalidParameterValue",
                $"Value ({zone}) for parameter availabilityZone is invalid. Subnets can currently only be created in the following availability zones: {string.Join(", ", regionInfo.Zones.Select(z => z.Name))}.");
        }

        var subnet = new SandboxSubnet(NewId("subnet-"), region, vpc.Id, cidr.ToString(), found.Name, found.ZoneId, false, now, tags ?? NoTags);
        _subnets[subnet.Id] = subnet;
        return subnet;
    });

    public SandboxSubnet ModifySubnetAttribute(string region, string? subnetId, bool? mapPublicIpOnLaunch) => Mutate(_ =>
    {
        var subnet = FindSubnet(region, subnetId);
        var changed = subnet with { MapPublicIpOnLaunch = mapPublicIpOnLaunch ?? subnet.MapPublicIpOnLaunch };
        _subnets[subnet.Id] = changed;
        return changed;
    });

    public IReadOnlyList<SandboxSubnet> DescribeSubnets(string region, IReadOnlyCollection<string>? ids = null) =>
        Read(_ => Select(_subnets, region, ids, s => s.Region, id => NotFound("InvalidSubnetID.NotFound", "subnet", id)));

    public void DeleteSubnet(string region, string? subnetId) => Mutate(now =>
    {
        var subnet = FindSubnet(region, subnetId);
        // A NAT gateway not yet deleted, or a cluster or node group not yet gone, still has network interfaces in the subnet.
        if (_natGateways.Values.Any(n => n.SubnetId == subnet.Id && n.IsLiveAt(now, Timings))
            || _clusters.Values.Any(c => c.SubnetIds.Contains(subnet.Id))
            || _nodegroups.Values.Any(n => n.SubnetIds.Contains(subnet.Id))
            || HasInterfacesIn(subnet))
        {
            throw Ec2Error("DependencyViolation", $"The subnet '{subnet.Id}' has dependencies and cannot be deleted.");
        }

        // Like AWS, a subnet's route table association goes with it.
        foreach (var table in _routeTables.Values.Where(r => r.Associations.Any(a => a.SubnetId == subnet.Id)).ToList())
        {
            _routeTables[table.Id] = table with { Associations = [.. table.Associations.Where(a => a.SubnetId != subnet.Id)] };
        }

        _subnets.Remove(subnet.Id);
    });

    private SandboxVpc FindVpc(string region, string? vpcId) =>
        vpcId is not null && _vpcs.TryGetValue(vpcId, out var vpc) && vpc.Region == region
            ? vpc
            : throw NotFound("InvalidVpcID.NotFound", "vpc", vpcId);

    private SandboxSubnet FindSubnet(string region, string? subnetId) =>
        subnetId is not null && _subnets.TryGetValue(subnetId, out var subnet) && subnet.Region == region
            ? subnet
            : throw NotFound("InvalidSubnetID.NotFound", "subnet", subnetId);

    private static SandboxException NotFound(string code, string noun, string? id) =>
        id is null
            ? Ec2Error("MissingParameter", $"The request must contain the parameter {noun}Id")
            : Ec2Error(code, $"The {noun} ID '{id}' does not exist");

    private static Cidr ParseCidr(string? text, string parameter)
    {
        if (text is null)
        {
            throw Ec2Error("MissingParameter", $"The request must contain the parameter {parameter}");
        }

        return Cidr.TryParse(text, out var cidr) && cidr.ToString() == text
            ? cidr
            : throw Ec2Error("InvalidParameterValue", $"Value ({text}) for parameter {parameter} is invalid. This is not a valid CIDR block.");
    }

    /// <summary>The resources of a region, or exactly those asked for (every one must exist there).</summary>
    private static List<T> Select<T>(
        Dictionary<string, T> all, string region, IReadOnlyCollection<string>? ids, Func<T, string> regionOf, Func<string, SandboxException> notFound)
    {
        if (ids is null || ids.Count == 0)
        {
            return [.. all.Values.Where(r => regionOf(r) == region)];
        }

        var selected = new List<T>();
        foreach (var id in ids.Distinct(StringComparer.Ordinal))
        {
            if (!all.TryGetValue(id, out var resource) || regionOf(resource) != region)
            {
                throw notFound(id);
            }

            selected.Add(resource);
        }

        return selected;
    }
}

namespace Kund.Infrastructure.Sandbox;

public sealed partial class SandboxCloud
{
    /// <summary>Adds or overwrites tags on EC2 resources; every id must exist in the region.</summary>
    public void CreateTags(string region, IReadOnlyCollection<string> resourceIds, IReadOnlyDictionary<string, string> tags) =>
        Mutate(_ => Retag(region, resourceIds, existing => Merge(existing, tags)));

    /// <summary>Removes tags by key, or by key and value where a value is given.</summary>
    public void DeleteTags(string region, IReadOnlyCollection<string> resourceIds, IReadOnlyList<KeyValuePair<string, string?>> tags) =>
        Mutate(_ => Retag(region, resourceIds, existing =>
        {
            if (tags.Count == 0)
            {
                return NoTags;
            }

            return existing
                .Where(t => !tags.Any(d => d.Key == t.Key && (d.Value is null || d.Value == t.Value)))
                .ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal);
        }));

    private void Retag(string region, IReadOnlyCollection<string> resourceIds, Func<IReadOnlyDictionary<string, string>, IReadOnlyDictionary<string, string>> change)
    {
        if (resourceIds.Count == 0)
        {
            throw Ec2Error("MissingParameter", "The request must contain the parameter resourceIdSet");
        }

        // Check every id first, so a bad one changes nothing.
        foreach (var id in resourceIds)
        {
            _ = id.Split('-')[0] switch
            {
                "vpc" => (object)FindVpc(region, id),
                "subnet" => FindSubnet(region, id),
                "igw" => FindInternetGateway(region, id),
                "eipalloc" => FindAddress(region, id),
                "rtb" => FindRouteTable(region, id),
                "nat" => _natGateways.TryGetValue(id, out var nat) && nat.Region == region ? nat : throw NotFound("InvalidNatGatewayID.NotFound", "natGateway", id),
                _ => throw Ec2Error("InvalidID", $"The ID '{id}' is not valid"),
            };
        }

        foreach (var id in resourceIds)
        {
            switch (id.Split('-')[0])
            {
                case "vpc": _vpcs[id] = _vpcs[id] with { Tags = change(_vpcs[id].Tags) }; break;
                case "subnet": _subnets[id] = _subnets[id] with { Tags = change(_subnets[id].Tags) }; break;
                case "igw": _internetGateways[id] = _internetGateways[id] with { Tags = change(_internetGateways[id].Tags) }; break;
                case "eipalloc": _addresses[id] = _addresses[id] with { Tags = change(_addresses[id].Tags) }; break;
                case "rtb": _routeTables[id] = _routeTables[id] with { Tags = change(_routeTables[id].Tags) }; break;
                default: _natGateways[id] = _natGateways[id] with { Tags = change(_natGateways[id].Tags) }; break;
            }
        }
    }
}

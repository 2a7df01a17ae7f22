namespace Kund.Infrastructure.Sandbox;

/// <summary>One resource as the Resource Groups Tagging API lists it.</summary>
public sealed record SandboxTaggedResource(string Arn, IReadOnlyDictionary<string, string> Tags);

/// <summary>One <c>TagFilter</c>: the key must be present; with values, its value must be one of them.</summary>
public sealed record SandboxTagFilter(string Key, IReadOnlyList<string> Values);

/// <summary>
/// The Resource Groups Tagging API's view of a region: every tagged resource of every service, by ARN.
/// Resources that are deleted but still visible to their own service (a deleted NAT gateway) are left out.
/// </summary>
public sealed partial class SandboxCloud
{
    public IReadOnlyList<SandboxTaggedResource> GetTaggedResources(string region, IReadOnlyList<SandboxTagFilter> filters) => Read(now =>
    {
        var ec2 = $"arn:aws:ec2:{region}:{AccountId}";
        var all = new List<SandboxTaggedResource>();
        all.AddRange(_vpcs.Values.Where(v => v.Region == region).Select(v => new SandboxTaggedResource($"{ec2}:vpc/{v.Id}", v.Tags)));
        all.AddRange(_subnets.Values.Where(s => s.Region == region).Select(s => new SandboxTaggedResource($"{ec2}:subnet/{s.Id}", s.Tags)));
        all.AddRange(_internetGateways.Values.Where(g => g.Region == region).Select(g => new SandboxTaggedResource($"{ec2}:internet-gateway/{g.Id}", g.Tags)));
        all.AddRange(_addresses.Values.Where(a => a.Region == region).Select(a => new SandboxTaggedResource($"{ec2}:elastic-ip/{a.AllocationId}", a.Tags)));
        all.AddRange(_natGateways.Values.Where(n => n.Region == region && n.StateAt(now, Timings) is not ("deleted" or "failed"))
            .Select(n => new SandboxTaggedResource($"{ec2}:natgateway/{n.Id}", n.Tags)));
        all.AddRange(_routeTables.Values.Where(r => r.Region == region).Select(r => new SandboxTaggedResource($"{ec2}:route-table/{r.Id}", r.Tags)));
        all.AddRange(_securityGroups.Values.Where(g => g.Region == region).Select(g => new SandboxTaggedResource($"{ec2}:security-group/{g.Id}", g.Tags)));
        all.AddRange(_networkInterfaces.Values.Where(e => e.Region == region).Select(e => new SandboxTaggedResource($"{ec2}:network-interface/{e.Id}", e.Tags)));
        all.AddRange(_loadBalancers.Values.Where(b => b.Region == region).Select(b => new SandboxTaggedResource(b.Arn, b.Tags)));
        all.AddRange(_clusters.Values.Where(c => c.Region == region).Select(c => new SandboxTaggedResource(c.Arn, c.Tags)));
        all.AddRange(_nodegroups.Values.Where(n => n.Region == region).Select(n => new SandboxTaggedResource(n.Arn, n.Tags)));
        all.AddRange(_addons.Values.Where(a => a.Region == region).Select(a => new SandboxTaggedResource(a.Arn, a.Tags)));

        // The API lists only what carries at least one tag.
        return (IReadOnlyList<SandboxTaggedResource>)[.. all
            .Where(r => r.Tags.Count > 0)
            .Where(r => filters.All(f => r.Tags.TryGetValue(f.Key, out var value) && (f.Values.Count == 0 || f.Values.Contains(value))))
            .OrderBy(r => r.Arn, StringComparer.Ordinal)];
    });
}

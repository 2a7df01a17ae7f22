using Amazon.EC2;
using Amazon.EC2.Model;
using Kund.Domain.Resources;

namespace Kund.Infrastructure.Drift;

/// <summary>
/// What EC2 holds for many environments of one region, read in a handful of calls: one DescribeVpcs,
/// DescribeSubnets, DescribeRouteTables and DescribeNatGateways filtered by all their VPC ids at once, one
/// DescribeInternetGateways and DescribeAddresses by the recorded ids (AWS allows up to 200 filter values;
/// larger batches are read in chunks).
/// </summary>
public sealed class Ec2Snapshot
{
    public const int ChunkSize = 100;

    public Dictionary<string, Vpc> Vpcs { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, Subnet> Subnets { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, RouteTable> RouteTables { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, InternetGateway> InternetGateways { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, NatGateway> NatGateways { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, Address> Addresses { get; } = new(StringComparer.Ordinal);

    public static async Task<Ec2Snapshot> LoadAsync(IAmazonEC2 ec2, DriftReadBudget budget, IReadOnlyList<DriftSubject> subjects, CancellationToken cancellationToken)
    {
        var snapshot = new Ec2Snapshot();
        var vpcIds = subjects.Select(s => s.VpcId).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var gatewayIds = RecordedIds(subjects, ResourceKind.InternetGateway);
        var allocationIds = RecordedIds(subjects, ResourceKind.ElasticIp);

        foreach (var chunk in vpcIds.Chunk(ChunkSize))
        {
            var inVpcs = new List<Filter> { new("vpc-id", [.. chunk]) };
            await PagesAsync(budget, async token =>
            {
                var page = await ec2.DescribeVpcsAsync(new DescribeVpcsRequest { Filters = inVpcs, NextToken = token }, cancellationToken);
                (page.Vpcs ?? []).ForEach(v => snapshot.Vpcs[v.VpcId] = v);
                return page.NextToken;
            }, cancellationToken);
            await PagesAsync(budget, async token =>
            {
                var page = await ec2.DescribeSubnetsAsync(new DescribeSubnetsRequest { Filters = inVpcs, NextToken = token }, cancellationToken);
                (page.Subnets ?? []).ForEach(s => snapshot.Subnets[s.SubnetId] = s);
                return page.NextToken;
            }, cancellationToken);
            await PagesAsync(budget, async token =>
            {
                var page = await ec2.DescribeRouteTablesAsync(new DescribeRouteTablesRequest { Filters = inVpcs, NextToken = token }, cancellationToken);
                (page.RouteTables ?? []).ForEach(t => snapshot.RouteTables[t.RouteTableId] = t);
                return page.NextToken;
            }, cancellationToken);
            await PagesAsync(budget, async token =>
            {
                var page = await ec2.DescribeNatGatewaysAsync(new DescribeNatGatewaysRequest { Filter = inVpcs, NextToken = token }, cancellationToken);
                (page.NatGateways ?? []).ForEach(n => snapshot.NatGateways[n.NatGatewayId] = n);
                return page.NextToken;
            }, cancellationToken);
        }

        foreach (var chunk in gatewayIds.Chunk(ChunkSize))
        {
            await PagesAsync(budget, async token =>
            {
                var page = await ec2.DescribeInternetGatewaysAsync(new DescribeInternetGatewaysRequest { Filters = [new("internet-gateway-id", [.. chunk])], NextToken = token }, cancellationToken);
                (page.InternetGateways ?? []).ForEach(g => snapshot.InternetGateways[g.InternetGatewayId] = g);
                return page.NextToken;
            }, cancellationToken);
        }

        foreach (var chunk in allocationIds.Chunk(ChunkSize))
        {
            // DescribeAddresses does not page: it answers every match at once.
            var page = await budget.ReadAsync(() => ec2.DescribeAddressesAsync(new DescribeAddressesRequest { Filters = [new("allocation-id", [.. chunk])] }, cancellationToken), cancellationToken);
            (page.Addresses ?? []).ForEach(a => snapshot.Addresses[a.AllocationId] = a);
        }

        return snapshot;
    }

    /// <summary>The route table a subnet is explicitly associated with, or null (it uses its VPC's main table).</summary>
    public string? TableOfSubnet(string subnetId) =>
        RouteTables.Values.FirstOrDefault(t => (t.Associations ?? []).Any(a => a.SubnetId == subnetId))?.RouteTableId;

    private static List<string> RecordedIds(IReadOnlyList<DriftSubject> subjects, ResourceKind kind) =>
        subjects.SelectMany(s => s.Of(kind)).Select(r => r.Resource.CloudId).Distinct(StringComparer.Ordinal).ToList();

    private static async Task PagesAsync(DriftReadBudget budget, Func<string?, Task<string?>> page, CancellationToken cancellationToken)
    {
        string? token = null;
        do
        {
            var current = token;
            token = await budget.ReadAsync(() => page(current), cancellationToken);
        }
        while (!string.IsNullOrEmpty(token));
    }
}

using Kund.Infrastructure.Aws.Eks.Model;

namespace Kund.Infrastructure.Aws.Eks;

/// <summary>
/// The paginated EKS reads followed to their last page, as the SDK's paginators do: EKS answers a page
/// and a <c>nextToken</c>, and a caller that reads only the first page sees part of the answer.
/// </summary>
public static class EksPaging
{
    public static async Task<List<ClusterVersionInformation>> DescribeAllClusterVersionsAsync(
        this IEksClient eks, DescribeClusterVersionsRequest request, CancellationToken cancellationToken = default)
    {
        var all = new List<ClusterVersionInformation>();
        string? token = null;
        do
        {
            request.NextToken = token;
            var page = await eks.DescribeClusterVersionsAsync(request, cancellationToken);
            all.AddRange(page.ClusterVersions);
            token = NextOrNull(page.NextToken, token);
        }
        while (token is not null);

        return all;
    }

    public static async Task<List<AddonInfo>> DescribeAllAddonVersionsAsync(
        this IEksClient eks, DescribeAddonVersionsRequest request, CancellationToken cancellationToken = default)
    {
        var all = new List<AddonInfo>();
        string? token = null;
        do
        {
            request.NextToken = token;
            var page = await eks.DescribeAddonVersionsAsync(request, cancellationToken);
            all.AddRange(page.Addons);
            token = NextOrNull(page.NextToken, token);
        }
        while (token is not null);

        return all;
    }

    public static async Task<List<string>> ListAllNodegroupsAsync(this IEksClient eks, string clusterName, CancellationToken cancellationToken = default)
    {
        var all = new List<string>();
        string? token = null;
        do
        {
            var page = await eks.ListNodegroupsAsync(new ListNodegroupsRequest { ClusterName = clusterName, NextToken = token }, cancellationToken);
            all.AddRange(page.Nodegroups);
            token = NextOrNull(page.NextToken, token);
        }
        while (token is not null);

        return all;
    }

    public static async Task<List<AssociatedAccessPolicy>> ListAllAssociatedAccessPoliciesAsync(
        this IEksClient eks, string clusterName, string principalArn, CancellationToken cancellationToken = default)
    {
        var all = new List<AssociatedAccessPolicy>();
        string? token = null;
        do
        {
            var page = await eks.ListAssociatedAccessPoliciesAsync(
                new ListAssociatedAccessPoliciesRequest { ClusterName = clusterName, PrincipalArn = principalArn, NextToken = token }, cancellationToken);
            all.AddRange(page.AssociatedAccessPolicies);
            token = NextOrNull(page.NextToken, token);
        }
        while (token is not null);

        return all;
    }

    /// <summary>An empty token ends the listing; so does a token repeated, which would loop forever.</summary>
    private static string? NextOrNull(string? next, string? previous) =>
        string.IsNullOrEmpty(next) || next == previous ? null : next;
}

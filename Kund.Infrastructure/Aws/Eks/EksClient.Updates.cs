using Kund.Infrastructure.Aws.Eks.Model;

namespace Kund.Infrastructure.Aws.Eks;

/// <summary>
/// In-place changes over REST-JSON: <c>POST /clusters/{name}/updates</c> (version), <c>…/update-config</c>,
/// <c>GET …/updates/{id}</c>, node group <c>update-version</c>, add-on <c>update</c>, and tags under <c>/tags/{arn}</c>.
/// </summary>
public sealed partial class EksClient
{
    public async Task<UpdateClusterVersionResponse> UpdateClusterVersionAsync(UpdateClusterVersionRequest request, CancellationToken cancellationToken = default)
    {
        var (response, requestId) = await CallAsync<UpdateClusterVersionResponse>(HttpMethod.Post, $"{ClusterPath(request.Name)}/updates", request, cancellationToken);
        response.RequestId = requestId;
        return response;
    }

    public async Task<UpdateClusterConfigResponse> UpdateClusterConfigAsync(UpdateClusterConfigRequest request, CancellationToken cancellationToken = default)
    {
        var (response, requestId) = await CallAsync<UpdateClusterConfigResponse>(HttpMethod.Post, $"{ClusterPath(request.Name)}/update-config", request, cancellationToken);
        response.RequestId = requestId;
        return response;
    }

    public async Task<DescribeUpdateResponse> DescribeUpdateAsync(DescribeUpdateRequest request, CancellationToken cancellationToken = default)
    {
        var query = Query(("nodegroupName", request.NodegroupName), ("addonName", request.AddonName));
        var (response, requestId) = await CallAsync<DescribeUpdateResponse>(
            HttpMethod.Get, $"{ClusterPath(request.Name)}/updates/{Uri.EscapeDataString(request.UpdateId)}" + query, null, cancellationToken);
        response.RequestId = requestId;
        return response;
    }

    public async Task<UpdateNodegroupVersionResponse> UpdateNodegroupVersionAsync(UpdateNodegroupVersionRequest request, CancellationToken cancellationToken = default)
    {
        var (response, requestId) = await CallAsync<UpdateNodegroupVersionResponse>(
            HttpMethod.Post, $"{NodegroupPath(request.ClusterName, request.NodegroupName)}/update-version", request, cancellationToken);
        response.RequestId = requestId;
        return response;
    }

    public async Task<UpdateAddonResponse> UpdateAddonAsync(UpdateAddonRequest request, CancellationToken cancellationToken = default)
    {
        var (response, requestId) = await CallAsync<UpdateAddonResponse>(HttpMethod.Post, $"{AddonPath(request.ClusterName, request.AddonName)}/update", request, cancellationToken);
        response.RequestId = requestId;
        return response;
    }

    public async Task<TagResourceResponse> TagResourceAsync(TagResourceRequest request, CancellationToken cancellationToken = default)
    {
        var (response, requestId) = await CallAsync<TagResourceResponse>(HttpMethod.Post, TagsPath(request.ResourceArn), request, cancellationToken);
        response.RequestId = requestId;
        return response;
    }

    public async Task<UntagResourceResponse> UntagResourceAsync(UntagResourceRequest request, CancellationToken cancellationToken = default)
    {
        var query = Query([.. request.TagKeys.Select(k => ("tagKeys", (string?)k))]);
        var (response, requestId) = await CallAsync<UntagResourceResponse>(HttpMethod.Delete, TagsPath(request.ResourceArn) + query, null, cancellationToken);
        response.RequestId = requestId;
        return response;
    }

    public async Task<DisassociateAccessPolicyResponse> DisassociateAccessPolicyAsync(DisassociateAccessPolicyRequest request, CancellationToken cancellationToken = default)
    {
        var (response, requestId) = await CallAsync<DisassociateAccessPolicyResponse>(
            HttpMethod.Delete, $"{AccessEntryPath(request.ClusterName, request.PrincipalArn)}/access-policies/{Uri.EscapeDataString(request.PolicyArn)}", null, cancellationToken);
        response.RequestId = requestId;
        return response;
    }

    /// <summary>The ARN is one path segment: its ':' and '/' are percent-encoded.</summary>
    private static string TagsPath(string resourceArn) => $"/tags/{Uri.EscapeDataString(resourceArn)}";
}

namespace Kund.Infrastructure.Aws.Tagging;

/// <summary>The Resource Groups Tagging API: what carries a tag, across services, in one region.</summary>
public interface ITaggingClient
{
    Task<GetResourcesPage> GetResourcesAsync(IReadOnlyList<TagFilter> tagFilters, string? paginationToken = null, CancellationToken cancellationToken = default);

    /// <summary>Every page of GetResources.</summary>
    async Task<IReadOnlyList<TaggedResource>> GetAllResourcesAsync(IReadOnlyList<TagFilter> tagFilters, CancellationToken cancellationToken = default)
    {
        var all = new List<TaggedResource>();
        string? token = null;
        do
        {
            var page = await GetResourcesAsync(tagFilters, token, cancellationToken);
            all.AddRange(page.Resources);
            token = page.PaginationToken;
        }
        while (token is not null);
        return all;
    }
}

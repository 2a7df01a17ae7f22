using Kund.Domain.Execution;
using Kund.Infrastructure.Aws.Eks;
using Kund.Infrastructure.Aws.Eks.Model;

namespace Kund.Infrastructure.Aws.Drivers;

/// <summary>Brings an EKS resource's tags to the node's (TagResource, UntagResource by ARN); tags are no update and need no wait.</summary>
internal static class EksTagUpdate
{
    public static async Task ApplyAsync(IEksClient eks, ResourceContext context, string? arn, IEnumerable<KeyValuePair<string, string>>? current, CancellationToken cancellationToken)
    {
        if (arn is null)
        {
            throw new InvalidOperationException($"Node '{context.Node.Key}' has no ARN to tag.");
        }

        var (set, remove) = InPlace.TagChanges(context, current);
        if (set.Count > 0)
        {
            await eks.TagResourceAsync(new TagResourceRequest { ResourceArn = arn, Tags = set }, cancellationToken);
        }

        if (remove.Count > 0)
        {
            await eks.UntagResourceAsync(new UntagResourceRequest { ResourceArn = arn, TagKeys = remove }, cancellationToken);
        }
    }
}

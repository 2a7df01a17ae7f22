using Amazon.EC2;
using Amazon.EC2.Model;
using Kund.Domain.Execution;

namespace Kund.Infrastructure.Aws.Drivers;

/// <summary>Brings an EC2 resource's tags to the node's (CreateTags, DeleteTags by key); nothing is called when they already match.</summary>
internal static class Ec2TagUpdate
{
    public static async Task ApplyAsync(IAmazonEC2 ec2, ResourceContext context, string resourceId, IEnumerable<Tag>? current, CancellationToken cancellationToken)
    {
        var (set, remove) = InPlace.TagChanges(context, (current ?? []).Select(t => KeyValuePair.Create(t.Key, t.Value)));
        if (set.Count > 0)
        {
            await ec2.CreateTagsAsync(
                new CreateTagsRequest { Resources = [resourceId], Tags = [.. set.Select(t => new Tag(t.Key, t.Value))] },
                cancellationToken);
        }

        if (remove.Count > 0)
        {
            await ec2.DeleteTagsAsync(
                new DeleteTagsRequest { Resources = [resourceId], Tags = [.. remove.Select(k => new Tag { Key = k })] },
                cancellationToken);
        }
    }
}

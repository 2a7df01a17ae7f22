using System.Net;

namespace Kund.Infrastructure.Sandbox;

/// <summary>EKS TagResource / UntagResource: tags of a cluster, node group, add-on or access entry, found by its ARN.</summary>
public sealed partial class SandboxCloud
{
    public void TagEksResource(string region, string? resourceArn, IReadOnlyDictionary<string, string> tags) => Mutate(_ =>
    {
        if (tags.Count == 0)
        {
            throw EksError("BadRequestException", "tags must not be empty");
        }

        RetagEks(region, resourceArn, existing => Merge(existing, tags));
    });

    public void UntagEksResource(string region, string? resourceArn, IReadOnlyCollection<string> keys) => Mutate(_ =>
    {
        if (keys.Count == 0)
        {
            throw EksError("BadRequestException", "tagKeys must not be empty");
        }

        RetagEks(region, resourceArn, existing => existing.Where(t => !keys.Contains(t.Key)).ToDictionary(StringComparer.Ordinal));
    });

    public IReadOnlyDictionary<string, string> ListEksTags(string region, string? resourceArn) => Read(_ =>
    {
        IReadOnlyDictionary<string, string>? found = null;
        RetagEks(region, resourceArn, existing => found = existing, dryRun: true);
        return found!;
    });

    private void RetagEks(string region, string? arn, Func<IReadOnlyDictionary<string, string>, IReadOnlyDictionary<string, string>> change, bool dryRun = false)
    {
        if (arn is null || !arn.StartsWith($"arn:aws:eks:{region}:", StringComparison.Ordinal))
        {
            throw EksError("BadRequestException", $"The resource ARN '{arn}' is not a valid EKS ARN in {region}.");
        }

        if (_clusters.Values.FirstOrDefault(c => c.Arn == arn) is { } cluster)
        {
            var tags = change(cluster.Tags);
            if (!dryRun)
            {
                _clusters[ClusterKey(cluster.Region, cluster.Name)] = cluster with { Tags = tags };
            }
        }
        else if (_nodegroups.FirstOrDefault(n => n.Value.Arn == arn) is { Value: not null } nodegroup)
        {
            var tags = change(nodegroup.Value.Tags);
            if (!dryRun)
            {
                _nodegroups[nodegroup.Key] = nodegroup.Value with { Tags = tags };
            }
        }
        else if (_addons.FirstOrDefault(a => a.Value.Arn == arn) is { Value: not null } addon)
        {
            var tags = change(addon.Value.Tags);
            if (!dryRun)
            {
                _addons[addon.Key] = addon.Value with { Tags = tags };
            }
        }
        else if (_accessEntries.FirstOrDefault(e => e.Value.Arn == arn) is { Value: not null } entry)
        {
            var tags = change(entry.Value.Tags);
            if (!dryRun)
            {
                _accessEntries[entry.Key] = entry.Value with { Tags = tags };
            }
        }
        else
        {
            throw EksError("NotFoundException", $"Resource {arn} was not found.", HttpStatusCode.NotFound);
        }
    }
}

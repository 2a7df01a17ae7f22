using Kund.Domain.Drift;
using Kund.Infrastructure.Aws;
using Kund.Infrastructure.Aws.Drivers;
using Kund.Infrastructure.Aws.Tagging;

namespace Kund.Infrastructure.Drift;

/// <summary>
/// Compares what Kund recorded for many environments with the cloud, strictly read-only (Describe, Get and
/// List calls only). Environments of one region share one set of batched EC2 Describe calls; IAM and EKS
/// are read per resource. Every call goes through <see cref="DriftReadBudget"/>, so a check of a hundred
/// environments spreads its calls out instead of taking the request budget a create needs.
/// </summary>
public sealed class DriftChecker(AwsClients clients)
{
    /// <summary>AWS allows up to 20 values in one GetResources tag filter.</summary>
    public const int TagFilterValues = 20;

    /// <summary>Environments whose IAM and EKS reads may be under way at once (the budget paces them anyway).</summary>
    public const int Parallelism = 4;

    /// <summary>Checks every subject; the report of each environment, ignore rules not yet applied.</summary>
    public async Task<IReadOnlyDictionary<Guid, DriftReport>> CheckAsync(IReadOnlyList<DriftSubject> subjects, DriftReadBudget budget, CancellationToken cancellationToken)
    {
        var reports = new System.Collections.Concurrent.ConcurrentDictionary<Guid, DriftReport>();
        foreach (var region in subjects.GroupBy(s => s.Environment.Region, StringComparer.Ordinal))
        {
            var inRegion = region.ToList();
            var snapshot = await Ec2Snapshot.LoadAsync(clients.Ec2(region.Key), budget, inRegion, cancellationToken);
            var tagged = await TaggedAsync(clients.Tagging(region.Key), budget, inRegion, cancellationToken);
            await Parallel.ForEachAsync(inRegion, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken }, async (subject, ct) =>
            {
                var items = new List<DriftItem>();
                var unmanaged = new List<UnmanagedResource>();
                Ec2DriftChecks.Compare(subject, snapshot, items, unmanaged);
                await ServiceDriftChecks.CompareAsync(clients, budget, subject, items, ct);
                AddTaggedUnmanaged(subject, snapshot, tagged, unmanaged);
                reports[subject.Environment.Id] = new DriftReport(items, unmanaged).Ordered();
            });
        }

        return reports;
    }

    private static async Task<List<TaggedResource>> TaggedAsync(ITaggingClient tagging, DriftReadBudget budget, List<DriftSubject> subjects, CancellationToken cancellationToken)
    {
        var all = new List<TaggedResource>();
        foreach (var chunk in subjects.Select(s => s.Environment.Id.ToString("D")).Chunk(TagFilterValues))
        {
            string? token = null;
            do
            {
                var current = token;
                var page = await budget.ReadAsync(() => tagging.GetResourcesAsync([new TagFilter(KundTags.EnvironmentTag, chunk)], current, cancellationToken), cancellationToken);
                all.AddRange(page.Resources);
                token = page.PaginationToken;
            }
            while (!string.IsNullOrEmpty(token));
        }

        return all;
    }

    /// <summary>Resources carrying the environment's tag that Kund did not record (copied tags, or made by hand with them).</summary>
    private static void AddTaggedUnmanaged(DriftSubject subject, Ec2Snapshot snapshot, List<TaggedResource> tagged, List<UnmanagedResource> unmanaged)
    {
        var id = subject.Environment.Id.ToString("D");
        var known = subject.Created.Values.SelectMany(r => new[] { r.CloudId, r.Arn }).OfType<string>().ToHashSet(StringComparer.Ordinal);
        foreach (var resource in tagged.Where(r => r.Tags.GetValueOrDefault(KundTags.EnvironmentTag) == id))
        {
            var gone = snapshot.NatGateways.TryGetValue(resource.CloudId, out var nat) && nat.State?.Value is "deleted" or "deleting";
            if (known.Contains(resource.CloudId) || known.Contains(resource.ResourceArn) || gone || unmanaged.Any(u => u.CloudId == resource.CloudId))
            {
                continue;
            }

            unmanaged.Add(new UnmanagedResource(resource.CloudId, resource.Resource.Split('/')[0], $"carries the environment's tag {KundTags.EnvironmentTag}, not recorded by Kund"));
        }
    }
}

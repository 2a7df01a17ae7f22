using System.Security.Cryptography;
using System.Text;
using Amazon.EC2.Model;
using Kund.Domain.Execution;
using Kund.Domain.Resources;

namespace Kund.Infrastructure.Aws.Drivers;

/// <summary>
/// The tags that make a cloud resource Kund's: <c>kund:environment</c> (environment id) and
/// <c>kund:resource</c> (node key) find it again; <c>Name</c> and the spec's tags are for people.
/// </summary>
public static class KundTags
{
    public const string EnvironmentTag = "kund:environment";
    public const string ResourceTag = "kund:resource";
    public const string NameTag = "Name";

    /// <summary>The spec's tags, the node's own (a subnet's load-balancer tags), then Name, then Kund's two (Kund's win over a spec tag of the same key).</summary>
    public static IReadOnlyDictionary<string, string> For(ResourceContext context)
    {
        var tags = new Dictionary<string, string>(context.Environment.Tags, StringComparer.Ordinal);
        if (context.Node.Desired is SubnetDesired { Tags: { } own })
        {
            foreach (var (key, value) in own)
            {
                tags[key] = value;
            }
        }

        tags[NameTag] = NameOf(context);
        tags[EnvironmentTag] = EnvironmentValue(context);
        tags[ResourceTag] = context.Node.Key;
        return tags;
    }

    public static string EnvironmentValue(ResourceContext context) => context.Environment.Id.ToString("D");

    /// <summary><c>payments-dev-subnet-public-a</c> for the node <c>subnet/public-a</c>.</summary>
    public static string NameOf(ResourceContext context) => $"{context.Environment.Name}-{context.Node.Key.Replace('/', '-')}";

    /// <summary>True when the tags carry this node's two Kund tags.</summary>
    public static bool AreOurs(ResourceContext context, IEnumerable<KeyValuePair<string, string>>? tags) => AreOurs(context, context.Node.Key, tags);

    /// <summary>True when the tags carry the two Kund tags of node <paramref name="nodeKey"/> of this environment.</summary>
    public static bool AreOurs(ResourceContext context, string nodeKey, IEnumerable<KeyValuePair<string, string>>? tags)
    {
        var environment = false;
        var resource = false;
        foreach (var (key, value) in tags ?? [])
        {
            environment |= key == EnvironmentTag && value == EnvironmentValue(context);
            resource |= key == ResourceTag && value == nodeKey;
        }

        return environment && resource;
    }

    /// <summary>
    /// A deterministic idempotency token (≤ 64 ASCII characters as EC2 and EKS require): the same node of
    /// the same environment always sends the same token, so a retried create returns the first resource.
    /// </summary>
    /// <param name="replacing">The id of a failed resource the token returned before, to get a fresh one.</param>
    public static string ClientToken(ResourceContext context, string? replacing = null)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{EnvironmentValue(context)}|{context.Node.Key}|{replacing}"));
        return "kund-" + Convert.ToHexStringLower(hash)[..40];
    }

    public static List<Amazon.EC2.Model.Tag> Ec2(ResourceContext context) =>
        For(context).Select(t => new Amazon.EC2.Model.Tag(t.Key, t.Value)).ToList();

    public static List<TagSpecification> Ec2Specification(ResourceContext context, Amazon.EC2.ResourceType resourceType) =>
        [new TagSpecification { ResourceType = resourceType, Tags = Ec2(context) }];

    /// <summary>EC2 Describe filters that match this node's resource and nothing else.</summary>
    public static List<Filter> Ec2Filters(ResourceContext context) =>
    [
        new Filter($"tag:{EnvironmentTag}", [EnvironmentValue(context)]),
        new Filter($"tag:{ResourceTag}", [context.Node.Key]),
    ];
}

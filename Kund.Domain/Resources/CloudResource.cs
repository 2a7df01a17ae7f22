namespace Kund.Domain.Resources;

/// <summary>
/// What the cloud says about a resource Kund made: its id (<c>vpc-…</c>, a role name, a cluster name),
/// its ARN where it has one, and outputs other nodes need (an association id, a cluster endpoint).
/// </summary>
public sealed record CloudResource(string CloudId, string? Arn, IReadOnlyDictionary<string, string> Attributes)
{
    public CloudResource(string cloudId, string? arn = null)
        : this(cloudId, arn, new Dictionary<string, string>())
    {
    }

    public string? Attribute(string name) => Attributes.TryGetValue(name, out var value) ? value : null;
}

namespace Kund.Infrastructure.Aws.Tagging;

/// <summary>A <c>TagFilter</c>: resources carrying <see cref="Key"/>, with one of <see cref="Values"/> when any are given.</summary>
public sealed record TagFilter(string Key, IReadOnlyList<string> Values);

/// <summary>One resource and its tags, as GetResources lists it.</summary>
public sealed record TaggedResource(string ResourceArn, IReadOnlyDictionary<string, string> Tags)
{
    /// <summary>The service part of the ARN: <c>ec2</c>, <c>elasticloadbalancing</c>, <c>eks</c>.</summary>
    public string Service => ResourceArn.Split(':') is { Length: > 2 } parts ? parts[2] : "";

    /// <summary>What follows the account: <c>vpc/vpc-…</c>, <c>loadbalancer/net/…</c>, <c>cluster/name</c>.</summary>
    public string Resource => ResourceArn.Split(':', 6) is { Length: 6 } parts ? parts[5] : "";

    /// <summary>The resource's own id: <c>vpc-…</c> for EC2, the ARN for everything else.</summary>
    public string CloudId => Service == "ec2" && Resource.Split('/') is [_, var id] ? id : ResourceArn;
}

/// <summary>One page of GetResources; <see cref="PaginationToken"/> is null on the last.</summary>
public sealed record GetResourcesPage(IReadOnlyList<TaggedResource> Resources, string? PaginationToken);

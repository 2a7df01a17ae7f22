using Kund.Domain.Resources;

namespace Kund.Infrastructure.Sandbox;

/// <summary>
/// One resource that exists in the sandbox: its kind, cloud id, region (null for global IAM), the state AWS
/// would report (<c>available</c>, <c>pending</c>, <c>ACTIVE</c>, …) and its tags.
/// </summary>
public sealed record SandboxInventoryItem(
    ResourceKind Kind,
    string Id,
    string? Region,
    string State,
    IReadOnlyDictionary<string, string> Tags);

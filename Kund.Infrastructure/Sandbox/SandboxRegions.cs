namespace Kund.Infrastructure.Sandbox;

/// <summary>An availability zone: its name and the account-independent zone id.</summary>
public sealed record SandboxZone(string Name, string ZoneId);

/// <summary>A region the sandbox serves and its zones.</summary>
public sealed record SandboxRegion(string Name, IReadOnlyList<SandboxZone> Zones);

/// <summary>The regions of the sandbox cloud; anything else is refused like an unknown region.</summary>
public static class SandboxRegions
{
    public static IReadOnlyList<SandboxRegion> All { get; } =
    [
        Region("ap-northeast-2", "apne2", "abcd"),
        Region("us-east-1", "use1", "abcdef"),
        Region("eu-west-1", "euw1", "abc"),
    ];

    public static bool IsKnown(string? region) => Find(region) is not null;

    public static SandboxRegion? Find(string? region) => All.FirstOrDefault(r => r.Name == region);

    public static SandboxZone? FindZone(string region, string zoneNameOrId) =>
        Find(region)?.Zones.FirstOrDefault(z => z.Name == zoneNameOrId || z.ZoneId == zoneNameOrId);

    private static SandboxRegion Region(string name, string idPrefix, string letters) =>
        new(name, letters.Select((letter, i) => new SandboxZone($"{name}{letter}", $"{idPrefix}-az{i + 1}")).ToArray());
}

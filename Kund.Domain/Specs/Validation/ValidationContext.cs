using Kund.Domain.Network;

namespace Kund.Domain.Specs.Validation;

/// <summary>
/// One validation run: the spec, what the rules share (the region, the parsed VPC and subnet blocks) and
/// the messages collected so far. The spec may come straight from JSON, so nothing is assumed non-null.
/// </summary>
internal sealed class ValidationContext
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _warnings = new(StringComparer.Ordinal);

    public ValidationContext(EnvironmentSpec spec, CloudCatalog catalog, DateTimeOffset now)
    {
        Spec = spec;
        KnownRegions = [.. catalog.Regions.Select(region => region.Name)];
        Now = now;
        Region = catalog.FindRegion(spec.Region);
        Vpc = CidrBlock.TryParse(spec.Vpc?.Cidr, out var vpc) ? vpc : null;
        Subnets = [.. (spec.Subnets ?? []).Select((subnet, index) => new IndexedSubnet(index, subnet, Parse(subnet)))];
    }

    public EnvironmentSpec Spec { get; }

    public DateTimeOffset Now { get; }

    /// <summary>The catalog's region names, for messages.</summary>
    public IReadOnlyList<string> KnownRegions { get; }

    /// <summary>The spec's region in the catalog; null when unknown (already reported at <c>region</c>).</summary>
    public CloudRegion? Region { get; }

    /// <summary>The VPC block when its CIDR parses (its size and range may still be wrong).</summary>
    public CidrBlock? Vpc { get; }

    /// <summary>Every entry of <c>subnets</c> with its position; entries that are null in the JSON included.</summary>
    public IReadOnlyList<IndexedSubnet> Subnets { get; }

    /// <summary>The subnets that are there (not null), in order.</summary>
    public IEnumerable<IndexedSubnet> PresentSubnets => Subnets.Where(subnet => subnet.Spec is not null);

    public RoutingSpec Routing => Spec.Routing ?? new RoutingSpec();

    public void Error(string path, string message) => Add(_errors, path, message);

    public void Warning(string path, string message) => Add(_warnings, path, message);

    public ValidationResult ToResult() => new(Freeze(_errors), Freeze(_warnings));

    private static CidrBlock? Parse(SubnetSpec? subnet) =>
        CidrBlock.TryParse(subnet?.Cidr, out var block) ? block : null;

    private static void Add(Dictionary<string, List<string>> messages, string path, string message)
    {
        if (!messages.TryGetValue(path, out var list))
        {
            messages[path] = list = [];
        }

        list.Add(message);
    }

    private static Dictionary<string, IReadOnlyList<string>> Freeze(Dictionary<string, List<string>> messages) =>
        messages.ToDictionary(pair => pair.Key, pair => (IReadOnlyList<string>)pair.Value.AsReadOnly(), StringComparer.Ordinal);
}

/// <summary>An entry of <c>subnets</c>: its index (for paths), the spec (null when the JSON had null) and its block if it parses.</summary>
internal sealed record IndexedSubnet(int Index, SubnetSpec? Spec, CidrBlock? Cidr)
{
    public string Name => Spec?.Name ?? "";

    public string Zone => Spec?.AvailabilityZone ?? "";

    /// <summary>"private-a" or, for a nameless subnet, "subnets[2]": how messages refer to it.</summary>
    public string Label => string.IsNullOrWhiteSpace(Name) ? SpecPaths.Subnet(Index) : Name;
}

using System.Text.RegularExpressions;

namespace Kund.Domain.Drift;

/// <summary>
/// A team's expected noise: patterns of <c>Kind.attribute</c> with <c>*</c> as the only wildcard, matched
/// without regard to case — <c>EksNodeGroup.scaling.desiredSize</c> where an autoscaler runs,
/// <c>*.tags.owner</c> for a tag another tool writes, <c>unmanaged.subnet</c> for subnets made by hand.
/// </summary>
public sealed class DriftIgnore
{
    /// <summary>The prefix that makes a pattern match unmanaged resources by kind (<c>unmanaged.*</c>).</summary>
    public const string UnmanagedPrefix = "unmanaged.";

    private readonly Regex[] _patterns;

    public DriftIgnore(IEnumerable<string>? patterns)
    {
        Patterns = [.. (patterns ?? []).Where(p => !string.IsNullOrWhiteSpace(p)).Select(p => p.Trim())];
        _patterns = [.. Patterns.Select(ToRegex)];
    }

    public static DriftIgnore None { get; } = new([]);

    public IReadOnlyList<string> Patterns { get; }

    public bool IsEmpty => _patterns.Length == 0;

    public bool Matches(DriftItem item) => Matches(item.RuleName);

    public bool Matches(UnmanagedResource resource) => Matches(UnmanagedPrefix + resource.Kind);

    private bool Matches(string name) => _patterns.Any(p => p.IsMatch(name));

    private static Regex ToRegex(string pattern) =>
        new("^" + string.Join(".*", pattern.Split('*').Select(Regex.Escape)) + "$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
}

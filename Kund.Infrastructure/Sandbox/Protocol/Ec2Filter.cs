using System.Text.RegularExpressions;

namespace Kund.Infrastructure.Sandbox.Protocol;

/// <summary>One EC2 <c>Filter.N</c>: a name and the values any of which may match (<c>*</c> and <c>?</c> as wildcards).</summary>
internal sealed record Ec2Filter(string Name, IReadOnlyList<string> Values)
{
    public static List<Ec2Filter> Read(QueryParameters parameters) =>
        [.. parameters.Members("Filter")
            .Where(m => parameters.Get($"{m}.Name") is not null)
            .Select(m => new Ec2Filter(parameters.Get($"{m}.Name")!, parameters.List($"{m}.Value")))];

    /// <summary>
    /// Keeps the resources that match every filter. <paramref name="fields"/> gives a resource's values for
    /// a filter name, or null when the resource type has no such filter (AWS's <c>InvalidParameterValue</c>).
    /// Tag filters (<c>tag:key</c>, <c>tag-key</c>) are handled here for all types.
    /// </summary>
    public static List<T> Apply<T>(
        IEnumerable<T> resources,
        IReadOnlyList<Ec2Filter> filters,
        Func<T, IReadOnlyDictionary<string, string>> tags,
        Func<T, string, IEnumerable<string?>?> fields)
    {
        var kept = resources.ToList();
        foreach (var filter in filters)
        {
            kept = [.. kept.Where(resource => filter.Matches(ValuesOf(resource, filter.Name, tags, fields)))];
        }

        return kept;
    }

    private static IEnumerable<string?> ValuesOf<T>(
        T resource, string name, Func<T, IReadOnlyDictionary<string, string>> tags, Func<T, string, IEnumerable<string?>?> fields)
    {
        if (name.StartsWith("tag:", StringComparison.Ordinal))
        {
            return tags(resource).TryGetValue(name[4..], out var value) ? [value] : [];
        }

        if (name == "tag-key")
        {
            return tags(resource).Keys;
        }

        if (name == "tag-value")
        {
            return tags(resource).Values;
        }

        return fields(resource, name) ?? throw new SandboxException("InvalidParameterValue", $"The filter '{name}' is invalid");
    }

    private bool Matches(IEnumerable<string?> actual)
    {
        var present = actual.Where(v => v is not null).ToList();
        return Values.Any(wanted => present.Any(value => Like(value!, wanted)));
    }

    private static bool Like(string value, string pattern) =>
        pattern.Contains('*', StringComparison.Ordinal) || pattern.Contains('?', StringComparison.Ordinal)
            ? Regex.IsMatch(value, "^" + Regex.Escape(pattern).Replace("\\*", ".*", StringComparison.Ordinal).Replace("\\?", ".", StringComparison.Ordinal) + "$", RegexOptions.None, TimeSpan.FromSeconds(1))
            : value == pattern;
}

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
    /// Keeps the resources that match every filter. <paramref name="fields"/> gives a resource's values per
    /// filter name; a name it lacks is AWS's <c>InvalidParameterValue</c>, whether or not anything would match.
    /// Tag filters (<c>tag:key</c>, <c>tag-key</c>, <c>tag-value</c>) are handled here for all types.
    /// </summary>
    public static List<T> Apply<T>(
        IEnumerable<T> resources,
        IReadOnlyList<Ec2Filter> filters,
        Func<T, IReadOnlyDictionary<string, string>> tags,
        IReadOnlyDictionary<string, Func<T, IEnumerable<string?>>> fields)
    {
        var tests = filters.Select(filter => (Filter: filter, Values: ValuesOf(filter.Name, tags, fields))).ToList();
        return [.. resources.Where(resource => tests.All(t => t.Filter.Matches(t.Values(resource))))];
    }

    private static Func<T, IEnumerable<string?>> ValuesOf<T>(
        string name, Func<T, IReadOnlyDictionary<string, string>> tags, IReadOnlyDictionary<string, Func<T, IEnumerable<string?>>> fields)
    {
        if (name.StartsWith("tag:", StringComparison.Ordinal))
        {
            var key = name[4..];
            return resource => tags(resource).TryGetValue(key, out var value) ? [value] : [];
        }

        return name switch
        {
            "tag-key" => resource => tags(resource).Keys,
            "tag-value" => resource => tags(resource).Values,
            _ => fields.GetValueOrDefault(name) ?? throw new SandboxException("InvalidParameterValue", $"The filter '{name}' is invalid"),
        };
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

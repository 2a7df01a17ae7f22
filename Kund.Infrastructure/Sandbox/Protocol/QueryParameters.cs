using System.Globalization;
using System.Net;

namespace Kund.Infrastructure.Sandbox.Protocol;

/// <summary>
/// The parameters of an AWS Query request (EC2, IAM): the form body and the query string together, with
/// readers for the numbered lists the protocol flattens (<c>VpcId.1</c>, <c>Filter.1.Value.2</c>, <c>Tags.member.1.Key</c>).
/// </summary>
internal sealed class QueryParameters
{
    private readonly Dictionary<string, string> _values;

    private QueryParameters(Dictionary<string, string> values) => _values = values;

    public static QueryParameters Parse(string? query, string? body)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var part in new[] { query?.TrimStart('?'), body })
        {
            if (string.IsNullOrEmpty(part))
            {
                continue;
            }

            foreach (var pair in part.Split('&', StringSplitOptions.RemoveEmptyEntries))
            {
                var equals = pair.IndexOf('=', StringComparison.Ordinal);
                var key = WebUtility.UrlDecode(equals < 0 ? pair : pair[..equals]);
                var value = equals < 0 ? string.Empty : WebUtility.UrlDecode(pair[(equals + 1)..]);
                values[key] = value;
            }
        }

        return new QueryParameters(values);
    }

    public string? Action => Get("Action");

    public string? Get(string name) => _values.GetValueOrDefault(name);

    public bool? GetBool(string name) => Get(name) is { } text ? bool.Parse(text) : null;

    public int? GetInt(string name) => Get(name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : null;

    /// <summary><c>{prefix}.1</c>, <c>{prefix}.2</c>, … until the first gap.</summary>
    public List<string> List(string prefix)
    {
        var items = new List<string>();
        for (var i = 1; Get($"{prefix}.{i.ToString(CultureInfo.InvariantCulture)}") is { } value; i++)
        {
            items.Add(value);
        }

        return items;
    }

    /// <summary>Indexes <c>n</c> for which some <c>{prefix}.n.*</c> exists, in order.</summary>
    public List<string> Members(string prefix)
    {
        var members = new List<string>();
        for (var i = 1; _values.Keys.Any(k => k.StartsWith($"{prefix}.{i.ToString(CultureInfo.InvariantCulture)}.", StringComparison.Ordinal)); i++)
        {
            members.Add($"{prefix}.{i.ToString(CultureInfo.InvariantCulture)}");
        }

        return members;
    }

    /// <summary>Key/value pairs at <c>{prefix}.n.Key</c> and <c>{prefix}.n.Value</c>.</summary>
    public Dictionary<string, string> Tags(string prefix) =>
        Members(prefix)
            .Where(m => Get($"{m}.Key") is not null)
            .ToDictionary(m => Get($"{m}.Key")!, m => Get($"{m}.Value") ?? string.Empty, StringComparer.Ordinal);
}

using Kund.Domain.Resources;

namespace Kund.Domain.Drift;

/// <summary>Collects the items of one resource: each comparison adds an item only when the cloud differs.</summary>
public sealed class DriftFindings(string key, ResourceKind kind)
{
    private readonly List<DriftItem> _items = [];

    public IReadOnlyList<DriftItem> Items => _items;

    public void Add(string attribute, string? expected, string? actual, DriftSeverity severity) =>
        _items.Add(new DriftItem(key, kind, attribute, expected, actual, severity));

    public void Missing(string cloudId) => _items.Add(DriftItem.Missing(key, kind, cloudId));

    public void Value(string attribute, string? expected, string? actual, DriftSeverity severity = DriftSeverity.Functional)
    {
        if (!string.Equals(expected, actual, StringComparison.Ordinal))
        {
            Add(attribute, expected, actual, severity);
        }
    }

    public void Value(string attribute, bool expected, bool? actual, DriftSeverity severity = DriftSeverity.Functional) =>
        Value(attribute, Text(expected), actual is { } a ? Text(a) : null, severity);

    public void Value(string attribute, int expected, int? actual, DriftSeverity severity = DriftSeverity.Functional) =>
        Value(attribute, expected.ToString(System.Globalization.CultureInfo.InvariantCulture), actual?.ToString(System.Globalization.CultureInfo.InvariantCulture), severity);

    /// <summary>Compares two lists as sets (order carries no meaning in AWS's answers).</summary>
    public void Set(string attribute, IEnumerable<string> expected, IEnumerable<string>? actual, DriftSeverity severity = DriftSeverity.Functional)
    {
        var want = expected.Order(StringComparer.Ordinal).Distinct().ToList();
        var have = (actual ?? []).Order(StringComparer.Ordinal).Distinct().ToList();
        if (!want.SequenceEqual(have, StringComparer.Ordinal))
        {
            Add(attribute, string.Join(",", want), string.Join(",", have), severity);
        }
    }

    /// <summary>
    /// Tags as applied (<paramref name="expected"/>) against the cloud's: a changed, removed or added tag is
    /// cosmetic, except Kund's own (<c>kund:*</c>), without which Kund no longer finds the resource; AWS's
    /// (<c>aws:*</c>) are never compared.
    /// </summary>
    public void Tags(IReadOnlyDictionary<string, string> expected, IEnumerable<KeyValuePair<string, string>>? actual)
    {
        var have = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (tagKey, tagValue) in actual ?? [])
        {
            have[tagKey] = tagValue;
        }

        foreach (var tagKey in expected.Keys.Union(have.Keys).Where(k => !k.StartsWith("aws:", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            var severity = tagKey.StartsWith("kund:", StringComparison.Ordinal) ? DriftSeverity.Functional : DriftSeverity.Cosmetic;
            Value($"tags.{tagKey}", expected.GetValueOrDefault(tagKey), have.GetValueOrDefault(tagKey), severity);
        }
    }

    /// <summary>
    /// The CIDRs allowed to reach a public endpoint: any address range beyond the applied ones is a security
    /// item (the endpoint was opened), a narrower list a functional one.
    /// </summary>
    public void AllowedCidrs(string attribute, IReadOnlyList<string> expected, IReadOnlyList<string>? actual)
    {
        var have = actual ?? [];
        var widened = have.Except(expected, StringComparer.Ordinal).Any();
        Set(attribute, expected, have, widened ? DriftSeverity.Security : DriftSeverity.Functional);
    }

    private static string Text(bool value) => value ? "true" : "false";
}

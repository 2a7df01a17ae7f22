using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Kund.Domain.Blueprints;

/// <summary>
/// A field of a spec by its JSON path as errors name it (<c>cluster.compute.nodeGroups[0].desiredSize</c>): read it
/// from, or write it into, a spec as JSON.
/// </summary>
public static partial class SpecPath
{
    public static bool IsWellFormed(string path) => Shape().IsMatch(path);

    /// <summary>The value at <paramref name="path"/>, or null when the spec does not set it.</summary>
    public static JsonNode? Get(JsonObject spec, string path)
    {
        JsonNode? node = spec;
        foreach (var (name, index) in Segments(path))
        {
            node = node is JsonObject o && o.TryGetPropertyValue(name, out var child) ? child : null;
            if (index is { } i)
            {
                node = node is JsonArray a && i < a.Count ? a[i] : null;
            }
        }

        return node;
    }

    /// <summary>Writes <paramref name="value"/> at <paramref name="path"/>, making the objects and list items on the way.</summary>
    public static void Set(JsonObject spec, string path, JsonNode? value)
    {
        var segments = Segments(path).ToList();
        JsonNode parent = spec;
        for (var s = 0; s < segments.Count; s++)
        {
            var (name, index) = segments[s];
            var last = s == segments.Count - 1;
            var obj = (JsonObject)parent;
            if (index is not { } i)
            {
                if (last)
                {
                    obj[name] = value;
                    return;
                }

                parent = obj[name] as JsonObject ?? (JsonNode)(obj[name] = new JsonObject());
                continue;
            }

            var array = obj[name] as JsonArray ?? (JsonArray)(obj[name] = new JsonArray());
            while (array.Count <= i)
            {
                array.Add(new JsonObject());
            }

            if (last)
            {
                array[i] = value;
                return;
            }

            parent = array[i] ?? (array[i] = new JsonObject());
        }
    }

    /// <summary>True when <paramref name="path"/> is <paramref name="locked"/> or a field inside it.</summary>
    public static bool IsWithin(string path, string locked) =>
        path == locked || path.StartsWith(locked + ".", StringComparison.Ordinal) || path.StartsWith(locked + "[", StringComparison.Ordinal);

    private static IEnumerable<(string Name, int? Index)> Segments(string path) =>
        path.Split('.').Select(segment =>
        {
            var bracket = segment.IndexOf('[', StringComparison.Ordinal);
            return bracket < 0
                ? (segment, (int?)null)
                : (segment[..bracket], int.Parse(segment[(bracket + 1)..^1], CultureInfo.InvariantCulture));
        });

    [GeneratedRegex(@"^[a-zA-Z][a-zA-Z0-9]*(\[\d{1,3}\])?(\.[a-zA-Z][a-zA-Z0-9]*(\[\d{1,3}\])?)*$")]
    private static partial Regex Shape();
}

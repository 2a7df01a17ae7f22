using Kund.Domain.Execution;
using Kund.Domain.Resources;

namespace Kund.Infrastructure.Aws.Drivers;

/// <summary>
/// What every in-place update shares: the applied shape of the right kind, and the refusal of a change the
/// planner should have made a replacement (docs/aws-behaviour.md, "Changing resources in place").
/// </summary>
internal static class InPlace
{
    public static TDesired Applied<TDesired>(ResourceContext context, ResourceDesired applied)
        where TDesired : ResourceDesired =>
        applied as TDesired
            ?? throw new InvalidOperationException($"Node '{context.Node.Key}' was applied as {applied.GetType().Name}, not {typeof(TDesired).Name}.");

    /// <summary>Throws when <paramref name="attribute"/> differs: reaching an update with it is a planner bug, not a cloud error.</summary>
    public static void Forbid<T>(ResourceContext context, string attribute, T before, T after)
    {
        if (!EqualityComparer<T>.Default.Equals(before, after))
        {
            throw Forced(context, attribute, before, after);
        }
    }

    public static void ForbidList(ResourceContext context, string attribute, IReadOnlyList<string> before, IReadOnlyList<string> after)
    {
        if (!before.SequenceEqual(after, StringComparer.Ordinal))
        {
            throw Forced(context, attribute, string.Join(",", before), string.Join(",", after));
        }
    }

    public static InvalidOperationException Forced(ResourceContext context, string attribute, object? before, object? after) =>
        new($"{context.Node.Kind} node '{context.Node.Key}': {attribute} changed from '{before}' to '{after}', which forces replacement and cannot be changed in place.");

    /// <summary>
    /// The tags to set and the keys to remove so the resource carries exactly Kund's tags for the node:
    /// Kund's own (<c>kund:*</c>) and AWS's (<c>aws:*</c>) are never removed.
    /// </summary>
    public static (Dictionary<string, string> Set, List<string> Remove) TagChanges(ResourceContext context, IEnumerable<KeyValuePair<string, string>>? current)
    {
        var desired = KundTags.For(context);
        var now = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in current ?? [])
        {
            now[key] = value;
        }

        var set = desired.Where(t => !now.TryGetValue(t.Key, out var value) || value != t.Value).ToDictionary(StringComparer.Ordinal);
        var remove = now.Keys
            .Where(k => !desired.ContainsKey(k) && !k.StartsWith("kund:", StringComparison.Ordinal) && !k.StartsWith("aws:", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();
        return (set, remove);
    }
}

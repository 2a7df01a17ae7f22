using System.Text.Json.Nodes;

namespace Kund.Domain.Blueprints;

/// <summary>
/// The spec of an environment started from a blueprint: the blueprint's partial spec, the requester's fields over it,
/// then the parameters at their paths. Locked fields keep the blueprint's value; a request that changes one, or a
/// parameter value outside its rule, is an error at its path (<c>routing.natGateways</c>,
/// <c>blueprint.parameters.nodes</c>).
/// </summary>
public static class BlueprintSpec
{
    /// <summary>Where a create request names its blueprint: <c>{ "name", "version", "parameters" }</c>.</summary>
    public const string RequestPath = "blueprint";

    public static string ParameterPath(string name) => $"{RequestPath}.parameters.{name}";

    /// <param name="request">The requester's spec fields as JSON (without the <c>blueprint</c> member).</param>
    /// <param name="parameters">The values the requester set, by parameter name; the rest take their defaults.</param>
    public static BlueprintSpecResult Apply(Blueprint blueprint, JsonObject request, JsonObject? parameters)
    {
        ArgumentNullException.ThrowIfNull(blueprint);
        ArgumentNullException.ThrowIfNull(request);
        var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var spec = (JsonObject)blueprint.Spec.DeepClone();
        Merge(spec, request);

        var declared = blueprint.Parameters.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var (name, _) in parameters ?? [])
        {
            if (!declared.Contains(name))
            {
                Add(errors, ParameterPath(name), declared.Count == 0
                    ? $"Blueprint {blueprint.Name} has no parameters; '{name}' is not one."
                    : $"Blueprint {blueprint.Name} has no parameter '{name}'; its parameters: {string.Join(", ", declared)}.");
            }
        }

        var values = new JsonObject();
        foreach (var parameter in blueprint.Parameters)
        {
            // A value named as a parameter wins; a value written straight into the spec counts as the parameter's.
            var (value, at) = parameters is not null && parameters.TryGetPropertyValue(parameter.Name, out var given)
                ? (given, ParameterPath(parameter.Name))
                : SpecPath.Get(request, parameter.Path) is { } written ? (written, parameter.Path) : (parameter.Default, ParameterPath(parameter.Name));
            if (parameter.Refuse(value) is { } refused)
            {
                Add(errors, at, $"{Show(value)} is not a value of parameter {parameter.Name}: {refused}");
                continue;
            }

            values[parameter.Name] = value!.DeepClone();
            SpecPath.Set(spec, parameter.Path, value.DeepClone());
        }

        foreach (var (path, messages) in Locks(blueprint, spec))
        {
            Add(errors, path, messages[0]);
        }

        return new BlueprintSpecResult(spec, values, errors.ToDictionary(e => e.Key, e => (IReadOnlyList<string>)e.Value, StringComparer.Ordinal));
    }

    /// <summary>The locked fields of <paramref name="blueprint"/> that <paramref name="spec"/> (as JSON) does not hold at their value, by path.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> Locks(Blueprint blueprint, JsonObject spec)
    {
        ArgumentNullException.ThrowIfNull(blueprint);
        var errors = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var locked in blueprint.Locked)
        {
            var fixedValue = SpecPath.Get(blueprint.Spec, locked.Path);
            var actual = SpecPath.Get(spec, locked.Path);
            if (!JsonNode.DeepEquals(fixedValue, actual))
            {
                errors[locked.Path] = [$"{locked.Path} is locked to {Show(fixedValue)} by blueprint {blueprint.Name} v{blueprint.Version}, not {Show(actual)}: {locked.Reason}"];
            }
        }

        return errors;
    }

    /// <summary>
    /// The spec that moving <paramref name="current"/> (an environment made from <paramref name="from"/>) to
    /// <paramref name="to"/> proposes: every field whose value the blueprint changed between the two versions takes the
    /// new value, the new version's locked fields their locked value, the parameters their values again (a new
    /// parameter its default); what the team chose itself stays.
    /// </summary>
    public static BlueprintSpecResult Upgrade(Blueprint from, Blueprint to, JsonObject current, JsonObject? parameters)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        var request = (JsonObject)current.DeepClone();
        foreach (var (path, value) in Leaves(to.Spec, ""))
        {
            if (!JsonNode.DeepEquals(SpecPath.Get(from.Spec, path), value))
            {
                SpecPath.Set(request, path, value?.DeepClone());
            }
        }

        foreach (var locked in to.Locked)
        {
            SpecPath.Set(request, locked.Path, SpecPath.Get(to.Spec, locked.Path)?.DeepClone());
        }

        var kept = new JsonObject();
        foreach (var parameter in to.Parameters)
        {
            if (parameters is not null && parameters.TryGetPropertyValue(parameter.Name, out var value) && parameter.Refuse(value) is null)
            {
                kept[parameter.Name] = value!.DeepClone();
            }
        }

        return Apply(to, request, kept);
    }

    /// <summary>Objects merge field by field; a list or a value of <paramref name="over"/> replaces the one below.</summary>
    private static void Merge(JsonObject under, JsonObject over)
    {
        foreach (var (name, value) in over)
        {
            if (value is JsonObject overObject && under[name] is JsonObject underObject)
            {
                Merge(underObject, overObject);
            }
            else
            {
                under[name] = value?.DeepClone();
            }
        }
    }

    /// <summary>The fields a partial spec sets, by path; lists count as one value.</summary>
    private static IEnumerable<(string Path, JsonNode? Value)> Leaves(JsonObject node, string prefix)
    {
        foreach (var (name, value) in node)
        {
            var path = prefix.Length == 0 ? name : $"{prefix}.{name}";
            if (value is JsonObject child)
            {
                foreach (var leaf in Leaves(child, path))
                {
                    yield return leaf;
                }
            }
            else
            {
                yield return (path, value);
            }
        }
    }

    private static string Show(JsonNode? value) => value is null ? "nothing" : value.ToJsonString();

    private static void Add(Dictionary<string, List<string>> errors, string path, string message)
    {
        if (!errors.TryGetValue(path, out var messages))
        {
            errors[path] = messages = [];
        }

        messages.Add(message);
    }
}

/// <summary>The merged spec (as JSON), the parameter values it used, and the errors by path (empty when it stands).</summary>
public sealed record BlueprintSpecResult(JsonObject Spec, JsonObject Parameters, IReadOnlyDictionary<string, IReadOnlyList<string>> Errors)
{
    public bool IsValid => Errors.Count == 0;
}

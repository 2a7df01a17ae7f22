using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Kund.Domain.Specs;

namespace Kund.Domain.Blueprints;

/// <summary>
/// Reads a blueprint document (YAML or JSON, already turned into JSON) strictly: every problem at once, keyed by its
/// path (<c>parameters.nodes.default</c>, <c>locked[0].path</c>, <c>spec.vpc.cidr</c>); <c>document</c> when the
/// document is not a mapping at all.
/// </summary>
public static partial class BlueprintDocument
{
    public const string DocumentPath = "document";

    private static readonly string[] TopLevel = ["name", "version", "description", "spec", "parameters", "locked"];
    private static readonly string[] ParameterFields = ["type", "path", "default", "range", "allowed", "description"];
    private static readonly string[] LockedFields = ["path", "reason"];

    /// <summary>The blueprint, or null with the errors that keep it from being one.</summary>
    public static (Blueprint? Blueprint, ValidationResult Result) Parse(JsonNode? root)
    {
        var errors = new Errors();
        if (root is not JsonObject document)
        {
            errors.Add(DocumentPath, "A blueprint is a mapping with name, version, spec, parameters and locked.");
            return (null, errors.ToResult());
        }

        Unknown(errors, document, TopLevel, "");
        var name = Text(document["name"]);
        if (name is null || !Name().IsMatch(name))
        {
            errors.Add("name", "The name is required: lowercase letters, digits and '-', at most 63 characters.");
        }

        var version = document["version"] is JsonValue v && v.TryGetValue<int>(out var number) && number >= 1 ? number : 0;
        if (version == 0)
        {
            errors.Add("version", "The version is required: a whole number from 1.");
        }

        var spec = document["spec"] as JsonObject;
        if (spec is null)
        {
            errors.Add("spec", "The spec is required: a mapping of the environment's fields (api.md), any of them left out.");
        }
        else
        {
            CheckSpec(errors, spec);
        }

        var locked = Locked(errors, document["locked"], spec);
        var parameters = Parameters(errors, document["parameters"], locked);
        var result = errors.ToResult();
        return result.IsValid
            ? (new Blueprint(name!, version, Text(document["description"]), (JsonObject)spec!.DeepClone(), parameters, locked), result)
            : (null, result);
    }

    /// <summary>The spec reads as an environment spec (unknown fields and wrong types refused at their path).</summary>
    private static void CheckSpec(Errors errors, JsonObject spec)
    {
        try
        {
            spec.Deserialize<EnvironmentSpec>(Strict);
        }
        catch (JsonException exception)
        {
            var path = (exception.Path ?? "$").TrimStart('$').TrimStart('.');
            errors.Add(path.Length == 0 ? "spec" : $"spec.{path}", exception.Message.Split(" Path:")[0]);
        }
    }

    private static readonly JsonSerializerOptions Strict = new(KundJson.Options) { UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow };

    private static List<LockedField> Locked(Errors errors, JsonNode? node, JsonObject? spec)
    {
        var locked = new List<LockedField>();
        if (node is null)
        {
            return locked;
        }

        if (node is not JsonArray list)
        {
            errors.Add("locked", "locked is a list of { path, reason }.");
            return locked;
        }

        for (var i = 0; i < list.Count; i++)
        {
            var at = $"locked[{i}]";
            if (list[i] is not JsonObject item)
            {
                errors.Add(at, "Each locked field is a mapping with path and reason.");
                continue;
            }

            Unknown(errors, item, LockedFields, at + ".");
            var path = Text(item["path"]);
            var reason = Text(item["reason"]);
            if (path is null || !SpecPath.IsWellFormed(path))
            {
                errors.Add($"{at}.path", "The path of a spec field is required (cluster.endpointPublicAccess, routing.natGateways).");
            }
            else if (spec is not null && SpecPath.Get(spec, path) is null)
            {
                errors.Add($"{at}.path", $"{path} is locked but the spec does not set it: a locked field needs the value it is locked to.");
            }

            if (string.IsNullOrWhiteSpace(reason))
            {
                errors.Add($"{at}.reason", "Say why the field is locked: the wizard shows it beside the field.");
            }

            if (path is not null && !string.IsNullOrWhiteSpace(reason))
            {
                locked.Add(new LockedField(path, reason));
            }
        }

        return locked;
    }

    private static List<BlueprintParameter> Parameters(Errors errors, JsonNode? node, List<LockedField> locked)
    {
        var parameters = new List<BlueprintParameter>();
        if (node is null)
        {
            return parameters;
        }

        if (node is not JsonObject map)
        {
            errors.Add("parameters", "parameters is a mapping of name to { type, path, default, range | allowed }.");
            return parameters;
        }

        foreach (var (name, value) in map)
        {
            var at = $"parameters.{name}";
            if (!ParameterName().IsMatch(name))
            {
                errors.Add(at, "A parameter name is a camelCase word.");
                continue;
            }

            if (value is not JsonObject item)
            {
                errors.Add(at, "A parameter is a mapping with type, path and default.");
                continue;
            }

            Unknown(errors, item, ParameterFields, at + ".");
            if (Parameter(errors, at, name, item, locked) is { } parameter)
            {
                parameters.Add(parameter);
            }
        }

        return parameters;
    }

    private static BlueprintParameter? Parameter(Errors errors, string at, string name, JsonObject item, List<LockedField> locked)
    {
        var before = errors.Count;
        BlueprintParameterType? type = Text(item["type"]) switch
        {
            "int" => BlueprintParameterType.Int,
            "string" => BlueprintParameterType.String,
            "bool" => BlueprintParameterType.Bool,
            _ => null,
        };
        if (type is null)
        {
            errors.Add($"{at}.type", "The type is int, string or bool.");
        }

        var path = Text(item["path"]);
        if (path is null || !SpecPath.IsWellFormed(path))
        {
            errors.Add($"{at}.path", "The path of the spec field the parameter sets is required (cluster.compute.nodeGroups[0].desiredSize).");
        }
        else if (locked.FirstOrDefault(l => SpecPath.IsWithin(path, l.Path) || SpecPath.IsWithin(l.Path, path)) is { } lockedField)
        {
            errors.Add($"{at}.path", $"{path} is locked ({lockedField.Reason}): a parameter cannot override a locked field.");
        }

        int? min = null, max = null;
        if (Text(item["range"]) is { } range)
        {
            var match = Range().Match(range);
            if (type != BlueprintParameterType.Int || !match.Success || int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) > int.Parse(match.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture))
            {
                errors.Add($"{at}.range", "A range is for int parameters, written low..high (1..5).");
            }
            else
            {
                (min, max) = (int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), int.Parse(match.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture));
            }
        }
        else if (item["range"] is not null)
        {
            errors.Add($"{at}.range", "A range is written low..high (1..5).");
        }

        List<string>? allowed = null;
        if (item["allowed"] is { } allowedNode)
        {
            allowed = allowedNode is JsonArray values && values.All(x => Text(x) is not null) ? [.. values.Select(x => Text(x)!)]
                : allowedNode is JsonValue && Text(allowedNode) is { } piped ? [.. piped.Split('|', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)]
                : null;
            if (allowed is not { Count: > 0 } || type != BlueprintParameterType.String)
            {
                errors.Add($"{at}.allowed", "Allowed values are for string parameters: a list, or small|medium.");
                allowed = null;
            }
        }

        if (item["default"] is not { } fallback)
        {
            errors.Add($"{at}.default", "A default is required: the value when the team does not set one.");
            return null;
        }

        if (errors.Count > before || type is not { } known || path is null)
        {
            return null;
        }

        var parameter = new BlueprintParameter(name, known, path, fallback.DeepClone(), min, max, allowed, Text(item["description"]));
        if (parameter.Refuse(fallback) is { } refused)
        {
            errors.Add($"{at}.default", $"The default breaks the parameter's own rule: {refused}");
            return null;
        }

        return parameter;
    }

    private static void Unknown(Errors errors, JsonObject item, string[] known, string prefix)
    {
        foreach (var (key, _) in item.Where(p => !known.Contains(p.Key, StringComparer.Ordinal)))
        {
            errors.Add(prefix + key, $"Unknown field '{key}'; known: {string.Join(", ", known)}.");
        }
    }

    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,62}$")]
    private static partial Regex Name();

    [GeneratedRegex("^[a-z][a-zA-Z0-9]{0,62}$")]
    private static partial Regex ParameterName();

    [GeneratedRegex(@"^(\d{1,6})\.\.(\d{1,6})$")]
    private static partial Regex Range();

    private sealed class Errors
    {
        private readonly Dictionary<string, List<string>> _byPath = new(StringComparer.Ordinal);

        public int Count => _byPath.Count;

        public void Add(string path, string message)
        {
            if (!_byPath.TryGetValue(path, out var messages))
            {
                _byPath[path] = messages = [];
            }

            messages.Add(message);
        }

        public ValidationResult ToResult() => new(
            _byPath.ToDictionary(e => e.Key, e => (IReadOnlyList<string>)e.Value, StringComparer.Ordinal),
            new Dictionary<string, IReadOnlyList<string>>());
    }
}

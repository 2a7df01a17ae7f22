using System.Text.Json.Nodes;

namespace Kund.Domain.Blueprints;

/// <summary>
/// A named, versioned environment shape a platform team publishes: a partial spec (api.md's JSON, camelCase), the
/// parameters a team may set, and the fields it locks. A version is never edited; a change is the next version.
/// </summary>
public sealed record Blueprint(
    string Name,
    int Version,
    string? Description,
    JsonObject Spec,
    IReadOnlyList<BlueprintParameter> Parameters,
    IReadOnlyList<LockedField> Locked);

public enum BlueprintParameterType
{
    Int,
    String,
    Bool,
}

/// <summary>
/// A value a team sets when it starts from the blueprint, written into the spec at <paramref name="Path"/>
/// (<c>cluster.compute.nodeGroups[0].desiredSize</c>): an int within <paramref name="Min"/>..<paramref name="Max"/>,
/// or a string among <paramref name="Allowed"/>.
/// </summary>
public sealed record BlueprintParameter(
    string Name,
    BlueprintParameterType Type,
    string Path,
    JsonNode Default,
    int? Min = null,
    int? Max = null,
    IReadOnlyList<string>? Allowed = null,
    string? Description = null)
{
    /// <summary>Why <paramref name="value"/> is not a value of this parameter, or null when it is.</summary>
    public string? Refuse(JsonNode? value)
    {
        switch (Type)
        {
            case BlueprintParameterType.Int:
                if (value is not JsonValue number || !number.TryGetValue<int>(out var n))
                {
                    return $"{Name} is a whole number.";
                }

                return (Min, Max) is ({ } min, { } max) && (n < min || n > max) ? $"{n} is outside {Name}'s range {min}..{max}." : null;
            case BlueprintParameterType.String:
                if (value is not JsonValue text || !text.TryGetValue<string>(out var s))
                {
                    return $"{Name} is a string.";
                }

                return Allowed is { Count: > 0 } allowed && !allowed.Contains(s, StringComparer.Ordinal) ? $"'{s}' is not one of {string.Join('|', allowed)}." : null;
            case BlueprintParameterType.Bool:
                return value is JsonValue flag && flag.TryGetValue<bool>(out _) ? null : $"{Name} is true or false.";
            default:
                throw new ArgumentOutOfRangeException(nameof(value), Type, "Unknown parameter type.");
        }
    }
}

/// <summary>A field of the spec a team cannot change, with the reason the wizard shows beside it.</summary>
public sealed record LockedField(string Path, string Reason);

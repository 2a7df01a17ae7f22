using System.Text.Json;
using System.Text.Json.Nodes;
using Kund.Domain;
using Kund.Domain.Blueprints;
using Kund.Infrastructure.Blueprints;

namespace Kund.Web.Api;

/// <summary>
/// The <c>blueprint</c> member of a create request (<c>{ "name", "version", "parameters" }</c>), read from a body
/// <see cref="JsonBody"/> has already checked: the spec fields without it, and the choice; a member of the wrong
/// shape is a 400 at its path (<c>blueprint.version</c>).
/// </summary>
internal static class BlueprintRequest
{
    public static async Task<(JsonObject? Spec, BlueprintChoice? Choice, IResult? Problem)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        request.Body.Position = 0;
        using var document = await JsonDocument.ParseAsync(request.Body, new JsonDocumentOptions { MaxDepth = KundJson.Options.MaxDepth }, cancellationToken);
        if (document.RootElement.ValueKind != JsonValueKind.Object
            || !document.RootElement.TryGetProperty(BlueprintSpec.RequestPath, out var chosen) || chosen.ValueKind == JsonValueKind.Null)
        {
            return (null, null, null);
        }

        if (PathOfDuplicate(document.RootElement, "") is { } duplicate)
        {
            // A JSON object holds a name once: which of the two the blueprint's spec should take is not clear.
            return (null, null, ApiProblems.Field(duplicate.Length == 0 ? "$" : duplicate, "A field appears twice in this object; name each field once."));
        }

        var body = JsonObject.Create(document.RootElement.Clone())!;
        var member = body[BlueprintSpec.RequestPath];
        if (member is not JsonObject)
        {
            return (null, null, ApiProblems.Field(BlueprintSpec.RequestPath, "blueprint is an object { name, version, parameters }, or null for a spec typed from scratch."));
        }

        BlueprintChoice? choice;
        try
        {
            choice = member.Deserialize<BlueprintChoice>(KundJson.Options);
        }
        catch (JsonException exception)
        {
            var path = (exception.Path ?? "$").TrimStart('$').TrimStart('.');
            return (null, null, ApiProblems.Field(path.Length == 0 ? BlueprintSpec.RequestPath : $"{BlueprintSpec.RequestPath}.{path}", "The value is not valid here; blueprint is { name: string, version: whole number, parameters: object }."));
        }

        body.Remove(BlueprintSpec.RequestPath);
        return (body, choice, null);
    }

    /// <summary>The path of the first object that names a field twice, or null.</summary>
    private static string? PathOfDuplicate(JsonElement element, string path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var names = new HashSet<string>(StringComparer.Ordinal);
                foreach (var property in element.EnumerateObject())
                {
                    if (!names.Add(property.Name))
                    {
                        return path;
                    }

                    if (PathOfDuplicate(property.Value, path.Length == 0 ? property.Name : $"{path}.{property.Name}") is { } found)
                    {
                        return found;
                    }
                }

                return null;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (PathOfDuplicate(item, $"{path}[{index++}]") is { } found)
                    {
                        return found;
                    }
                }

                return null;
            default:
                return null;
        }
    }
}

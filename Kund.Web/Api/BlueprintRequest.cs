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
        if (await JsonNode.ParseAsync(request.Body, documentOptions: new JsonDocumentOptions { MaxDepth = KundJson.Options.MaxDepth }, cancellationToken: cancellationToken) is not JsonObject body
            || body[BlueprintSpec.RequestPath] is not { } member)
        {
            return (null, null, null);
        }

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
}

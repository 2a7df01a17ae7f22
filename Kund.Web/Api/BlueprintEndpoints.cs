using System.Text;
using System.Text.Json.Nodes;
using Kund.Infrastructure.Blueprints;
using Kund.Infrastructure.Revisions;
using Kund.Web.Identity;
using Microsoft.AspNetCore.Mvc;

namespace Kund.Web.Api;

/// <summary>
/// <c>GET /api/blueprints</c> (every blueprint with its versions), <c>POST /api/blueprints</c> (admins publish the next
/// version, YAML or JSON; 400 by path, 409 for a version that is not the next) and
/// <c>GET /api/blueprints/{name}/versions/{v}</c>; <c>POST /api/environments/{id}/blueprint/upgrade</c> proposes the move
/// of an environment to the latest version of its blueprint.
/// </summary>
internal static class BlueprintEndpoints
{
    /// <summary>A blueprint is a page of YAML; anything larger is refused before it is read.</summary>
    private const int MaxDocumentBytes = 64 * 1024;

    public static RouteGroupBuilder MapBlueprintEndpoints(this RouteGroupBuilder api)
    {
        var blueprints = api.MapGroup("/blueprints").WithTags("Blueprints");
        blueprints.MapGet("", ListAsync).WithSummary("Blueprints with their versions");
        blueprints.MapPost("", PublishAsync).RequireAuthorization(KundPolicies.Admin).WithSummary("Publish the next version of a blueprint (YAML or JSON)")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);
        blueprints.MapGet("/{name}/versions/{version:int}", GetAsync).WithSummary("One version of a blueprint").ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/environments/{id:guid}/blueprint/upgrade", UpgradeAsync).RequireAuthorization(KundPolicies.Requester).WithTags("Blueprints")
            .WithSummary("Propose moving the environment to the latest version of its blueprint: a revision in Draft with the diff plan of the move")
            .ProducesValidationProblem();
        return api;
    }

    private static async Task<IResult> ListAsync(BlueprintStore store, CancellationToken ct)
    {
        var versions = await store.ListAsync(ct);
        return Results.Ok(versions.GroupBy(v => v.Name).Select(g => new
        {
            name = g.Key,
            description = g.Last().Description,
            latest = g.Last().Version,
            versions = g.Select(v => new { version = v.Version, author = v.Author, publishedAt = v.PublishedAt }),
        }));
    }

    private static async Task<IResult> GetAsync(string name, int version, BlueprintStore store, CancellationToken ct) =>
        await store.FindAsync(name, version, ct) is { } found
            ? Results.Ok(View(found))
            : Results.Problem(new ProblemDetails { Status = StatusCodes.Status404NotFound, Title = "Blueprint not found", Detail = $"There is no version {version} of blueprint '{name}'." });

    private static async Task<IResult> UpgradeAsync(Guid id, HttpContext http, BlueprintEnvironments environments, RevisionService revisions, CancellationToken ct)
    {
        var caller = http.User.ToCaller();
        await revisions.RequireMemberAsync(caller, id, ct);
        var revision = await environments.ProposeUpgradeAsync(caller, id, ct);
        var view = await revisions.ViewAsync(caller, revision, ct);
        return Results.Created($"/api/environments/{id}/revisions/{view.Number}", view);
    }

    private static async Task<IResult> PublishAsync(HttpContext http, BlueprintStore store, CancellationToken ct)
    {
        if (http.Request.ContentLength > MaxDocumentBytes)
        {
            return ApiProblems.Field("document", $"A blueprint is at most {MaxDocumentBytes / 1024} KiB.");
        }

        using var reader = new StreamReader(http.Request.Body, Encoding.UTF8);
        var buffer = new char[MaxDocumentBytes + 1];
        var read = await reader.ReadBlockAsync(buffer, ct);
        if (read > MaxDocumentBytes)
        {
            return ApiProblems.Field("document", $"A blueprint is at most {MaxDocumentBytes / 1024} KiB.");
        }

        var text = new string(buffer, 0, read);
        return await store.PublishAsync(http.User.ToCaller().Email, text, ct) switch
        {
            BlueprintPublish.Published published => Results.Created($"/api/blueprints/{published.Version.Name}/versions/{published.Version.Version}", View(published.Version)),
            BlueprintPublish.Invalid invalid => Results.Problem(ApiProblems.Validation(invalid.Result.Errors)),
            BlueprintPublish.NotNext notNext => Results.Problem(new ProblemDetails
            {
                Status = StatusCodes.Status409Conflict,
                Title = "Not the next version",
                Detail = $"Blueprint '{notNext.Name}' takes version {notNext.Expected} next, not {notNext.Version}: a published version is never replaced.",
                Extensions = { ["expectedVersion"] = notNext.Expected },
            }),
            _ => throw new InvalidOperationException("Unknown publish outcome."),
        };
    }

    private static JsonObject View(BlueprintVersion version)
    {
        var document = JsonNode.Parse(version.Document)!.AsObject();
        return new JsonObject
        {
            ["name"] = version.Name,
            ["version"] = version.Version,
            ["description"] = version.Description,
            ["author"] = version.Author,
            ["publishedAt"] = version.PublishedAt,
            ["spec"] = document["spec"]?.DeepClone(),
            ["parameters"] = document["parameters"]?.DeepClone() ?? new JsonObject(),
            ["locked"] = document["locked"]?.DeepClone() ?? new JsonArray(),
        };
    }
}

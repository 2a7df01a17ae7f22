using Kund.Infrastructure.Terraform;
using Kund.Web.Components.Shared;
using Microsoft.AspNetCore.Mvc;

namespace Kund.Web.Api;

/// <summary>
/// <c>GET /api/environments/{id}/terraform</c>: the environment as Terraform, a zip of <c>versions.tf</c>, <c>main.tf</c>
/// and <c>imports.tf</c>; 409 naming the status while nothing of it exists in the cloud; 404 for an environment the
/// caller cannot see.
/// </summary>
internal static class TerraformEndpoints
{
    public const string MediaType = "application/zip";

    public static RouteGroupBuilder MapTerraformEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/environments/{id:guid}/terraform", GetAsync)
            .WithTags("Environments")
            .WithSummary("The environment as Terraform (zip of versions.tf, main.tf, imports.tf)")
            .Produces<byte[]>(StatusCodes.Status200OK, MediaType)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return api;
    }

    public static async Task<IResult> GetAsync(Guid id, HttpContext http, TerraformExportSource source, CancellationToken ct) =>
        await source.FindAsync(http.User.ToCaller(), id, ct) switch
        {
            TerraformLookup.Found found => Results.File(found.Zip(), MediaType, FileName(found.EnvironmentName)),
            TerraformLookup.NothingCreated none => Results.Problem(new ProblemDetails
            {
                Status = StatusCodes.Status409Conflict,
                Title = "Nothing to export",
                Detail = $"{none.EnvironmentName} has no resource in the cloud (environment {Labels.Of(none.Status)}); "
                    + "its Terraform export is there once resources have been created, until it is destroyed.",
                Extensions = { ["currentStatus"] = none.Status.ToString() },
            }),
            _ => throw new InvalidOperationException("Unknown Terraform lookup."),
        };

    public static string FileName(string environmentName) => $"{environmentName}-terraform.zip";
}

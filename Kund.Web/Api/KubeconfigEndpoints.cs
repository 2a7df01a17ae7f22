using System.Text;
using Kund.Domain.Resources;
using Kund.Infrastructure.Kubeconfig;
using Kund.Web.Components.Shared;
using Microsoft.AspNetCore.Mvc;

namespace Kund.Web.Api;

/// <summary>
/// <c>GET /api/environments/{id}/kubeconfig</c>: the cluster's kubeconfig as <c>aws eks update-kubeconfig</c> writes it,
/// once the cluster is active; 409 naming the environment's status and the cluster's state before; 404 for an
/// environment the caller cannot see or one without a cluster.
/// </summary>
internal static class KubeconfigEndpoints
{
    public const string MediaType = "application/yaml";

    public static RouteGroupBuilder MapKubeconfigEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/environments/{id:guid}/kubeconfig", GetAsync)
            .WithTags("Environments")
            .WithSummary("The cluster's kubeconfig (YAML), once the cluster is active")
            .Produces<string>(StatusCodes.Status200OK, MediaType)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return api;
    }

    public static async Task<IResult> GetAsync(Guid id, HttpContext http, KubeconfigSource source, CancellationToken ct) =>
        await source.FindAsync(http.User.ToCaller(), id, ct) switch
        {
            KubeconfigLookup.Found found => Results.File(
                Encoding.UTF8.GetBytes(found.Yaml), MediaType, FileName(found.EnvironmentName)),
            KubeconfigLookup.NoCluster none => Results.Problem(new ProblemDetails
            {
                Status = StatusCodes.Status404NotFound,
                Title = "No cluster",
                Detail = $"{none.EnvironmentName} is a network-only environment: it has no EKS cluster, so there is no kubeconfig.",
            }),
            KubeconfigLookup.NotActive waiting => Results.Problem(new ProblemDetails
            {
                Status = StatusCodes.Status409Conflict,
                Title = "Cluster not active",
                Detail = $"The cluster of {waiting.EnvironmentName} is not active (environment {waiting.Status}, cluster {ClusterState(waiting.ClusterState)}); "
                    + "its kubeconfig is there once the cluster has been created, while the environment is not being destroyed.",
                Extensions =
                {
                    ["currentStatus"] = waiting.Status.ToString(),
                    ["clusterState"] = waiting.ClusterState?.ToString(),
                },
            }),
            _ => throw new InvalidOperationException("Unknown kubeconfig lookup."),
        };

    public static string FileName(string environmentName) => $"{environmentName}-kubeconfig.yaml";

    private static string ClusterState(ResourceState? state) => state is { } known ? Labels.Of(known).ToLowerInvariant() : "not started";
}

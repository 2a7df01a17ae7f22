using Kund.Infrastructure.Webhooks;
using Kund.Web.Identity;

namespace Kund.Web.Api;

/// <summary>
/// A team's outbound webhooks (admins): <c>GET/POST /api/teams/{team}/webhooks</c>, <c>DELETE …/{id}</c>,
/// <c>GET …/{id}/deliveries</c>, <c>POST …/{id}/test</c> (a <c>ping</c> delivery). The <c>POST</c> answer carries <c>"secret"</c>, shown this once; a URL that is
/// not absolute http(s) (in Aws mode: or internal) or an unknown event is a 400 at its path.
/// </summary>
internal static class WebhookEndpoints
{
    public static RouteGroupBuilder MapWebhookEndpoints(this RouteGroupBuilder api)
    {
        var webhooks = api.MapGroup("/teams/{team}/webhooks").WithTags("Teams").RequireAuthorization(KundPolicies.Admin);

        webhooks.MapGet("/", async (string team, WebhookStore store, CancellationToken ct) =>
            await store.TeamExistsAsync(team, ct) ? Results.Ok(new { items = await store.ListAsync(team, ct) }) : KundResults.NotFound())
            .WithSummary("The team's webhooks (never their secrets)");

        webhooks.MapPost("/", async (string team, HttpContext http, WebhookStore store, CancellationToken ct) =>
        {
            if (!await store.TeamExistsAsync(team, ct))
            {
                return KundResults.NotFound();
            }

            var (body, problem) = await JsonBody.ReadAsync<WebhookRequest>(http.Request, ct);
            if (problem is not null)
            {
                return problem;
            }

            try
            {
                var created = await store.CreateAsync(http.User.ToCaller(), team, body!.Url, body.Events, ct);
                var view = created.Webhook;
                return Results.Created(
                    $"/api/teams/{team}/webhooks/{view.Id}",
                    new { view.Id, view.Team, view.Url, view.Events, view.CreatedBy, view.CreatedAt, created.Secret });
            }
            catch (WebhookValidationException invalid)
            {
                return Results.Problem(ApiProblems.Validation(invalid.Result.Errors));
            }
        }).WithSummary("Add a webhook; the answer carries its secret, shown this once");

        webhooks.MapDelete("/{id:guid}", async (string team, Guid id, HttpContext http, WebhookStore store, CancellationToken ct) =>
            await store.DeleteAsync(http.User.ToCaller(), team, id, ct) ? Results.Ok(new { id, deleted = true }) : KundResults.NotFound())
            .WithSummary("Remove a webhook and its deliveries");

        webhooks.MapGet("/{id:guid}/deliveries", async (string team, Guid id, WebhookStore store, CancellationToken ct) =>
            await store.DeliveriesAsync(team, id, ct) is { } items ? Results.Ok(new { items }) : KundResults.NotFound())
            .WithSummary("The webhook's deliveries, newest first, with every attempt");

        webhooks.MapPost("/{id:guid}/test", async (string team, Guid id, HttpContext http, WebhookStore store, CancellationToken ct) =>
            await store.SendTestAsync(http.User.ToCaller(), team, id, ct) is { } delivery
                ? Results.Accepted($"/api/teams/{team}/webhooks/{id}/deliveries", delivery)
                : KundResults.NotFound())
            .WithSummary("Send a test delivery (event ping), signed and retried like every delivery");
        return api;
    }

    /// <summary>The body of a new webhook.</summary>
    public sealed record WebhookRequest(string? Url, List<string?>? Events);
}

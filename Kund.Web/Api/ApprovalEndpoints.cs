using Kund.Infrastructure.Environments;
using Kund.Web.Identity;

namespace Kund.Web.Api;

/// <summary>
/// <c>GET /api/approvals</c>: the queue the Approvals page shows — requests and prod destroys waiting for an
/// approver, each with its <c>pendingRequest</c> (a create's <c>policyViolations</c>: what of its team's policy as
/// it is now it breaks), read in the same few queries however long the queue.
/// </summary>
internal static class ApprovalEndpoints
{
    public static RouteGroupBuilder MapApprovalEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/approvals", async (HttpContext http, ApprovalQueue queue, CancellationToken ct) =>
            Results.Ok(new { items = (await queue.ListAsync(http.User.ToCaller(), ct)).Select(r => r.View) }))
            .RequireAuthorization(KundPolicies.Approver)
            .WithTags("Environments").WithSummary("What waits for an approver, longest waiting first, with what no longer complies with its team's policy");
        return api;
    }
}

using Kund.Infrastructure.Notifications;

namespace Kund.Web.Api;

/// <summary>
/// <c>GET /api/notifications</c> (the caller's, newest first, with the unread count) and
/// <c>POST /api/notifications/{id}/read</c>. Someone else's notification is not found.
/// </summary>
internal static class NotificationEndpoints
{
    public const int MaxLimit = 200;

    public static RouteGroupBuilder MapNotificationEndpoints(this RouteGroupBuilder api)
    {
        var notifications = api.MapGroup("/notifications").WithTags("Notifications");

        notifications.MapGet("/", async (string? limit, HttpContext http, NotificationInbox inbox, CancellationToken ct) =>
        {
            if (!QueryParameters.TryLimit(limit, MaxLimit, out var take, out var problem))
            {
                return problem!;
            }

            var caller = http.User.ToCaller();
            var items = await inbox.ListAsync(caller, take, ct);
            return Results.Ok(new { items, unread = await inbox.CountUnreadAsync(caller, ct) });
        }).WithSummary("The caller's notifications, newest first, and how many are unread");

        notifications.MapPost("/{id:guid}/read", async (Guid id, HttpContext http, NotificationInbox inbox, CancellationToken ct) =>
            await inbox.MarkReadAsync(http.User.ToCaller(), id, ct) is { } read ? Results.Ok(read) : Kund.Web.Identity.KundResults.NotFound())
            .WithSummary("Mark one of the caller's notifications read");
        return api;
    }
}

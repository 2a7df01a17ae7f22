using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text.Json;
using Kund.Domain;
using Kund.Domain.Specs;
using Kund.Infrastructure.Audit;
using Kund.Infrastructure.Configuration;
using Kund.Infrastructure.Identity;
using Kund.Infrastructure.Notifications;
using Kund.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Kund.Infrastructure.Webhooks;

/// <summary>
/// A team's webhooks (admins): create with a secret returned this once, list, delete, and every delivery with
/// its attempts. Creating and deleting are audited; the secret is in no view, audit row or log.
/// </summary>
public sealed class WebhookStore(KundDbContext db, IAuditTrail audit, IOptions<KundOptions> options, TimeProvider time)
{
    public const string CreatedAction = "webhook.created";
    public const string DeletedAction = "webhook.deleted";
    public const string TestedAction = "webhook.tested";

    /// <summary>The event of a test delivery: sent on request, about no environment, never subscribed to.</summary>
    public const string PingEvent = "ping";

    /// <summary>Deliveries a listing shows at most, newest first.</summary>
    public const int DeliveryLimit = 100;

    public Task<bool> TeamExistsAsync(string team, CancellationToken cancellationToken) =>
        db.Set<Team>().AnyAsync(t => t.Name == team, cancellationToken);

    public async Task<IReadOnlyList<WebhookView>> ListAsync(string team, CancellationToken cancellationToken) =>
        (await db.Set<Webhook>().AsNoTracking().Where(w => w.Team == team).OrderBy(w => w.CreatedAt).ToListAsync(cancellationToken))
            .Select(WebhookView.Of)
            .ToList();

    /// <summary>Stores a webhook of <paramref name="team"/>; the view's secret is the only copy anyone is shown.</summary>
    /// <exception cref="WebhookValidationException">The URL or an event is not valid (errors at <c>url</c>, <c>events[i]</c>).</exception>
    public async Task<CreatedWebhook> CreateAsync(KundUser admin, string team, string? url, IReadOnlyList<string?>? events, CancellationToken cancellationToken)
    {
        var result = Validate(url, events, options.Value.ModeOrNull() == KundMode.Aws);
        if (!result.IsValid)
        {
            throw new WebhookValidationException(result);
        }

        var webhook = new Webhook
        {
            Id = Guid.CreateVersion7(time.GetUtcNow()),
            Team = team,
            Url = url!.Trim(),
            Events = events!.Select(e => e!.Trim()).Distinct(StringComparer.Ordinal).ToList(),
            Secret = "whsec_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)),
            CreatedBy = admin.Email,
            CreatedAt = time.GetUtcNow(),
        };
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.Add(webhook);
        await audit.RecordAsync(db, new AuditEntry(admin.Email, CreatedAction, team, Subject: webhook.Url, Details: new Dictionary<string, string?>
        {
            ["webhook"] = webhook.Id.ToString(),
            ["events"] = string.Join(",", webhook.Events),
        }), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new CreatedWebhook(WebhookView.Of(webhook), webhook.Secret);
    }

    /// <summary>Deletes a webhook of <paramref name="team"/> with its deliveries; false when the team has none by that id.</summary>
    public async Task<bool> DeleteAsync(KundUser admin, string team, Guid id, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var webhook = await db.Set<Webhook>().SingleOrDefaultAsync(w => w.Id == id && w.Team == team, cancellationToken);
        if (webhook is null)
        {
            return false;
        }

        db.Remove(webhook);
        await audit.RecordAsync(db, new AuditEntry(admin.Email, DeletedAction, team, Subject: webhook.Url, Details: new Dictionary<string, string?> { ["webhook"] = id.ToString() }), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>
    /// Queues a test delivery to a webhook of <paramref name="team"/>: event <c>ping</c>, signed and retried like
    /// every delivery, and listed with them. Null when the team has no webhook by that id.
    /// </summary>
    public async Task<DeliveryView?> SendTestAsync(KundUser admin, string team, Guid id, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var webhook = await db.Set<Webhook>().AsNoTracking().SingleOrDefaultAsync(w => w.Id == id && w.Team == team, cancellationToken);
        if (webhook is null)
        {
            return null;
        }

        var now = time.GetUtcNow();
        var eventId = Guid.CreateVersion7(now);
        var delivery = new WebhookDelivery
        {
            EventId = eventId,
            WebhookId = id,
            Team = team,
            Event = PingEvent,
            // About no environment: test deliveries are ordered among themselves only.
            EnvironmentId = Guid.Empty,
            Body = JsonSerializer.Serialize(new PingBody(eventId, PingEvent, now, team, id, admin.Email), KundJson.Options),
            Status = WebhookDeliveryStatus.Pending,
            CreatedAt = now,
            NextAttemptAt = now,
        };
        db.Add(delivery);
        await audit.RecordAsync(db, new AuditEntry(admin.Email, TestedAction, team, Subject: webhook.Url, Details: new Dictionary<string, string?> { ["webhook"] = id.ToString() }), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new DeliveryView(delivery.Id, eventId, PingEvent, Guid.Empty, delivery.Status.ToString(), now, null, now, null, []);
    }

    /// <summary>The webhook's deliveries, newest first, each with every attempt; null when the team has no webhook by that id.</summary>
    public async Task<IReadOnlyList<DeliveryView>?> DeliveriesAsync(string team, Guid id, CancellationToken cancellationToken)
    {
        if (!await db.Set<Webhook>().AnyAsync(w => w.Id == id && w.Team == team, cancellationToken))
        {
            return null;
        }

        var deliveries = await db.Set<WebhookDelivery>().AsNoTracking()
            .Where(d => d.WebhookId == id)
            .OrderByDescending(d => d.Id)
            .Take(DeliveryLimit)
            .ToListAsync(cancellationToken);
        var ids = deliveries.Select(d => d.Id).ToList();
        var attempts = (await db.Set<WebhookAttempt>().AsNoTracking().Where(a => ids.Contains(a.DeliveryId)).OrderBy(a => a.Number).ToListAsync(cancellationToken))
            .ToLookup(a => a.DeliveryId);
        return deliveries.Select(d => new DeliveryView(
            d.Id,
            d.EventId,
            d.Event,
            d.EnvironmentId,
            d.Status.ToString(),
            d.CreatedAt,
            d.DeliveredAt,
            d.Status == WebhookDeliveryStatus.Pending ? d.NextAttemptAt : null,
            d.LastError,
            [.. attempts[d.Id].Select(a => new AttemptView(a.Number, a.At, a.StatusCode, a.Error, a.DurationMs))])).ToList();
    }

    /// <summary>
    /// A webhook's URL and events, every error at once: an absolute http(s) URL (in Aws mode never loopback, a
    /// private range or link-local, which would let a team make Kund call its own network) and known events.
    /// </summary>
    public static ValidationResult Validate(string? url, IReadOnlyList<string?>? events, bool refuseInternal)
    {
        var result = ValidationResult.Valid;
        if (string.IsNullOrWhiteSpace(url))
        {
            result = result.WithError("url", "Give the URL Kund should POST to, e.g. https://hooks.example.com/kund.");
        }
        else if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            result = result.WithError("url", $"'{Show(url)}' is not an absolute http or https URL.");
        }
        else if (url.Length > 2000)
        {
            result = result.WithError("url", $"The URL has {url.Length} characters; at most 2000.");
        }
        else if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            result = result.WithError("url", "The URL carries a user name or password; Kund signs its deliveries instead (X-Kund-Signature).");
        }
        else if (refuseInternal && IsInternal(uri))
        {
            result = result.WithError("url", $"{uri.Host} is a loopback, private or link-local address; a webhook must point at a public receiver.");
        }

        if (events is null || events.Count == 0)
        {
            result = result.WithError("events", $"Name at least one event: {string.Join(", ", KundEvents.All)}.");
        }
        else
        {
            for (var i = 0; i < events.Count; i++)
            {
                if (events[i] is not { } name || !KundEvents.All.Contains(name.Trim()))
                {
                    result = result.WithError($"events[{i}]", $"'{Show(events[i] ?? "null")}' is not an event; expected one of {string.Join(", ", KundEvents.All)}.");
                }
            }
        }

        return result;
    }

    private static bool IsInternal(Uri uri)
    {
        if (uri.IsLoopback || uri.Host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || uri.Host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (!IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address))
        {
            return false;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            return IPAddress.IsLoopback(address) || address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6UniqueLocal || address.Equals(IPAddress.IPv6Any);
        }

        var b = address.GetAddressBytes();
        return b[0] == 10 || b[0] == 127 || b[0] == 0
            || (b[0] == 172 && b[1] >= 16 && b[1] <= 31)
            || (b[0] == 192 && b[1] == 168)
            || (b[0] == 169 && b[1] == 254)
            || (b[0] == 100 && b[1] >= 64 && b[1] <= 127);
    }

    private static string Show(string value) => value.Length > 64 ? value[..64] + "…" : value;
}

/// <summary>The body of a test delivery: <c>{ "id", "event": "ping", "at", "team", "webhook", "requestedBy" }</c>.</summary>
internal sealed record PingBody(Guid Id, string Event, DateTimeOffset At, string Team, Guid Webhook, string RequestedBy);

/// <summary>A webhook as listed: never its secret.</summary>
public sealed record WebhookView(Guid Id, string Team, string Url, IReadOnlyList<string> Events, string CreatedBy, DateTimeOffset CreatedAt)
{
    public static WebhookView Of(Webhook webhook) => new(webhook.Id, webhook.Team, webhook.Url, webhook.Events, webhook.CreatedBy, webhook.CreatedAt);
}

/// <summary>A webhook just created, with the secret that signs its deliveries (shown this once).</summary>
public sealed record CreatedWebhook(WebhookView Webhook, string Secret);

/// <summary>One delivery of a webhook and each of its attempts.</summary>
public sealed record DeliveryView(
    long Id,
    Guid EventId,
    string Event,
    Guid EnvironmentId,
    string Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset? DeliveredAt,
    DateTimeOffset? NextAttemptAt,
    string? LastError,
    IReadOnlyList<AttemptView> Attempts);

/// <summary>One attempt: the receiver's status code, or the error when there was no answer.</summary>
public sealed record AttemptView(int Number, DateTimeOffset At, int? StatusCode, string? Error, int DurationMs);

/// <summary>A webhook's URL or events are not valid; <see cref="Result"/> has the errors by path.</summary>
public sealed class WebhookValidationException(ValidationResult result) : Exception("The webhook has errors.")
{
    public ValidationResult Result { get; } = result;
}

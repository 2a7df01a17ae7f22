using System.Text;
using Kund.Infrastructure.Jobs;
using Kund.Infrastructure.Persistence;
using Kund.Infrastructure.Progress;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Kund.Infrastructure.Webhooks;

/// <summary>
/// Sends webhook deliveries, like jobs: rows in PostgreSQL claimed with <c>FOR UPDATE SKIP LOCKED</c> and a
/// claim that expires (a node killed mid-send leaves it to another), so nothing is lost across restarts.
/// Per webhook and environment only the oldest undelivered delivery is sent, so a receiver hears of one
/// environment's events in order. A failure waits (doubling, capped) and is retried until
/// <see cref="WebhookOptions.GiveUpAfter"/>; every attempt is recorded. Woken by any environment event.
/// </summary>
public sealed class WebhookSender(
    IDbContextFactory<KundDbContext> dbs,
    IHttpClientFactory http,
    ProgressBroadcaster broadcaster,
    IOptions<WebhookOptions> options,
    TimeProvider time,
    ILogger<WebhookSender> logger) : BackgroundService
{
    /// <summary>The named <see cref="HttpClient"/> deliveries go out on.</summary>
    public const string ClientName = "webhooks";

    private readonly JobSignal wake = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.RunSender)
        {
            return;
        }

        using var subscription = broadcaster.SubscribeAll(n =>
        {
            if (n.ResourceKey is null)
            {
                wake.Set();
            }

            return Task.CompletedTask;
        });
        var backoff = new DatabaseBackoff("Sending webhook deliveries", logger, time);
        await backoff.RunAsync(
            async ct =>
            {
                while (await SendDueAsync(ct) > 0 && !ct.IsCancellationRequested)
                {
                    // A full batch: more may wait.
                }
            },
            async ct =>
            {
                await wake.WaitAsync(options.Value.PollInterval, time, ct);
                return true;
            },
            stoppingToken);
    }

    public override void Dispose()
    {
        wake.Dispose();
        base.Dispose();
    }

    /// <summary>One pass: claims the due deliveries and sends them; returns how many were attempted.</summary>
    public async Task<int> SendDueAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var claimed = await ClaimAsync(settings, cancellationToken);
        await Parallel.ForEachAsync(claimed, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, (id, ct) => new ValueTask(SendAsync(id, settings, ct)));
        return claimed.Count;
    }

    private async Task<List<long>> ClaimAsync(WebhookOptions settings, CancellationToken cancellationToken)
    {
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow();
        var until = now + settings.Timeout + settings.Timeout;
        return await db.Database.SqlQuery<long>($"""
            update webhook_deliveries set "ClaimedUntil" = {until}
            where "Id" in (
                select d."Id" from webhook_deliveries d
                where d."Status" = 'Pending' and d."NextAttemptAt" <= {now} and (d."ClaimedUntil" is null or d."ClaimedUntil" < {now})
                  and not exists (
                    select 1 from webhook_deliveries e
                    where e."WebhookId" = d."WebhookId" and e."EnvironmentId" = d."EnvironmentId" and e."Status" = 'Pending' and e."Id" < d."Id")
                order by d."Id"
                limit {settings.BatchSize}
                for update skip locked)
            returning "Id" as "Value"
            """).ToListAsync(cancellationToken);
    }

    private async Task SendAsync(long id, WebhookOptions settings, CancellationToken cancellationToken)
    {
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        var delivery = await db.Set<WebhookDelivery>().SingleOrDefaultAsync(d => d.Id == id, cancellationToken);
        var webhook = delivery is null ? null : await db.Set<Webhook>().AsNoTracking().SingleOrDefaultAsync(w => w.Id == delivery.WebhookId, cancellationToken);
        if (delivery is null || webhook is null)
        {
            return;
        }

        var started = time.GetTimestamp();
        var at = time.GetUtcNow();
        int? status = null;
        string? error = null;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, webhook.Url)
            {
                Content = new StringContent(delivery.Body, Encoding.UTF8, "application/json"),
            };
            request.Headers.Add(WebhookSignature.Header, WebhookSignature.Of(webhook.Secret, delivery.Body));
            request.Headers.Add("X-Kund-Event", delivery.Event);
            request.Headers.Add("X-Kund-Delivery", delivery.EventId.ToString());
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(settings.Timeout);
            using var response = await http.CreateClient(ClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            status = (int)response.StatusCode;
            if (!response.IsSuccessStatusCode)
            {
                error = $"The receiver answered {status} {response.ReasonPhrase}.";
            }
        }
        catch (HttpRequestException ex)
        {
            error = $"No answer: {ex.Message}";
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            error = $"No answer within {settings.Timeout.TotalSeconds:0} s.";
        }

        var now = time.GetUtcNow();
        delivery.Attempts++;
        delivery.ClaimedUntil = null;
        delivery.LastError = error;
        if (error is null)
        {
            delivery.Status = WebhookDeliveryStatus.Delivered;
            delivery.DeliveredAt = now;
        }
        else if (now - delivery.CreatedAt >= settings.GiveUpAfter)
        {
            delivery.Status = WebhookDeliveryStatus.Failed;
            logger.LogWarning("Webhook delivery {DeliveryId} of {Event} to team {Team}'s webhook {WebhookId} given up after {Attempts} attempts: {Error}", delivery.Id, delivery.Event, delivery.Team, delivery.WebhookId, delivery.Attempts, error);
        }
        else
        {
            delivery.NextAttemptAt = now + settings.RetryDelay(delivery.Attempts);
        }

        db.Add(new WebhookAttempt
        {
            DeliveryId = delivery.Id,
            Number = delivery.Attempts,
            At = at,
            StatusCode = status,
            Error = error,
            DurationMs = (int)Math.Min(int.MaxValue, time.GetElapsedTime(started).TotalMilliseconds),
        });
        await db.SaveChangesAsync(cancellationToken);
    }
}

using Kund.Domain.Environments;
using Kund.Infrastructure.Aws;
using Kund.Infrastructure.Notifications;
using Kund.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Kund.Infrastructure.Environments;

/// <summary>
/// Destroys environments whose <c>expiresAt</c> has passed, through the same destroy path as a person
/// (audit row <c>environment.expired</c>, a destroy job), and reminds the team before (<see cref="ExpiryReminders"/>).
/// Safe on several nodes: a second node's attempt meets the changed status, or the reminder's key, and is skipped.
/// </summary>
public sealed class ExpiryService(IServiceScopeFactory scopes, TimeProvider time, ILogger<ExpiryService> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        var backoff = new DatabaseBackoff("Checking for expired environments", logger, time);
        await backoff.RunAsync(
            async ct =>
            {
                await RemindDueAsync(ct);
                await ExpireDueAsync(ct);
            },
            async ct => await timer.WaitForNextTickAsync(ct),
            stoppingToken);
    }

    /// <summary>One pass; returns how many environments started to be destroyed.</summary>
    public async Task<int> ExpireDueAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KundDbContext>();
        var now = time.GetUtcNow();
        var due = await db.Set<TeamEnvironment>()
            .Where(e => e.ExpiresAt != null && e.ExpiresAt <= now && e.DestroyRequestedBy == null
                && (e.Status == EnvironmentStatus.Ready || e.Status == EnvironmentStatus.Failed))
            .Select(e => e.Id)
            .ToListAsync(cancellationToken);
        var service = scope.ServiceProvider.GetRequiredService<EnvironmentService>();
        var started = 0;
        foreach (var id in due)
        {
            try
            {
                var expired = await service.ExpireAsync(id, cancellationToken);
                started += expired.HasDeletionProtection ? 0 : 1;
            }
            catch (Exception ex) when (ex is InvalidTransitionException or ConcurrentChangeException)
            {
                logger.LogInformation("Environment {EnvironmentId} changed before it could expire: {Reason}", id, ex.Message);
            }
        }

        return started;
    }

    /// <summary>One reminder pass; returns how many reminders were sent.</summary>
    public async Task<int> RemindDueAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KundDbContext>();
        // The sandbox divides durations by its time scale; a host without the AWS clients counts real time.
        var scale = scope.ServiceProvider.GetService<AwsClients>()?.Options.EffectiveTimeScale ?? 1;
        var now = time.GetUtcNow();
        var horizon = now + ExpiryReminders.Horizon(scale);
        var soon = await db.Set<TeamEnvironment>().AsNoTracking()
            .Where(e => e.ExpiresAt != null && e.ExpiresAt > now && e.ExpiresAt <= horizon && e.DestroyRequestedBy == null
                && (e.Status == EnvironmentStatus.Ready || e.Status == EnvironmentStatus.Failed))
            .Select(e => new { e.Id, ExpiresAt = e.ExpiresAt!.Value })
            .ToListAsync(cancellationToken);
        var ids = soon.Select(e => e.Id).ToList();
        var sent = (await db.Set<ExpiryReminder>().AsNoTracking().Where(r => ids.Contains(r.EnvironmentId)).Select(r => new { r.EnvironmentId, r.Lead, r.ExpiresAt }).ToListAsync(cancellationToken))
            .Select(r => (r.EnvironmentId, r.Lead, r.ExpiresAt))
            .ToHashSet();
        var lifecycle = scope.ServiceProvider.GetRequiredService<EnvironmentLifecycle>();
        var reminded = 0;
        foreach (var environment in soon)
        {
            var due = ExpiryReminders.Due(environment.ExpiresAt, now, scale).Where(lead => !sent.Contains((environment.Id, lead, environment.ExpiresAt))).ToList();
            if (due.Count == 0)
            {
                continue;
            }

            try
            {
                await lifecycle.RemindExpiryAsync(db, environment.Id, environment.ExpiresAt, due, cancellationToken);
                reminded++;
            }
            catch (Exception ex) when (ex is ConcurrentChangeException or InvalidOperationException)
            {
                logger.LogInformation("Environment {EnvironmentId} was reminded elsewhere or changed first: {Reason}", environment.Id, ex.Message);
            }
        }

        return reminded;
    }
}

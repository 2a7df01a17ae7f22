using Kund.Domain.Environments;
using Kund.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Kund.Infrastructure.Environments;

/// <summary>
/// Destroys environments whose <c>expiresAt</c> has passed, through the same destroy path as a person
/// (audit row <c>environment.expired</c>, a destroy job). Safe on several nodes: a second node's attempt
/// meets the changed status and is skipped.
/// </summary>
public sealed class ExpiryService(IServiceScopeFactory scopes, TimeProvider time, ILogger<ExpiryService> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        var backoff = new DatabaseBackoff("Checking for expired environments", logger, time);
        await backoff.RunAsync(ExpireDueAsync, async ct => await timer.WaitForNextTickAsync(ct), stoppingToken);
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
}

using Kund.Infrastructure.Configuration;
using Kund.Infrastructure.Persistence;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Kund.Infrastructure.Audit;

/// <summary>
/// Signs a checkpoint of the audit chain every <see cref="AuditOptions.CheckpointInterval"/> (after an
/// incremental verify of the rows since the last one), so that removing the newest rows is found even
/// when nobody asked for a verify in between. Several nodes may each sign one; that is harmless.
/// </summary>
public sealed class AuditCheckpointer(IServiceScopeFactory scopes, IOptions<KundOptions> options, TimeProvider time, ILogger<AuditCheckpointer> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Audit.CheckpointInterval, time);
        var backoff = new DatabaseBackoff("Signing an audit checkpoint", logger, time);
        try
        {
            // Not at start: a node's start is not an audit event, and the first walk of a long chain is a verify's to do.
            if (!await timer.WaitForNextTickAsync(stoppingToken))
            {
                return;
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return;
        }

        await backoff.RunAsync(
            async ct =>
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<AuditVerifier>().VerifyAsync(full: false, AuditVerifier.ReasonInterval, ct);
            },
            async ct => await timer.WaitForNextTickAsync(ct),
            stoppingToken);
    }
}

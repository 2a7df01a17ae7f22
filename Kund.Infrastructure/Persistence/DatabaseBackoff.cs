using Microsoft.Extensions.Logging;

namespace Kund.Infrastructure.Persistence;

/// <summary>
/// How a hosted service's loop lives through a database outage: the first failure is logged (a warning
/// naming the cause), later ones of the same outage are not, the wait between tries doubles up to
/// <see cref="Max"/>, and the first success after it logs that the database is back. Anything that is not
/// a transient database failure is logged as an error each time and waited on the same way: a hosted
/// service never ends the process.
/// </summary>
public sealed class DatabaseBackoff(string work, ILogger logger, TimeProvider time)
{
    public static readonly TimeSpan First = TimeSpan.FromMilliseconds(250);
    public static readonly TimeSpan Max = TimeSpan.FromSeconds(5);

    private TimeSpan next = First;
    private DateTimeOffset? outageSince;

    public bool InOutage => outageSince is not null;

    /// <summary>Logs <paramref name="exception"/> as the rules above say and waits before the next try.</summary>
    public async Task FailedAsync(Exception exception, CancellationToken stoppingToken)
    {
        if (TransientDatabaseFailure.Is(exception))
        {
            if (outageSince is null)
            {
                outageSince = time.GetUtcNow();
                logger.LogWarning("{Work}: the database is unreachable ({Reason}); retrying quietly with back-off until it is back", work, TransientDatabaseFailure.Describe(exception));
            }
        }
        else
        {
            logger.LogError(exception, "{Work} failed; trying again in {Delay}", work, next);
        }

        var delay = next;
        next = TimeSpan.FromTicks(Math.Min(next.Ticks * 2, Max.Ticks));
        await Task.Delay(delay, time, stoppingToken);
    }

    /// <summary>Call after a try that reached the database.</summary>
    public void Succeeded()
    {
        next = First;
        if (outageSince is { } since)
        {
            outageSince = null;
            logger.LogInformation("{Work}: the database is back after {Outage}", work, time.GetUtcNow() - since);
        }
    }

    /// <summary>
    /// Runs <paramref name="iteration"/> until the host stops, waiting between successful iterations with
    /// <paramref name="waitForNext"/> (false ends the loop). A failed iteration goes through
    /// <see cref="FailedAsync"/> and is run again after the back-off.
    /// </summary>
    public async Task RunAsync(Func<CancellationToken, Task> iteration, Func<CancellationToken, Task<bool>> waitForNext, CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await iteration(stoppingToken);
                    Succeeded();
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    await FailedAsync(ex, stoppingToken);
                    continue;
                }

                if (!await waitForNext(stoppingToken))
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }
}

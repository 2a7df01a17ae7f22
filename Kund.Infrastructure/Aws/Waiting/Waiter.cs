using Kund.Domain.Execution;
using Kund.Infrastructure.Aws.Errors;

namespace Kund.Infrastructure.Aws.Waiting;

/// <summary>Polls along a <see cref="PollSchedule"/> until a check says done; throttles and blips during polling only delay it.</summary>
internal static class Waiter
{
    /// <summary>
    /// Runs <paramref name="check"/> at the schedule's times (counted from <paramref name="startedAt"/>)
    /// until it returns a value. A retryable cloud error while polling is absorbed; a permanent one ends the wait.
    /// </summary>
    public static async Task<T> PollAsync<T>(
        PollSchedule schedule,
        TimeProvider timeProvider,
        DateTimeOffset startedAt,
        Func<CancellationToken, Task<T?>> check,
        CancellationToken cancellationToken)
        where T : class
    {
        while (true)
        {
            var elapsed = timeProvider.GetUtcNow() - startedAt;
            await Task.Delay(schedule.NextDelay(elapsed), timeProvider, cancellationToken);
            try
            {
                if (await check(cancellationToken) is { } done)
                {
                    return done;
                }
            }
            catch (Exception exception) when (AwsErrorClassifier.IsCloudError(exception, cancellationToken)
                && AwsErrorClassifier.Classify(exception).Kind is CloudErrorKind.Throttled or CloudErrorKind.Transient)
            {
            }
        }
    }
}

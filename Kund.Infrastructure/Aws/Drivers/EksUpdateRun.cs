using Kund.Domain.Execution;
using Kund.Infrastructure.Aws.Eks;
using Kund.Infrastructure.Aws.Eks.Model;
using Kund.Infrastructure.Aws.Waiting;

namespace Kund.Infrastructure.Aws.Drivers;

/// <summary>
/// One EKS update (UpdateClusterVersion, UpdateClusterConfig, UpdateNodegroupConfig, …) seen through: wait until
/// nothing else is updating, look at what the cloud has, start the update if it is still needed, wait for
/// DescribeUpdate to leave InProgress (Failed is permanent), then for the thing to be settled again. EKS runs
/// one update at a time: a ResourceInUseException means another one runs, so this waits for it and asks
/// again, until <see cref="InUseDeadline"/>. Looking before asking makes a repeated call after a crash a no-op.
/// </summary>
internal sealed class EksUpdateRun<T>(
    AwsClients clients,
    TimeProvider timeProvider,
    Func<CancellationToken, Task<T?>> describeSettled,
    Func<string, CancellationToken, Task<Update>> describeUpdate)
    where T : class
{
    /// <summary>How long, in AWS time, Kund keeps asking while other updates hold the cluster.</summary>
    public static readonly TimeSpan InUseDeadline = TimeSpan.FromMinutes(30);

    /// <summary>Runs the update <paramref name="plan"/> asks for on the settled thing, or nothing when it returns null; returns the settled thing after.</summary>
    public async Task<T> RunAsync(TimeSpan expected, Func<T, Func<CancellationToken, Task<Update>>?> plan, CancellationToken cancellationToken)
    {
        var giveUpAt = timeProvider.GetUtcNow() + InUseDeadline / clients.Options.EffectiveTimeScale;
        var busy = false;
        while (true)
        {
            var current = await SettledAsync(expected, busy, cancellationToken);
            if (plan(current) is not { } start)
            {
                return current;
            }

            Update update;
            try
            {
                update = await start(cancellationToken);
            }
            catch (EksServiceException exception) when (exception.ErrorCode == "ResourceInUseException" && timeProvider.GetUtcNow() < giveUpAt)
            {
                busy = true;
                continue;
            }

            busy = false;
            var done = await Waiter.PollAsync(
                PollSchedule.For(expected, clients.Options.EffectiveTimeScale),
                timeProvider,
                update.CreatedAt is { } createdAt ? new DateTimeOffset(DateTime.SpecifyKind(createdAt, DateTimeKind.Utc)) : timeProvider.GetUtcNow(),
                async ct => await describeUpdate(update.Id ?? "", ct) is { Status: not UpdateStatus.InProgress } finished ? finished : null,
                cancellationToken);
            if (done.Status != UpdateStatus.Successful)
            {
                var error = done.Errors.FirstOrDefault();
                throw new CloudOperationException(
                    CloudErrorKind.Permanent,
                    error?.ErrorCode ?? "UpdateFailed",
                    $"EKS update {done.Id} ({done.Type}) ended {done.Status}: {error?.ErrorMessage ?? "no reason given"}");
            }
        }
    }

    /// <summary>
    /// The thing once nothing updates it any more: at once when that is already so, unless EKS just said it is
    /// <paramref name="busy"/> with an update this side cannot see (then the next look follows the schedule).
    /// </summary>
    private async Task<T> SettledAsync(TimeSpan expected, bool busy, CancellationToken cancellationToken) =>
        (busy ? null : await describeSettled(cancellationToken))
            ?? await Waiter.PollAsync(PollSchedule.For(expected, clients.Options.EffectiveTimeScale), timeProvider, timeProvider.GetUtcNow(), describeSettled, cancellationToken);
}

using Kund.Infrastructure.Aws.Eks;
using Kund.Infrastructure.Aws.Waiting;

namespace Kund.Infrastructure.Aws.Drivers;

/// <summary>
/// Deleting what lives inside a cluster (node group, add-on): EKS refuses while it is still CREATING or
/// UPDATING (ResourceInUseException), so the delete waits for it to settle and asks again; then it waits
/// until the describe answers ResourceNotFoundException, or stops at a final failure (DELETE_FAILED) with
/// EKS's health issues. What is already gone counts as deleted.
/// </summary>
internal static class EksChildWait
{
    public static async Task DeleteAndWaitGoneAsync<T>(
        AwsClients clients,
        TimeProvider timeProvider,
        TimeSpan expectedCreate,
        TimeSpan expectedDelete,
        Func<CancellationToken, Task<T?>> describe,
        Func<T, bool> isSettled,
        Func<T, Exception?> deleteFailure,
        Func<CancellationToken, Task> delete,
        CancellationToken cancellationToken)
        where T : class
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await delete(cancellationToken);
                break;
            }
            catch (EksServiceException exception) when (Errors.NotFound.Is(exception))
            {
                return;
            }
            catch (EksServiceException exception) when (exception.ErrorCode == "ResourceInUseException" && attempt < 3)
            {
                await Waiter.PollAsync(
                    PollSchedule.For(expectedCreate, clients.Options.EffectiveTimeScale),
                    timeProvider,
                    timeProvider.GetUtcNow(),
                    async ct => await describe(ct) is not { } current ? new object() : isSettled(current) ? current : null,
                    cancellationToken);
            }
        }

        await Waiter.PollAsync(
            PollSchedule.For(expectedDelete, clients.Options.EffectiveTimeScale),
            timeProvider,
            timeProvider.GetUtcNow(),
            async ct => await describe(ct) is not { } current ? new object() : deleteFailure(current) is { } failure ? throw failure : null,
            cancellationToken);
    }
}

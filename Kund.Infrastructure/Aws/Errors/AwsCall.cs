using Kund.Domain.Execution;

namespace Kund.Infrastructure.Aws.Errors;

/// <summary>Runs a driver step and rethrows cloud failures as classified <see cref="CloudOperationException"/>s.</summary>
internal static class AwsCall
{
    public static async Task<T> RunAsync<T>(Func<Task<T>> step, CancellationToken cancellationToken)
    {
        try
        {
            return await step();
        }
        catch (Exception exception) when (exception is not CloudOperationException && AwsErrorClassifier.IsCloudError(exception, cancellationToken))
        {
            throw AwsErrorClassifier.Classify(exception);
        }
    }
}

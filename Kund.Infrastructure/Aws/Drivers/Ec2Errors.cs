using Amazon.EC2;
using Kund.Domain.Execution;

namespace Kund.Infrastructure.Aws.Drivers;

/// <summary>Helpers for EC2 error codes a driver tolerates (already gone, already detached).</summary>
internal static class Ec2Errors
{
    public static bool IsNotFound(AmazonEC2Exception exception) =>
        exception.ErrorCode is not null
        && (exception.ErrorCode.EndsWith(".NotFound", StringComparison.Ordinal)
            || exception.ErrorCode.EndsWith("NotFound", StringComparison.Ordinal));

    /// <summary>Runs a delete-like call; an already-gone resource counts as success.</summary>
    public static async Task IgnoreNotFoundAsync(Func<Task> call, params string[] alsoIgnored)
    {
        try
        {
            await call();
        }
        catch (AmazonEC2Exception exception) when (IsNotFound(exception) || alsoIgnored.Contains(exception.ErrorCode))
        {
        }
    }

    /// <summary>
    /// How long a <c>DependencyViolation</c> is worth retrying when the graph has already removed every
    /// dependent: AWS releases a deleted NAT gateway's network interface and public address mapping some
    /// time after the gateway reports <c>deleted</c>.
    /// </summary>
    public static readonly TimeSpan ReleaseLagWindow = TimeSpan.FromMinutes(5);

    /// <summary>Runs a delete whose dependents the graph already removed; a lingering dependency is AWS lag, not a conflict.</summary>
    public static async Task DeleteAfterDependentsAsync(Func<Task> call, params string[] alsoIgnored)
    {
        try
        {
            await IgnoreNotFoundAsync(call, alsoIgnored);
        }
        catch (AmazonEC2Exception exception) when (exception.ErrorCode == "DependencyViolation")
        {
            throw new CloudOperationException(CloudErrorKind.NotYetConsistent, exception.ErrorCode, exception.Message, exception, ReleaseLagWindow);
        }
    }
}

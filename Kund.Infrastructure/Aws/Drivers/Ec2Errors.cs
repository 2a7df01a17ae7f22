using Amazon.EC2;

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
}

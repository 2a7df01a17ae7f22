using Amazon.EC2;
using Kund.Domain.Execution;
using Kund.Infrastructure.Aws.Errors;

namespace Kund.Infrastructure.Aws.Drivers;

/// <summary>EC2's answer to a delete whose dependents are gone but not yet released.</summary>
internal static class Ec2Errors
{
    /// <summary>
    /// How long a <c>DependencyViolation</c> is worth retrying when the graph has already removed every
    /// dependent: AWS releases a deleted NAT gateway's network interface and public address mapping some
    /// time after the gateway reports <c>deleted</c> (docs/aws-behaviour.md).
    /// </summary>
    public static readonly TimeSpan ReleaseLagWindow = TimeSpan.FromMinutes(5);

    /// <summary>Runs a delete whose dependents the graph already removed; a lingering dependency is AWS lag, not a conflict.</summary>
    public static async Task DeleteAfterDependentsAsync(Func<Task> call, params string[] alsoIgnored)
    {
        try
        {
            await NotFound.IgnoreAsync(call, alsoIgnored);
        }
        catch (AmazonEC2Exception exception) when (exception.ErrorCode == "DependencyViolation")
        {
            throw new CloudOperationException(CloudErrorKind.NotYetConsistent, exception.ErrorCode, exception.Message, exception, ReleaseLagWindow);
        }
    }
}

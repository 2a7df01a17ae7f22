using Amazon.Runtime;

namespace Kund.Infrastructure.Aws.Errors;

/// <summary>
/// "Already gone" in the three services' words: EC2's <c>*.NotFound</c> codes, IAM's <c>NoSuchEntity</c>,
/// EKS's <c>ResourceNotFoundException</c>. A delete of what is gone has done its job; a look-up of it finds nothing.
/// </summary>
internal static class NotFound
{
    public static bool Is(Exception exception) =>
        exception is AmazonServiceException { ErrorCode: { } code }
        && (code.EndsWith("NotFound", StringComparison.Ordinal) || code is "NoSuchEntity" or "ResourceNotFoundException");

    /// <summary>Runs a delete-like call; false when AWS says the thing (or one of <paramref name="alsoIgnored"/>) was already so.</summary>
    public static async Task<bool> IgnoreAsync(Func<Task> call, params string[] alsoIgnored)
    {
        try
        {
            await call();
            return true;
        }
        catch (AmazonServiceException exception) when (Is(exception) || alsoIgnored.Contains(exception.ErrorCode))
        {
            return false;
        }
    }

    /// <summary>Runs a look-up; null when AWS says there is no such thing.</summary>
    public static async Task<T?> OrNullAsync<T>(Func<Task<T>> call)
        where T : class
    {
        try
        {
            return await call();
        }
        catch (AmazonServiceException exception) when (Is(exception))
        {
            return null;
        }
    }
}

using Kund.Domain.Execution;
using Kund.Infrastructure.Aws.Iam;

namespace Kund.Infrastructure.Aws.Drivers;

/// <summary>IAM's answers while a role Kund just created is not yet visible to its reads.</summary>
internal static class IamErrors
{
    /// <summary>
    /// How long a <c>NoSuchEntity</c> for a role Kund has created is worth retrying: IAM is eventually
    /// consistent for reads too, and <c>GetRole</c> or <c>AttachRolePolicy</c> can miss a new role for some
    /// seconds (docs/aws-behaviour.md, IAM propagation). Past it, the role really is missing.
    /// </summary>
    public static readonly TimeSpan ReadAfterWriteWindow = TimeSpan.FromSeconds(30);

    /// <summary>IAM says the role (not a policy) does not exist.</summary>
    public static bool IsMissingRole(IamServiceException exception) =>
        exception.ErrorCode == "NoSuchEntity" && exception.Message.Contains("role", StringComparison.OrdinalIgnoreCase);

    public static CloudOperationException NotYetVisible(string code, string message, Exception? inner = null) =>
        new(CloudErrorKind.NotYetConsistent, code, message, inner, ReadAfterWriteWindow);
}

using Kund.Domain.Execution;
using Kund.Domain.Resources;
using Kund.Infrastructure.Aws.Errors;
using Kund.Infrastructure.Aws.Iam;
using Kund.Infrastructure.Aws.Iam.Model;

namespace Kund.Infrastructure.Aws.Drivers;

/// <summary>
/// A managed policy attached to the role. AttachRolePolicy is idempotent in AWS; the resource id is
/// <c>&lt;role name&gt;|&lt;policy ARN&gt;</c> (an attachment has no id of its own).
/// </summary>
public sealed class IamRolePolicyAttachmentDriver(AwsClients clients) : IResourceDriver
{
    public ResourceKind Kind => ResourceKind.IamRolePolicyAttachment;

    public Task<CloudResource?> FindAsync(ResourceContext context, CancellationToken cancellationToken) =>
        AwsCall.RunAsync(
            async () =>
            {
                var desired = context.Desired<IamRolePolicyAttachmentDesired>();
                try
                {
                    string? marker = null;
                    do
                    {
                        var page = await clients.Iam.ListAttachedRolePoliciesAsync(new ListAttachedRolePoliciesRequest { RoleName = RoleName(context), Marker = marker }, cancellationToken);
                        if (page.AttachedPolicies.Any(p => p.PolicyArn == desired.PolicyArn))
                        {
                            return ToResource(context);
                        }

                        marker = page.IsTruncated ? page.Marker : null;
                    }
                    while (marker is not null);
                }
                catch (IamServiceException exception) when (exception.ErrorCode == "NoSuchEntity")
                {
                }

                return null;
            },
            cancellationToken);

    public Task<CloudResource> CreateAsync(ResourceContext context, CancellationToken cancellationToken) =>
        AwsCall.RunAsync(
            async () =>
            {
                var desired = context.Desired<IamRolePolicyAttachmentDesired>();
                await clients.Iam.AttachRolePolicyAsync(new AttachRolePolicyRequest { RoleName = RoleName(context), PolicyArn = desired.PolicyArn }, cancellationToken);
                return ToResource(context);
            },
            cancellationToken);

    public Task<CloudResource> WaitUntilReadyAsync(ResourceContext context, CloudResource resource, CancellationToken cancellationToken) =>
        Task.FromResult(resource);

    public Task DeleteAsync(ResourceContext context, CloudResource resource, CancellationToken cancellationToken) =>
        AwsCall.RunAsync(
            async () =>
            {
                var desired = context.Desired<IamRolePolicyAttachmentDesired>();
                try
                {
                    await clients.Iam.DetachRolePolicyAsync(new DetachRolePolicyRequest { RoleName = RoleName(context), PolicyArn = desired.PolicyArn }, cancellationToken);
                }
                catch (IamServiceException exception) when (exception.ErrorCode == "NoSuchEntity")
                {
                }
            },
            cancellationToken);

    /// <summary>The role's name as the role node recorded it, else as the plan names it.</summary>
    private static string RoleName(ResourceContext context)
    {
        var desired = context.Desired<IamRolePolicyAttachmentDesired>();
        return context.Dependencies.TryGetValue(desired.RoleKey, out var role) ? role.CloudId : desired.RoleName;
    }

    private static CloudResource ToResource(ResourceContext context)
    {
        var desired = context.Desired<IamRolePolicyAttachmentDesired>();
        return new CloudResource($"{RoleName(context)}|{desired.PolicyArn}", desired.PolicyArn);
    }
}

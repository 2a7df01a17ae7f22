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
public sealed class IamRolePolicyAttachmentDriver(AwsClients clients) : AwsDriver
{
    public override ResourceKind Kind => ResourceKind.IamRolePolicyAttachment;

    protected override async Task<CloudResource?> FindCoreAsync(ResourceContext context, CancellationToken cancellationToken)
    {
        var desired = context.Desired<IamRolePolicyAttachmentDesired>();
        string? marker = null;
        do
        {
            var request = new ListAttachedRolePoliciesRequest { RoleName = RoleName(context), Marker = marker };
            var page = await NotFound.OrNullAsync(() => clients.Iam.ListAttachedRolePoliciesAsync(request, cancellationToken));
            if (page is null)
            {
                return null;
            }

            if (page.AttachedPolicies.Any(p => p.PolicyArn == desired.PolicyArn))
            {
                return ToResource(context);
            }

            marker = page.IsTruncated ? page.Marker : null;
        }
        while (marker is not null);

        return null;
    }

    protected override async Task<CloudResource> CreateCoreAsync(ResourceContext context, CancellationToken cancellationToken)
    {
        var desired = context.Desired<IamRolePolicyAttachmentDesired>();
        try
        {
            await clients.Iam.AttachRolePolicyAsync(new AttachRolePolicyRequest { RoleName = RoleName(context), PolicyArn = desired.PolicyArn }, cancellationToken);
        }
        catch (IamServiceException exception) when (IamErrors.IsMissingRole(exception))
        {
            // The role node has made the role; IAM's reads may not see it for some seconds yet.
            throw IamErrors.NotYetVisible(exception.ErrorCode, exception.Message, exception);
        }

        return ToResource(context);
    }

    protected override async Task DeleteCoreAsync(ResourceContext context, CloudResource resource, CancellationToken cancellationToken)
    {
        var desired = context.Desired<IamRolePolicyAttachmentDesired>();
        await NotFound.IgnoreAsync(() => clients.Iam.DetachRolePolicyAsync(new DetachRolePolicyRequest { RoleName = RoleName(context), PolicyArn = desired.PolicyArn }, cancellationToken));
    }

    /// <summary>An attachment has no tags of its own: it is ours when the role it hangs on is this environment's role node.</summary>
    protected override Task<bool> IsOursAsync(ResourceContext context, CloudResource resource, CancellationToken cancellationToken) =>
        IamRoleDriver.IsOursAsync(clients, context, RoleName(context), context.Desired<IamRolePolicyAttachmentDesired>().RoleKey, cancellationToken);

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

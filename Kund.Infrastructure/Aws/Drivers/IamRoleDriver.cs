using Kund.Domain.Execution;
using Kund.Domain.Resources;
using Kund.Infrastructure.Aws.Errors;
using Kund.Infrastructure.Aws.Iam;
using Kund.Infrastructure.Aws.Iam.Model;

namespace Kund.Infrastructure.Aws.Drivers;

/// <summary>
/// The cluster's IAM role. Role names are unique per account, so an existing role is adopted only when
/// it carries this node's Kund tags; someone else's role of the same name fails the node, never adopted.
/// </summary>
public sealed partial class IamRoleDriver(AwsClients clients) : AwsDriver
{
    public override ResourceKind Kind => ResourceKind.IamRole;

    protected override Task<CloudResource?> FindCoreAsync(ResourceContext context, CancellationToken cancellationToken) =>
        FindOursAsync(context, cancellationToken);

    protected override async Task<CloudResource> CreateCoreAsync(ResourceContext context, CancellationToken cancellationToken)
    {
        var desired = context.Desired<IamRoleDesired>();
        try
        {
            var response = await clients.Iam.CreateRoleAsync(
                new CreateRoleRequest
                {
                    RoleName = desired.RoleName,
                    AssumeRolePolicyDocument = desired.AssumeRolePolicyDocument,
                    Tags = KundTags.For(context).Select(t => new Tag { Key = t.Key, Value = t.Value }).ToList(),
                },
                cancellationToken);
            return ToResource(response.Role);
        }
        catch (IamServiceException exception) when (exception.ErrorCode == "EntityAlreadyExists")
        {
            // A role of this name exists, yet GetRole may not see it for some seconds after it was created
            // (an earlier attempt of this node, say): that is IAM catching up, not someone else's role.
            return await FindOursAsync(context, cancellationToken)
                ?? throw IamErrors.NotYetVisible(exception.ErrorCode, $"{exception.Message} IAM does not show it yet; it was created moments ago.", exception);
        }
    }

    protected override async Task DeleteCoreAsync(ResourceContext context, CloudResource resource, CancellationToken cancellationToken)
    {
        await NotFound.IgnoreAsync(() => clients.Iam.DeleteRoleAsync(new DeleteRoleRequest { RoleName = resource.CloudId }, cancellationToken));
    }

    /// <summary>The role's name may have passed to someone else since it was recorded: ours only while its tags say so.</summary>
    protected override Task<bool> IsOursAsync(ResourceContext context, CloudResource resource, CancellationToken cancellationToken) =>
        IsOursAsync(clients, context, resource.CloudId, context.Node.Key, cancellationToken);

    /// <summary>True when the role of this name is gone or carries the Kund tags of <paramref name="roleKey"/> in this environment.</summary>
    internal static async Task<bool> IsOursAsync(AwsClients clients, ResourceContext context, string roleName, string roleKey, CancellationToken cancellationToken)
    {
        var role = await NotFound.OrNullAsync(() => clients.Iam.GetRoleAsync(new GetRoleRequest { RoleName = roleName }, cancellationToken));
        return role is null || KundTags.AreOurs(context, roleKey, await TagsAsync(clients, role.Role, cancellationToken));
    }

    private static async Task<IEnumerable<KeyValuePair<string, string>>> TagsAsync(AwsClients clients, Role role, CancellationToken cancellationToken)
    {
        var tags = role.Tags;
        if (tags.Count == 0)
        {
            // IAM may answer fewer tags than asked while more remain: read until it says it is done.
            string? marker = null;
            do
            {
                var page = await clients.Iam.ListRoleTagsAsync(new ListRoleTagsRequest { RoleName = role.RoleName, Marker = marker }, cancellationToken);
                tags.AddRange(page.Tags);
                marker = page.IsTruncated && !string.IsNullOrEmpty(page.Marker) && page.Marker != marker ? page.Marker : null;
            }
            while (marker is not null);
        }

        return tags.Select(t => new KeyValuePair<string, string>(t.Key, t.Value));
    }

    /// <summary>The role of this name when it is Kund's for this node; throws when it exists but is not.</summary>
    private async Task<CloudResource?> FindOursAsync(ResourceContext context, CancellationToken cancellationToken)
    {
        var desired = context.Desired<IamRoleDesired>();
        var found = await NotFound.OrNullAsync(() => clients.Iam.GetRoleAsync(new GetRoleRequest { RoleName = desired.RoleName }, cancellationToken));
        if (found is null)
        {
            return null;
        }

        var role = found.Role;
        if (!KundTags.AreOurs(context, context.Node.Key, await TagsAsync(clients, role, cancellationToken)))
        {
            throw new NotOursException(
                "EntityAlreadyExists",
                $"An IAM role named '{desired.RoleName}' already exists and was not made by Kund for this environment; Kund does not take over roles it did not create.");
        }

        return ToResource(role);
    }

    private static CloudResource ToResource(Role role) =>
        new(role.RoleName, role.Arn, new Dictionary<string, string> { ["roleId"] = role.RoleId });
}

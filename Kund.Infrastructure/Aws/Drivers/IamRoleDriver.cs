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
public sealed class IamRoleDriver(AwsClients clients) : IResourceDriver
{
    public ResourceKind Kind => ResourceKind.IamRole;

    public Task<CloudResource?> FindAsync(ResourceContext context, CancellationToken cancellationToken) =>
        AwsCall.RunAsync(() => FindOursAsync(context, cancellationToken), cancellationToken);

    public Task<CloudResource> CreateAsync(ResourceContext context, CancellationToken cancellationToken) =>
        AwsCall.RunAsync(
            async () =>
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
                    return await FindOursAsync(context, cancellationToken)
                        ?? throw new CloudOperationException(CloudErrorKind.Permanent, exception.ErrorCode, exception.Message, exception);
                }
            },
            cancellationToken);

    public Task<CloudResource> WaitUntilReadyAsync(ResourceContext context, CloudResource resource, CancellationToken cancellationToken) =>
        Task.FromResult(resource);

    public Task DeleteAsync(ResourceContext context, CloudResource resource, CancellationToken cancellationToken) =>
        AwsCall.RunAsync(
            async () =>
            {
                try
                {
                    await clients.Iam.DeleteRoleAsync(new DeleteRoleRequest { RoleName = resource.CloudId }, cancellationToken);
                }
                catch (IamServiceException exception) when (exception.ErrorCode == "NoSuchEntity")
                {
                }
            },
            cancellationToken);

    /// <summary>The role of this name when it is Kund's for this node; throws when it exists but is not.</summary>
    private async Task<CloudResource?> FindOursAsync(ResourceContext context, CancellationToken cancellationToken)
    {
        var desired = context.Desired<IamRoleDesired>();
        Role role;
        try
        {
            role = (await clients.Iam.GetRoleAsync(new GetRoleRequest { RoleName = desired.RoleName }, cancellationToken)).Role;
        }
        catch (IamServiceException exception) when (exception.ErrorCode == "NoSuchEntity")
        {
            return null;
        }

        var tags = role.Tags.Count > 0
            ? role.Tags
            : (await clients.Iam.ListRoleTagsAsync(new ListRoleTagsRequest { RoleName = desired.RoleName }, cancellationToken)).Tags;
        if (!KundTags.AreOurs(context, tags.Select(t => new KeyValuePair<string, string>(t.Key, t.Value))))
        {
            throw new CloudOperationException(
                CloudErrorKind.Permanent,
                "EntityAlreadyExists",
                $"An IAM role named '{desired.RoleName}' already exists and was not made by Kund for this environment; Kund does not take over roles it did not create.");
        }

        return ToResource(role);
    }

    private static CloudResource ToResource(Role role) =>
        new(role.RoleName, role.Arn, new Dictionary<string, string> { ["roleId"] = role.RoleId });
}

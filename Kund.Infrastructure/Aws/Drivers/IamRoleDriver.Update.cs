using System.Text.Json;
using System.Text.Json.Nodes;
using Kund.Domain.Execution;
using Kund.Domain.Resources;
using Kund.Infrastructure.Aws.Iam.Model;

namespace Kund.Infrastructure.Aws.Drivers;

/// <summary>In place: the trust policy (UpdateAssumeRolePolicy) and tags (TagRole, UntagRole); a new name is a new role.</summary>
public sealed partial class IamRoleDriver
{
    protected override async Task<CloudResource> UpdateCoreAsync(ResourceContext context, CloudResource resource, ResourceDesired applied, CancellationToken cancellationToken)
    {
        var before = InPlace.Applied<IamRoleDesired>(context, applied);
        var desired = context.Desired<IamRoleDesired>();
        InPlace.Forbid(context, "roleName", before.RoleName, desired.RoleName);

        var role = (await clients.Iam.GetRoleAsync(new GetRoleRequest { RoleName = resource.CloudId }, cancellationToken)).Role;
        if (!SameDocument(role.AssumeRolePolicyDocument, desired.AssumeRolePolicyDocument))
        {
            await clients.Iam.UpdateAssumeRolePolicyAsync(
                new UpdateAssumeRolePolicyRequest { RoleName = role.RoleName, PolicyDocument = desired.AssumeRolePolicyDocument },
                cancellationToken);
        }

        var (set, remove) = InPlace.TagChanges(context, await TagsAsync(clients, role, cancellationToken));
        if (set.Count > 0)
        {
            await clients.Iam.TagRoleAsync(new TagRoleRequest { RoleName = role.RoleName, Tags = [.. set.Select(t => new Tag { Key = t.Key, Value = t.Value })] }, cancellationToken);
        }

        if (remove.Count > 0)
        {
            await clients.Iam.UntagRoleAsync(new UntagRoleRequest { RoleName = role.RoleName, TagKeys = remove }, cancellationToken);
        }

        return ToResource(role);
    }

    /// <summary>IAM hands the document back re-serialised: the same JSON counts as the same policy, whatever its spacing.</summary>
    internal static bool SameDocument(string? current, string desired)
    {
        if (current is null)
        {
            return false;
        }

        try
        {
            return JsonNode.DeepEquals(JsonNode.Parse(current), JsonNode.Parse(desired));
        }
        catch (JsonException)
        {
            return false;
        }
    }
}

using System.Net;
using System.Text.Json;

namespace Kund.Infrastructure.Sandbox;

/// <summary>UpdateAssumeRolePolicy: a role's trust policy changes in place, effective (like everything in IAM) after propagation.</summary>
public sealed partial class SandboxCloud
{
    public void UpdateAssumeRolePolicy(string? roleName, string? policyDocument) => Mutate(_ =>
    {
        var role = FindRole(roleName);
        if (string.IsNullOrEmpty(policyDocument))
        {
            throw IamError("ValidationError", "1 validation error detected: Value null at 'policyDocument' failed to satisfy constraint: Member must not be null", HttpStatusCode.BadRequest);
        }

        try
        {
            using var parsed = JsonDocument.Parse(policyDocument);
        }
        catch (JsonException)
        {
            throw IamError("MalformedPolicyDocument", "This policy contains invalid Json", HttpStatusCode.BadRequest);
        }

        _roles[role.Name] = role with { AssumeRolePolicyDocument = policyDocument };
    });
}

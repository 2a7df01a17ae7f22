using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Kund.Domain.Resources;
using Kund.Infrastructure.Sandbox.Model;

namespace Kund.Infrastructure.Sandbox;

public sealed partial class SandboxCloud
{
    /// <summary>
    /// The AWS managed policies that exist in the sandbox, by name; each partition has them under its own ARN
    /// (<see cref="AwsPartition.ManagedPolicyArn"/>). Attaching anything else is <c>NoSuchEntity</c>.
    /// </summary>
    private static readonly string[] ManagedPolicies =
    [
        "AmazonEKSClusterPolicy", "AmazonEKSServicePolicy", "AmazonEKSVPCResourceController", "AmazonEKSWorkerNodePolicy",
        "AmazonEKS_CNI_Policy", "AmazonEKSBlockStoragePolicy", "AmazonEKSComputePolicy", "AmazonEKSLoadBalancingPolicy",
        "AmazonEKSNetworkingPolicy", "AmazonEC2ContainerRegistryReadOnly", "AmazonEC2ContainerRegistryPullOnly", "AmazonSSMManagedInstanceCore", "ReadOnlyAccess",
    ];

    public SandboxRole CreateRole(
        string? roleName, string? path, string? assumeRolePolicyDocument, string? description, int? maxSessionDuration,
        IReadOnlyDictionary<string, string>? tags = null) => Mutate(now =>
    {
        ValidateRoleName(roleName);
        if (string.IsNullOrEmpty(assumeRolePolicyDocument))
        {
            throw IamError("ValidationError", "1 validation error detected: Value null at 'assumeRolePolicyDocument' failed to satisfy constraint: Member must not be null", HttpStatusCode.BadRequest);
        }

        try
        {
            using var _ = JsonDocument.Parse(assumeRolePolicyDocument);
        }
        catch (JsonException)
        {
            throw IamError("MalformedPolicyDocument", "This policy contains invalid Json", HttpStatusCode.BadRequest);
        }

        if (_roles.ContainsKey(roleName!))
        {
            throw IamError("EntityAlreadyExists", $"Role with name {roleName} already exists.", HttpStatusCode.Conflict);
        }

        var rolePath = path ?? "/";
        var role = new SandboxRole(
            roleName!, NewRoleId(), $"arn:aws:iam::{AccountId}:role{rolePath}{roleName}", rolePath, assumeRolePolicyDocument,
            description, maxSessionDuration ?? 3600, now, [], tags ?? NoTags, ReadableAfterWrite(now));
        _roles[role.Name] = role;
        return role;
    });

    /// <summary>The role, unless it was created so recently that IAM's reads do not see it yet.</summary>
    public SandboxRole GetRole(string? roleName) => Read(now => FindReadableRole(roleName, now));

    public void TagRole(string? roleName, IReadOnlyDictionary<string, string> tags) => Mutate(_ =>
    {
        var role = FindRole(roleName);
        _roles[role.Name] = role with { Tags = Merge(role.Tags, tags) };
    });

    public void UntagRole(string? roleName, IReadOnlyCollection<string> keys) => Mutate(_ =>
    {
        var role = FindRole(roleName);
        _roles[role.Name] = role with { Tags = role.Tags.Where(t => !keys.Contains(t.Key)).ToDictionary(StringComparer.Ordinal) };
    });

    public void DeleteRole(string? roleName) => Mutate(_ =>
    {
        var role = FindRole(roleName);
        if (role.AttachedPolicyArns.Count > 0)
        {
            throw IamError("DeleteConflict", "Cannot delete entity, must detach all policies first.", HttpStatusCode.Conflict);
        }

        _roles.Remove(role.Name);
    });

    /// <summary>
    /// Attaches an AWS managed policy. IAM is one per partition, reached signed for <paramref name="signingRegion"/>
    /// (us-east-1 when left out): an ARN of another partition is <c>ValidationError</c> ("Invalid ARN partition").
    /// </summary>
    public void AttachRolePolicy(string? roleName, string? policyArn, string? signingRegion = null) => Mutate(now =>
    {
        var role = FindReadableRole(roleName, now);
        var partition = AwsPartition.Of(signingRegion ?? AwsPartition.Commercial.IamSigningRegion);
        if (policyArn?.Split(':') is ["arn", var named, ..] && named != partition.Name)
        {
            throw IamError("ValidationError", "Invalid ARN partition", HttpStatusCode.BadRequest);
        }

        if (policyArn is null || !ManagedPolicies.Any(name => partition.ManagedPolicyArn(name) == policyArn))
        {
            throw IamError("NoSuchEntity", $"Policy {policyArn} does not exist or is not attachable.", HttpStatusCode.NotFound);
        }

        if (!role.AttachedPolicyArns.Contains(policyArn))
        {
            _roles[role.Name] = role with { AttachedPolicyArns = [.. role.AttachedPolicyArns, policyArn] };
        }
    });

    public void DetachRolePolicy(string? roleName, string? policyArn) => Mutate(_ =>
    {
        var role = FindRole(roleName);
        if (policyArn is null || !role.AttachedPolicyArns.Contains(policyArn))
        {
            throw IamError("NoSuchEntity", $"Policy {policyArn} was not found.", HttpStatusCode.NotFound);
        }

        _roles[role.Name] = role with { AttachedPolicyArns = [.. role.AttachedPolicyArns.Where(a => a != policyArn)] };
    });

    public IReadOnlyList<string> ListAttachedRolePolicies(string? roleName) => Read(_ => FindRole(roleName).AttachedPolicyArns);

    private SandboxRole FindRole(string? roleName) =>
        roleName is not null && _roles.TryGetValue(roleName, out var role)
            ? role
            : throw IamError("NoSuchEntity", $"The role with name {roleName} cannot be found.", HttpStatusCode.NotFound);

    /// <summary>A role read by a call that IAM serves from a replica: a role too new for it is not there yet.</summary>
    private SandboxRole FindReadableRole(string? roleName, DateTimeOffset now)
    {
        var role = FindRole(roleName);
        return role.ReadableAt is { } readable && now < readable
            ? throw IamError("NoSuchEntity", $"The role with name {roleName} cannot be found.", HttpStatusCode.NotFound)
            : role;
    }

    /// <summary>When a role created at <paramref name="now"/> becomes visible to reads: a seeded share of the window.</summary>
    private DateTimeOffset? ReadableAfterWrite(DateTimeOffset now)
    {
        if (Options.IamReadAfterWriteWindow <= TimeSpan.Zero)
        {
            return null;
        }

        double share;
        lock (_readWindows)
        {
#pragma warning disable CA5394 // A reproducible window, not a secret.
            share = 0.25 + (0.75 * _readWindows.NextDouble());
#pragma warning restore CA5394
        }

        return now + (Options.IamReadAfterWriteWindow * share / Options.TimeScale);
    }

    private static void ValidateRoleName(string? roleName)
    {
        if (roleName is null || !RoleNamePattern().IsMatch(roleName))
        {
            throw IamError(
                "ValidationError",
                $"1 validation error detected: Value '{roleName}' at 'roleName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+ and have length between 1 and 64",
                HttpStatusCode.BadRequest);
        }
    }

    private string NewRoleId()
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        return "AROA" + new string(Enumerable.Range(0, 17).Select(_ => alphabet[NextRandom(0, alphabet.Length)]).ToArray());
    }

    private static SandboxException IamError(string code, string message, HttpStatusCode status) => new(code, message, status);

    [GeneratedRegex(@"^[A-Za-z0-9+=,.@_-]{1,64}$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex RoleNamePattern();
}

using System.Net;
using System.Text.RegularExpressions;
using Kund.Domain.Resources;
using Kund.Infrastructure.Sandbox.Model;

namespace Kund.Infrastructure.Sandbox;

/// <summary>What CreateAccessEntry asks for.</summary>
public sealed record SandboxAccessEntryRequest(
    string? PrincipalArn,
    IReadOnlyList<string> KubernetesGroups,
    string? Username,
    string? Type,
    IReadOnlyDictionary<string, string> Tags);

public sealed partial class SandboxCloud
{
    /// <summary>The EKS access policies that exist, by name; each partition has them under its own ARNs.</summary>
    private static readonly string[] AccessPolicies = ["AmazonEKSClusterAdminPolicy", "AmazonEKSAdminPolicy", "AmazonEKSEditPolicy", "AmazonEKSViewPolicy", "AmazonEKSAdminViewPolicy"];

    public SandboxAccessEntry CreateAccessEntry(string region, string clusterName, SandboxAccessEntryRequest request) => Mutate(now =>
    {
        var cluster = ActiveCluster(region, clusterName, "create an access entry");
        RequireAccessApi(cluster);
        var principal = request.PrincipalArn;
        var principalName = principal is null ? null : PrincipalPattern().Match(principal) is { Success: true } match ? match : null;
        // The sandbox has roles but no IAM users: a principal is known when it is one of its roles, or the
        // <team>-developers role the sandbox stands in for every team (api.md).
        if (principalName is null || principalName.Groups["account"].Value != AccountId
            || !(_roles.Values.Any(r => r.Arn == principal) || (principalName.Groups["kind"].Value == "role" && SeededTeamRole().IsMatch(principalName.Groups["name"].Value))))
        {
            throw EksError("InvalidParameterException", $"The specified principalArn is invalid: invalid principal {principal}; it must be an existing IAM role of account {AccountId}.");
        }

        if (_accessEntries.ContainsKey(ChildKey(region, clusterName, principal!)))
        {
            throw EksError("ResourceInUseException", $"The specified access entry resource is already in use on this cluster: {principal}", HttpStatusCode.Conflict);
        }

        var type = request.Type ?? "STANDARD";
        if (type is not ("STANDARD" or "EC2_LINUX" or "EC2_WINDOWS" or "FARGATE_LINUX"))
        {
            throw EksError("InvalidParameterException", $"Unsupported access entry type '{type}'");
        }

        if (type == "STANDARD" && request.KubernetesGroups.Any(g => g.StartsWith("system:", StringComparison.Ordinal)))
        {
            throw EksError("InvalidParameterException", "Kubernetes groups starting with 'system:' cannot be given to a STANDARD access entry");
        }

        var roleName = principalName.Groups["name"].Value.Split('/')[^1];
        var username = request.Username ?? (principalName.Groups["kind"].Value == "role"
            ? $"arn:aws:sts::{AccountId}:assumed-role/{roleName}/{{{{SessionName}}}}"
            : principal!);
        var entry = new SandboxAccessEntry(
            clusterName,
            region,
            principal!,
            $"arn:aws:eks:{region}:{AccountId}:access-entry/{clusterName}/{principalName.Groups["kind"].Value}/{AccountId}/{roleName}/{NewId(string.Empty, 8)}",
            username,
            type,
            request.KubernetesGroups,
            [],
            now,
            now,
            request.Tags);
        _accessEntries[ChildKey(region, clusterName, principal!)] = entry;
        return entry;
    });

    public SandboxAccessEntry DescribeAccessEntry(string region, string clusterName, string principalArn) => Read(_ =>
    {
        FindCluster(region, clusterName);
        return FindAccessEntry(region, clusterName, principalArn);
    });

    public void DeleteAccessEntry(string region, string clusterName, string principalArn) => Mutate(_ =>
    {
        FindCluster(region, clusterName);
        FindAccessEntry(region, clusterName, principalArn);
        _accessEntries.Remove(ChildKey(region, clusterName, principalArn));
    });

    /// <summary>Associates (or re-scopes) an access policy; cluster scope takes no namespaces, namespace scope needs some.</summary>
    public SandboxAccessPolicyAssociation AssociateAccessPolicy(
        string region, string clusterName, string principalArn, string? policyArn, string? scopeType, IReadOnlyList<string> namespaces) => Mutate(now =>
    {
        FindCluster(region, clusterName);
        var entry = FindAccessEntry(region, clusterName, principalArn);
        var valid = AccessPolicies.Select(AwsPartition.Of(region).AccessPolicyArn).ToList();
        if (policyArn is null || !valid.Contains(policyArn))
        {
            throw EksError("InvalidParameterException", $"The specified policyArn {policyArn} is not a valid access policy; valid policies are {string.Join(", ", valid)}");
        }

        switch (scopeType)
        {
            case "cluster" when namespaces.Count > 0:
                throw EksError("InvalidParameterException", "accessScope.namespaces must be empty when accessScope.type is cluster");
            case "namespace" when namespaces.Count == 0:
                throw EksError("InvalidParameterException", "accessScope.namespaces is required when accessScope.type is namespace");
            case "cluster" or "namespace":
                break;
            default:
                throw EksError("InvalidParameterException", $"Unsupported accessScope.type '{scopeType}'; valid values are cluster, namespace");
        }

        var previous = entry.Policies.FirstOrDefault(p => p.PolicyArn == policyArn);
        var association = new SandboxAccessPolicyAssociation(policyArn, scopeType, namespaces, previous?.AssociatedAt ?? now, now);
        _accessEntries[ChildKey(region, clusterName, principalArn)] = entry with
        {
            Policies = [.. entry.Policies.Where(p => p.PolicyArn != policyArn), association],
            ModifiedAt = now,
        };
        return association;
    });

    public IReadOnlyList<SandboxAccessPolicyAssociation> ListAssociatedAccessPolicies(string region, string clusterName, string principalArn) => Read(_ =>
    {
        FindCluster(region, clusterName);
        return FindAccessEntry(region, clusterName, principalArn).Policies;
    });

    private static void RequireAccessApi(SandboxCluster cluster)
    {
        if (!cluster.AllowsAccessEntries)
        {
            throw EksError(
                "InvalidRequestException",
                $"The cluster's authentication mode must be set to one of [API, API_AND_CONFIG_MAP] to perform this operation (cluster {cluster.Name} is {cluster.AuthenticationMode}).");
        }
    }

    private SandboxAccessEntry FindAccessEntry(string region, string clusterName, string principalArn) =>
        _accessEntries.TryGetValue(ChildKey(region, clusterName, principalArn), out var entry)
            ? entry
            : throw EksError("ResourceNotFoundException", $"The specified access entry resource can't be found on this cluster: {principalArn}", HttpStatusCode.NotFound);

    [GeneratedRegex(@"^arn:aws:iam::(?<account>\d{12}):(?<kind>role|user)/(?<name>[\w+=,.@/-]{1,512})$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex PrincipalPattern();

    /// <summary>A team's developers role: <c>team-a-developers</c>.</summary>
    [GeneratedRegex(@"^[a-z0-9][a-z0-9-]*-developers$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex SeededTeamRole();
}

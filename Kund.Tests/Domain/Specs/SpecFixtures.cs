using System.Text.Json;
using Kund.Domain.Specs;
using Kund.Domain.Teams;
using Kund.Infrastructure.Configuration;
using Kund.Infrastructure.Teams;
using Kund.Tests.Support;

namespace Kund.Tests.Domain.Specs;

/// <summary>A cloud catalog and the seed spec of api.md, built here so that the domain holds no fixture data.</summary>
public static class SpecFixtures
{
    public static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    private static readonly KubernetesVersionOffer[] Versions =
    [
        new("1.33", SupportTier.Extended),
        new("1.34", SupportTier.Standard),
        new("1.35", SupportTier.Standard),
    ];

    /// <summary>The instance types every fixture region offers.</summary>
    public static readonly string[] InstanceTypes = ["t3.medium", "t3.large", "m6i.large", "m6i.xlarge", "c6i.large", "m7g.16xlarge"];

    /// <summary>The managed add-ons every fixture region offers, with the Kubernetes versions each version runs on.</summary>
    public static readonly AddonOffer[] Addons =
    [
        new("vpc-cni", [new("v1.20.4-eksbuild.1", ["1.33", "1.34", "1.35"])]),
        new("coredns", [new("v1.12.4-eksbuild.1", ["1.34", "1.35"]), new("v1.11.4-eksbuild.2", ["1.33"])]),
        new("kube-proxy", [new("v1.35.0-eksbuild.1", ["1.35"]), new("v1.34.1-eksbuild.2", ["1.34"]), new("v1.33.5-eksbuild.2", ["1.33"])]),
        new("eks-pod-identity-agent", [new("v1.3.9-eksbuild.3", ["1.33", "1.34", "1.35"])]),
        new("aws-ebs-csi-driver", [new("v1.50.1-eksbuild.1", ["1.33", "1.34", "1.35"])]),
    ];

    public static readonly CloudCatalog Catalog = new(
    [
        new CloudRegion("ap-northeast-2", ["ap-northeast-2a", "ap-northeast-2b", "ap-northeast-2c", "ap-northeast-2d"], Versions, InstanceTypes, Addons),
        new CloudRegion("us-east-1", ["us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d", "us-east-1e", "us-east-1f"], Versions, InstanceTypes, Addons),
        new CloudRegion("eu-west-1", ["eu-west-1a", "eu-west-1b", "eu-west-1c"], Versions, InstanceTypes, Addons),
    ]);

    /// <summary>The request body of api.md, verbatim.</summary>
    public const string SeedJson = """
        {
          "name": "payments-dev",
          "team": "team-a",
          "region": "ap-northeast-2",
          "purpose": "dev",
          "expiresAt": null,
          "vpc": { "cidr": "10.3.0.0/16", "tenancy": "default", "enableDnsSupport": true, "enableDnsHostnames": true },
          "subnets": [
            { "name": "public-a",  "cidr": "10.3.0.0/20",  "availabilityZone": "ap-northeast-2a", "tier": "public" },
            { "name": "public-b",  "cidr": "10.3.16.0/20", "availabilityZone": "ap-northeast-2b", "tier": "public" },
            { "name": "private-a", "cidr": "10.3.32.0/20", "availabilityZone": "ap-northeast-2a", "tier": "private" },
            { "name": "private-b", "cidr": "10.3.48.0/20", "availabilityZone": "ap-northeast-2b", "tier": "private" }
          ],
          "routing": { "internetGateway": true, "natGateways": "single" },
          "clusterRole": { "create": true, "name": "payments-dev-eks-cluster", "existingArn": null },
          "cluster": {
            "name": "payments-dev", "kubernetesVersion": "1.34",
            "endpointPublicAccess": true, "endpointPrivateAccess": true, "publicAccessCidrs": ["0.0.0.0/0"],
            "logging": ["api", "audit"], "subnets": ["private-a", "private-b"]
          },
          "tags": { "cost-center": "1234" }
        }
        """;

    /// <summary>The request body of api.md with its cluster's nodes, add-ons and access: what the seed becomes once defaults apply.</summary>
    public static string ApiMdJson => SeedJson.Replace(
        """
            "logging": ["api", "audit"], "subnets": ["private-a", "private-b"]
        """,
        """
            "logging": ["api", "audit"], "subnets": ["private-a", "private-b"],
            "authenticationMode": "API", "deletionProtection": false, "supportType": "STANDARD",
            "compute": {
              "mode": "managedNodes",
              "nodeGroups": [
                { "name": "general", "instanceTypes": ["m6i.large"], "capacityType": "ON_DEMAND",
                  "amiType": "AL2023_x86_64_STANDARD", "diskSizeGiB": 20,
                  "minSize": 1, "desiredSize": 2, "maxSize": 3, "subnets": ["private-a", "private-b"], "labels": {} }
              ]
            },
            "nodeRole": { "create": true, "name": "payments-dev-eks-node", "existingArn": null },
            "addons": [ { "name": "vpc-cni", "version": null }, { "name": "coredns", "version": null },
                        { "name": "kube-proxy", "version": null }, { "name": "eks-pod-identity-agent", "version": null } ],
            "access": [ { "principalArn": "arn:aws:iam::111111111111:role/team-a-developers",
                          "policy": "AmazonEKSClusterAdminPolicy", "namespaces": [] } ]
        """,
        StringComparison.Ordinal);

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The seed spec of api.md (<see cref="SeedSpecs"/>; <see cref="SeedJson"/> is the same as the API reads it).</summary>
    public static EnvironmentSpec Seed => SeedSpecs.Payments();

    /// <summary>The seed with only what a user must say; defaults fill in the rest.</summary>
    public static EnvironmentSpec Minimal => new()
    {
        Name = "payments-dev",
        Team = "team-a",
        Region = "ap-northeast-2",
        Vpc = new VpcSpec { Cidr = "10.3.0.0/16" },
        Cluster = new ClusterSpec { KubernetesVersion = "1.34", EndpointPrivateAccess = true, Logging = ["api", "audit"] },
        Tags = new Dictionary<string, string> { ["cost-center"] = "1234" },
    };

    /// <summary>The policy a team nobody configured has in Sandbox mode: its principal is the default access entry.</summary>
    public static TeamPolicy PolicyOf(EnvironmentSpec spec) => DefaultTeamPolicies.For(spec.Team ?? "", KundMode.Sandbox);

    public static EnvironmentSpec FromJson(string json) =>
        JsonSerializer.Deserialize<EnvironmentSpec>(json, Json) ?? throw new InvalidOperationException("null spec");

    public static string ToJson(EnvironmentSpec spec) => JsonSerializer.Serialize(spec, Json);

    /// <summary>Defaults applied, then validated: what the API does with a request body.</summary>
    public static ValidationResult Validate(EnvironmentSpec spec) =>
        SpecValidator.Validate(SpecDefaults.Apply(spec, Catalog, PolicyOf(spec)), Catalog, Now);

    /// <summary>Replaces one subnet of a spec.</summary>
    public static EnvironmentSpec WithSubnet(this EnvironmentSpec spec, int index, Func<SubnetSpec, SubnetSpec> change)
    {
        var subnets = spec.Subnets!.ToList();
        subnets[index] = change(subnets[index]);
        return spec with { Subnets = subnets };
    }

    public static EnvironmentSpec WithCluster(this EnvironmentSpec spec, Func<ClusterSpec, ClusterSpec> change) =>
        spec with { Cluster = change(spec.Cluster!) };
}

/// <summary>Assertions on validation results that say what was there when they fail.</summary>
public static class ValidationAssert
{
    public static void HasError(ValidationResult result, string path, params string[] fragments) =>
        HasMessage(result.Errors, "error", path, fragments);

    public static void HasWarning(ValidationResult result, string path, params string[] fragments) =>
        HasMessage(result.Warnings, "warning", path, fragments);

    public static void NoErrorAt(ValidationResult result, string path) =>
        Assert.True(result.ErrorsAt(path).Count == 0, $"expected no error at {path}, got: {string.Join(" | ", result.ErrorsAt(path))}");

    public static void NoWarningAt(ValidationResult result, string path) =>
        Assert.True(result.WarningsAt(path).Count == 0, $"expected no warning at {path}, got: {string.Join(" | ", result.WarningsAt(path))}");

    public static void NoErrors(ValidationResult result) =>
        Assert.True(result.IsValid, "expected no errors, got: " + Describe(result.Errors));

    public static string Describe(IReadOnlyDictionary<string, IReadOnlyList<string>> messages) =>
        string.Join("; ", messages.Select(pair => $"{pair.Key}: {string.Join(" | ", pair.Value)}"));

    private static void HasMessage(IReadOnlyDictionary<string, IReadOnlyList<string>> messages, string kind, string path, string[] fragments)
    {
        var found = messages.TryGetValue(path, out var list)
            && list.Any(message => fragments.All(fragment => message.Contains(fragment, StringComparison.Ordinal)));
        Assert.True(found, $"expected an {kind} at {path} containing [{string.Join(", ", fragments)}]; got: {Describe(messages)}");
    }
}

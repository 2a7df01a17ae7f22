using System.Net;
using System.Text.RegularExpressions;
using Kund.Infrastructure.Sandbox.Model;

namespace Kund.Infrastructure.Sandbox;

/// <summary>What CreateCluster asks for, with EKS's defaults where a field is left out.</summary>
public sealed record SandboxClusterRequest(
    string? Name,
    string? Version,
    string? RoleArn,
    IReadOnlyList<string> SubnetIds,
    IReadOnlyList<string> SecurityGroupIds,
    bool? EndpointPublicAccess,
    bool? EndpointPrivateAccess,
    IReadOnlyList<string>? PublicAccessCidrs,
    IReadOnlyList<string> EnabledLogTypes,
    IReadOnlyDictionary<string, string> Tags,
    string? ClientRequestToken,
    string? AuthenticationMode = null,
    bool? BootstrapClusterCreatorAdminPermissions = null,
    bool? BootstrapSelfManagedAddons = null,
    bool? ComputeEnabled = null,
    IReadOnlyList<string>? NodePools = null,
    string? ComputeNodeRoleArn = null,
    bool? ElasticLoadBalancingEnabled = null,
    bool? BlockStorageEnabled = null,
    bool? DeletionProtection = null,
    string? SupportType = null);

public sealed partial class SandboxCloud
{
    /// <summary>Control-plane log types EKS knows.</summary>
    public static IReadOnlyList<string> ClusterLogTypes { get; } = ["api", "audit", "authenticator", "controllerManager", "scheduler"];

    /// <summary>The Kubernetes versions EKS offers in late 2026 (docs/aws-behaviour.md, EKS).</summary>
    public static IReadOnlyList<SandboxKubernetesVersion> KubernetesVersions { get; } =
    [
        new("1.35", "1.35.0", "eks.2", false, Date(2026, 1, 27), Date(2027, 3, 27), Date(2028, 3, 27), "STANDARD_SUPPORT"),
        new("1.34", "1.34.2", "eks.6", true, Date(2025, 10, 2), Date(2026, 12, 2), Date(2027, 12, 2), "STANDARD_SUPPORT"),
        new("1.33", "1.33.6", "eks.12", false, Date(2025, 5, 29), Date(2026, 7, 29), Date(2027, 7, 29), "EXTENDED_SUPPORT"),
    ];

    /// <summary>Authentication modes EKS accepts; CONFIG_MAP when none is given.</summary>
    public static IReadOnlyList<string> AuthenticationModes { get; } = ["API", "API_AND_CONFIG_MAP", "CONFIG_MAP"];

    /// <summary>The node pools EKS Auto Mode offers built in.</summary>
    public static IReadOnlyList<string> AutoModeNodePools { get; } = ["general-purpose", "system"];

    public SandboxCluster CreateCluster(string region, SandboxClusterRequest request) => Mutate(now =>
    {
        var tokenKey = request.ClientRequestToken is null ? null : $"{region}|CreateCluster|{request.ClientRequestToken}";
        var fingerprint = string.Join('|', request.Name, request.Version, request.RoleArn, string.Join(',', request.SubnetIds));
        if (tokenKey is not null && _clientTokens.TryGetValue(tokenKey, out var token) && token.Fingerprint == fingerprint)
        {
            // The cluster this token made, or its original result when that cluster is gone (a day long).
            if (_clusters.TryGetValue(ClusterKey(region, token.ResourceId), out var known)
                && (token.Cluster is null || known.CreatedAt == token.Cluster.CreatedAt))
            {
                return known;
            }

            if (token.Cluster is { } original)
            {
                return original;
            }
        }

        var name = request.Name;
        if (name is null || !ClusterNamePattern().IsMatch(name))
        {
            throw EksError("InvalidParameterException", $"The cluster name '{name}' is invalid: 1-100 characters, letters, digits, '-' and '_', starting with a letter or digit.");
        }

        if (_clusters.ContainsKey(ClusterKey(region, name)))
        {
            throw EksError("ResourceInUseException", $"Cluster already exists with name: {name}", HttpStatusCode.Conflict);
        }

        var version = request.Version ?? KubernetesVersions.Single(v => v.IsDefault).Version;
        var offered = KubernetesVersions.FirstOrDefault(v => v.Version == version)
            ?? throw EksError("InvalidParameterException", $"unsupported Kubernetes version {version}");

        var role = _roles.Values.FirstOrDefault(r => r.Arn == request.RoleArn);
        if (role is null || now < role.CreatedAt + Timings.RolePropagation
            || !role.AssumeRolePolicyDocument.Contains("eks.amazonaws.com", StringComparison.Ordinal))
        {
            throw EksError(
                "InvalidParameterException",
                $"Role with arn: {request.RoleArn}, could not be assumed because it does not exist or the trusted entity is not correct");
        }

        var subnets = request.SubnetIds.Distinct(StringComparer.Ordinal).Select(id =>
            _subnets.TryGetValue(id, out var subnet) && subnet.Region == region
                ? subnet
                : throw EksError("InvalidParameterException", $"The subnet ID '{id}' does not exist")).ToList();
        if (subnets.Select(s => s.AvailabilityZone).Distinct().Count() < 2)
        {
            throw EksError("InvalidParameterException", "Subnets specified must be in at least two different AZs");
        }

        if (subnets.Select(s => s.VpcId).Distinct().Count() > 1)
        {
            throw EksError("InvalidParameterException", "Subnets must all belong to the same VPC");
        }

        if (request.EnabledLogTypes.FirstOrDefault(t => !ClusterLogTypes.Contains(t)) is { } badType)
        {
            throw EksError("InvalidParameterException", $"Unknown logging type {badType}; valid types are {string.Join(", ", ClusterLogTypes)}");
        }

        var endpointPublic = request.EndpointPublicAccess ?? true;
        var endpointPrivate = request.EndpointPrivateAccess ?? false;
        if (!endpointPublic && !endpointPrivate)
        {
            throw EksError("InvalidParameterException", "Either endpointPublicAccess or endpointPrivateAccess must be true");
        }

        var authenticationMode = request.AuthenticationMode ?? "CONFIG_MAP";
        if (!AuthenticationModes.Contains(authenticationMode))
        {
            throw EksError("InvalidParameterException", $"Unsupported authenticationMode '{authenticationMode}'; valid values are {string.Join(", ", AuthenticationModes)}");
        }

        var supportType = request.SupportType ?? "EXTENDED";
        if (supportType is not ("STANDARD" or "EXTENDED"))
        {
            throw EksError("InvalidParameterException", $"Unsupported upgradePolicy.supportType '{supportType}'; valid values are STANDARD, EXTENDED");
        }

        var autoMode = AutoModeOf(request, authenticationMode);
        var hostId = NewId(string.Empty, 32).ToUpperInvariant();
        var cluster = new SandboxCluster(
            name,
            region,
            $"arn:aws:eks:{region}:{AccountId}:cluster/{name}",
            offered.Version,
            offered.PlatformVersion,
            role.Arn,
            subnets[0].VpcId,
            [.. subnets.Select(s => s.Id)],
            request.SecurityGroupIds,
            NewId("sg-"),
            endpointPublic,
            endpointPrivate,
            request.PublicAccessCidrs is { Count: > 0 } cidrs ? cidrs : ["0.0.0.0/0"],
            [.. request.EnabledLogTypes.Distinct(StringComparer.Ordinal)],
            $"https://{hostId}.gr7.{region}.eks.amazonaws.com",
            Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes($"-----BEGIN CERTIFICATE-----\nsandbox-{hostId}\n-----END CERTIFICATE-----\n")),
            $"https://oidc.eks.{region}.amazonaws.com/id/{hostId}",
            request.ClientRequestToken,
            now,
            null,
            request.Tags,
            authenticationMode,
            request.BootstrapClusterCreatorAdminPermissions ?? true,
            request.BootstrapSelfManagedAddons ?? true,
            autoMode,
            autoMode ? request.NodePools ?? [] : [],
            autoMode ? request.ComputeNodeRoleArn : null,
            request.DeletionProtection ?? false,
            supportType,
            PendingUntil: Options.ClusterPendingPhase > TimeSpan.Zero
                ? now + TimeSpan.FromTicks(Math.Min((Options.ClusterPendingPhase / Options.TimeScale).Ticks, Timings.ClusterCreate.Ticks))
                : null);
        if (Faults.DrawEndState("CreateCluster") is { EndState: "FAILED" } ending)
        {
            cluster = cluster with { FailureCode = ending.Code, FailureMessage = ending.EffectiveMessage };
        }

        _clusters[ClusterKey(region, name)] = cluster;
        if (tokenKey is not null)
        {
            _clientTokens[tokenKey] = new SandboxClientToken(tokenKey, fingerprint, name, Cluster: cluster);
        }

        return cluster;
    });

    public SandboxCluster DescribeCluster(string region, string name) => Read(_ => FindCluster(region, name));

    public SandboxCluster DeleteCluster(string region, string name) => Mutate(now =>
    {
        var cluster = FindCluster(region, name);
        if (cluster.IsBeingCreatedAt(now, Timings))
        {
            throw EksError("ResourceInUseException", $"Cluster {name} is currently being created and cannot be deleted.", HttpStatusCode.Conflict);
        }

        if (cluster.DeleteRequestedAt is not null)
        {
            return cluster;
        }

        if (cluster.DeletionProtection)
        {
            throw EksError(
                "InvalidRequestException",
                $"Cluster {name} has deletion protection enabled; turn it off with UpdateClusterConfig (deletionProtection false) before deleting the cluster.");
        }

        if (_nodegroups.Values.Any(n => n.Region == region && n.ClusterName == name))
        {
            throw EksError("ResourceInUseException", $"Cluster has nodegroups attached: delete every node group of cluster {name} before deleting the cluster.", HttpStatusCode.Conflict);
        }

        var deleting = cluster with { DeleteRequestedAt = now };
        _clusters[ClusterKey(region, name)] = deleting;
        return deleting;
    });

    public IReadOnlyList<string> ListClusters(string region) =>
        Read(_ => _clusters.Values.Where(c => c.Region == region).Select(c => c.Name).Order(StringComparer.Ordinal).ToList());

    /// <summary>
    /// EKS Auto Mode is compute, load balancing and block storage switched on together, or none of them;
    /// it needs the access-entry API, and node pools need a node role.
    /// </summary>
    private bool AutoModeOf(SandboxClusterRequest request, string authenticationMode)
    {
        var compute = request.ComputeEnabled ?? false;
        var loadBalancing = request.ElasticLoadBalancingEnabled ?? false;
        var blockStorage = request.BlockStorageEnabled ?? false;
        if (compute != loadBalancing || compute != blockStorage)
        {
            throw EksError(
                "InvalidParameterException",
                "For EKS Auto Mode, computeConfig.enabled, kubernetesNetworkConfig.elasticLoadBalancing.enabled and storageConfig.blockStorage.enabled must all be true or all be false.");
        }

        if (!compute)
        {
            return false;
        }

        if (authenticationMode == "CONFIG_MAP")
        {
            throw EksError("InvalidParameterException", "EKS Auto Mode requires accessConfig.authenticationMode API or API_AND_CONFIG_MAP.");
        }

        var pools = request.NodePools ?? [];
        if (pools.FirstOrDefault(p => !AutoModeNodePools.Contains(p)) is { } badPool)
        {
            throw EksError("InvalidParameterException", $"Unknown node pool '{badPool}'; valid node pools are {string.Join(", ", AutoModeNodePools)}");
        }

        if (pools.Count > 0 && (request.ComputeNodeRoleArn is null || !_roles.Values.Any(r => r.Arn == request.ComputeNodeRoleArn)))
        {
            throw EksError("InvalidParameterException", $"computeConfig.nodeRoleArn '{request.ComputeNodeRoleArn}' must name an existing IAM role when node pools are given.");
        }

        return true;
    }

    private SandboxCluster FindCluster(string region, string name) =>
        _clusters.TryGetValue(ClusterKey(region, name), out var cluster)
            ? cluster
            : throw EksError("ResourceNotFoundException", $"No cluster found for name: {name}.", HttpStatusCode.NotFound);

    private static SandboxException EksError(string code, string message, HttpStatusCode status = HttpStatusCode.BadRequest) => new(code, message, status);

    private static DateTimeOffset Date(int year, int month, int day) => new(year, month, day, 0, 0, 0, TimeSpan.Zero);

    [GeneratedRegex(@"^[0-9A-Za-z][A-Za-z0-9_-]{0,99}$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex ClusterNamePattern();
}

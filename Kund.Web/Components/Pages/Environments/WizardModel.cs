using Kund.Domain.Specs;

namespace Kund.Web.Components.Pages.Environments;

/// <summary>
/// What the new-environment wizard holds while the user moves between steps. Parts of the spec whose
/// step has not been reached yet stay null, so the service's defaults fill them and a draft can be saved
/// as soon as the basics and the VPC are valid.
/// </summary>
public sealed class WizardModel
{
    public const int BasicsStep = 0;
    public const int VpcStep = 1;
    public const int SubnetsStep = 2;
    public const int RoutingStep = 3;
    public const int RoleStep = 4;
    public const int ClusterStep = 5;
    public const int NodesStep = 6;
    public const int ReviewStep = 7;

    /// <summary>The control-plane log types EKS offers.</summary>
    public static readonly IReadOnlyList<string> LogTypes = ["api", "audit", "authenticator", "controllerManager", "scheduler"];

    public Guid? DraftId { get; set; }

    /// <summary>The furthest step the user has reached; later parts of the spec are left to the defaults.</summary>
    public int Reached { get; set; }

    public string Name { get; set; } = "";

    public string Team { get; set; } = "";

    public string Region { get; set; } = "";

    public Purpose Purpose { get; set; } = Purpose.Dev;

    public DateTime? ExpiresOn { get; set; }

    /// <summary>
    /// The stored spec's expiry, to the second: kept as it is while <see cref="ExpiresOn"/> still shows its day, so
    /// that reopening a spec (a change, a draft) does not move an expiry set by the team's policy to midnight.
    /// </summary>
    public DateTimeOffset? RestoredExpiresAt { get; set; }

    /// <summary>A suggestion, so that a draft can be saved from the first step on (it stays unsubmittable until every step is seen).</summary>
    public string VpcCidr { get; set; } = "10.0.0.0/16";

    public Tenancy Tenancy { get; set; } = Tenancy.Default;

    public bool EnableDnsSupport { get; set; } = true;

    public bool EnableDnsHostnames { get; set; } = true;

    public List<SubnetRow> Subnets { get; set; } = [];

    public bool InternetGateway { get; set; } = true;

    public NatGatewayMode NatGateways { get; set; } = NatGatewayMode.Single;

    public bool CreateRole { get; set; } = true;

    public string? RoleName { get; set; }

    public string? ExistingRoleArn { get; set; }

    public bool WithCluster { get; set; } = true;

    public string? ClusterName { get; set; }

    public string KubernetesVersion { get; set; } = "";

    public bool EndpointPublicAccess { get; set; } = true;

    public bool EndpointPrivateAccess { get; set; } = true;

    /// <summary>Comma- or space-separated CIDRs.</summary>
    public string PublicAccessCidrs { get; set; } = SpecDefaults.AnywhereCidr;

    public HashSet<string> Logging { get; set; } = new(StringComparer.Ordinal) { "api", "audit" };

    /// <summary>Empty: the private subnets (the default).</summary>
    public HashSet<string> ClusterSubnets { get; set; } = new(StringComparer.Ordinal);

    public ClusterAuthenticationMode AuthenticationMode { get; set; } = ClusterAuthenticationMode.Api;

    public bool DeletionProtection { get; set; }

    public ClusterSupportType SupportType { get; set; } = ClusterSupportType.Standard;

    /// <summary>The "Nodes and access" step's part of the cluster.</summary>
    public NodesModel Nodes { get; set; } = new();

    public IReadOnlyDictionary<string, string>? Tags { get; set; }

    public IReadOnlyList<string> PublicAccessCidrList() =>
        [.. PublicAccessCidrs.Split([',', ' ', ';', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    /// <summary>The spec as the user has given it so far.</summary>
    public EnvironmentSpec ToSpec() => new()
    {
        Name = Name.Trim(),
        Team = Team,
        Region = Region,
        Purpose = Purpose,
        ExpiresAt = ExpiresOn is not { } day ? null
            : RestoredExpiresAt is { } kept && DayShown(kept) == day.Date ? kept
            : new DateTimeOffset(day.Date.AddDays(1), TimeSpan.Zero),
        Vpc = new VpcSpec { Cidr = VpcCidr.Trim(), Tenancy = Tenancy, EnableDnsSupport = EnableDnsSupport, EnableDnsHostnames = EnableDnsHostnames },
        Subnets = Subnets.Count == 0 ? null : [.. Subnets.Select(s => s.ToSpec())],
        Routing = new RoutingSpec { InternetGateway = InternetGateway, NatGateways = NatGateways },
        ClusterRole = Reached < RoleStep ? null : CreateRole
            ? new ClusterRoleSpec { Create = true, Name = string.IsNullOrWhiteSpace(RoleName) ? null : RoleName.Trim() }
            : new ClusterRoleSpec { Create = false, ExistingArn = ExistingRoleArn?.Trim() },
        Cluster = Reached < ClusterStep || !WithCluster ? null : new ClusterSpec
        {
            Name = string.IsNullOrWhiteSpace(ClusterName) ? null : ClusterName.Trim(),
            KubernetesVersion = KubernetesVersion,
            EndpointPublicAccess = EndpointPublicAccess,
            EndpointPrivateAccess = EndpointPrivateAccess,
            PublicAccessCidrs = EndpointPublicAccess ? PublicAccessCidrList() : null,
            Logging = [.. LogTypes.Where(Logging.Contains)],
            Subnets = ClusterSubnets.Count == 0 ? null : [.. Subnets.Select(s => s.Name).Where(ClusterSubnets.Contains)],
            AuthenticationMode = AuthenticationMode,
            DeletionProtection = DeletionProtection,
            SupportType = SupportType,
            Compute = Reached < NodesStep ? null : Nodes.ToCompute(),
            NodeRole = Reached < NodesStep ? null : Nodes.ToNodeRole(),
            Addons = Reached < NodesStep ? null : Nodes.ToAddons(),
            Access = Reached < NodesStep ? null : Nodes.ToAccess(),
        },
        Tags = Tags,
    };

    /// <summary>A model holding a stored draft's effective spec, for a reload; <paramref name="wizardStep"/> is the furthest step seen.</summary>
    public static WizardModel FromSpec(Guid id, EnvironmentSpec spec, int? wizardStep = null)
    {
        var reached = wizardStep ?? (spec.Cluster is null ? RoleStep : ReviewStep);
        var model = Restore(id, spec, reached);
        // Past the EKS step without a cluster: the person chose network only.
        model.WithCluster = spec.Cluster is not null || reached < ClusterStep;
        return model;
    }

    /// <summary>The day the date picker shows for an expiry: the last whole day before it.</summary>
    private static DateTime DayShown(DateTimeOffset expiresAt) => expiresAt.UtcDateTime.Date.AddDays(-1);

    private static WizardModel Restore(Guid id, EnvironmentSpec spec, int reached) => new()
    {
        DraftId = id,
        Reached = reached,
        Name = spec.Name,
        Team = spec.Team,
        Region = spec.Region,
        Purpose = spec.Purpose,
        ExpiresOn = spec.ExpiresAt is { } expiresAt ? DayShown(expiresAt) : null,
        RestoredExpiresAt = spec.ExpiresAt,
        VpcCidr = spec.Vpc.Cidr,
        Tenancy = spec.Vpc.Tenancy,
        EnableDnsSupport = spec.Vpc.EnableDnsSupport,
        EnableDnsHostnames = spec.Vpc.EnableDnsHostnames,
        Subnets = [.. (spec.Subnets ?? []).Select(SubnetRow.From)],
        InternetGateway = spec.Routing?.InternetGateway ?? true,
        NatGateways = spec.Routing?.NatGateways ?? NatGatewayMode.Single,
        CreateRole = spec.ClusterRole?.Create ?? true,
        RoleName = spec.ClusterRole?.Name,
        ExistingRoleArn = spec.ClusterRole?.ExistingArn,
        WithCluster = true,
        ClusterName = spec.Cluster?.Name,
        KubernetesVersion = spec.Cluster?.KubernetesVersion ?? "",
        EndpointPublicAccess = spec.Cluster?.EndpointPublicAccess ?? true,
        EndpointPrivateAccess = spec.Cluster?.EndpointPrivateAccess ?? true,
        PublicAccessCidrs = string.Join(", ", spec.Cluster?.PublicAccessCidrs ?? [SpecDefaults.AnywhereCidr]),
        Logging = (spec.Cluster?.Logging ?? ["api", "audit"]).ToHashSet(StringComparer.Ordinal),
        ClusterSubnets = (spec.Cluster?.Subnets ?? []).ToHashSet(StringComparer.Ordinal),
        AuthenticationMode = spec.Cluster?.AuthenticationMode ?? ClusterAuthenticationMode.Api,
        DeletionProtection = spec.Cluster?.DeletionProtection ?? false,
        SupportType = spec.Cluster?.SupportType ?? ClusterSupportType.Standard,
        Nodes = NodesModel.From(spec.Cluster),
        Tags = spec.Tags,
    };
}

/// <summary>One editable row of the subnet table.</summary>
public sealed class SubnetRow
{
    public string Name { get; set; } = "";

    public string Cidr { get; set; } = "";

    public string AvailabilityZone { get; set; } = "";

    public SubnetTier Tier { get; set; } = SubnetTier.Private;

    public SubnetSpec ToSpec() => new() { Name = Name.Trim(), Cidr = Cidr.Trim(), AvailabilityZone = AvailabilityZone, Tier = Tier };

    public static SubnetRow From(SubnetSpec s) => new() { Name = s.Name, Cidr = s.Cidr, AvailabilityZone = s.AvailabilityZone, Tier = s.Tier };
}

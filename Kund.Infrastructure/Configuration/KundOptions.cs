using Kund.Infrastructure.Audit;
using Kund.Infrastructure.Aws;
using Kund.Infrastructure.Jobs;
using Kund.Infrastructure.Sandbox;

namespace Kund.Infrastructure.Configuration;

/// <summary>Where Kund's resources go and how people sign in.</summary>
public enum KundMode
{
    /// <summary>The sandbox cloud (an AWS wire-protocol transport) and demo users on loopback.</summary>
    Sandbox,

    /// <summary>Real AWS through the default credential chain, OpenID Connect sign-in.</summary>
    Aws,
}

/// <summary>
/// The <c>Kund</c> configuration section: the one options tree of the infrastructure, bound once
/// (<see cref="KundOptionsRegistration"/>) and validated once at start (<see cref="KundOptionsValidator"/>).
/// </summary>
public sealed class KundOptions
{
    public const string SectionName = "Kund";

    /// <summary><c>Sandbox</c> or <c>Aws</c>. Kept as text so that a wrong value gets a clear message, not a binder exception.</summary>
    public string Mode { get; set; } = nameof(KundMode.Sandbox);

    /// <summary><c>Kund:Sandbox</c>: the sandbox cloud; its <see cref="SandboxOptions.TimeScale"/> also paces the AWS waiters.</summary>
    public SandboxOptions Sandbox { get; set; } = new();

    /// <summary><c>Kund:Aws</c>: the AWS clients; their mode and time scale follow <see cref="Mode"/> and <c>Kund:Sandbox:TimeScale</c>.</summary>
    public AwsOptions Aws { get; set; } = new();

    /// <summary><c>Kund:Audit</c>: the audit chain's key and checkpoint interval.</summary>
    public AuditOptions Audit { get; set; } = new();

    /// <summary><c>Kund:Provisioning</c>: how workers lease and run jobs.</summary>
    public ProvisioningOptions Provisioning { get; set; } = new();

    public HubSettings Hub { get; set; } = new();

    public QuotaSettings Quotas { get; set; } = new();

    /// <summary>The parsed <see cref="Mode"/>; valid once the options have been validated.</summary>
    public KundMode ParsedMode => Enum.Parse<KundMode>(Mode, ignoreCase: true);

    /// <summary>The mode, or null when <see cref="Mode"/> names none (the validator then says so).</summary>
    public KundMode? ModeOrNull() =>
        Enum.TryParse<KundMode>(Mode, ignoreCase: true, out var mode) && !int.TryParse(Mode, out _) ? mode : null;
}

/// <summary>The <c>Kund:Hub</c> section.</summary>
public sealed class HubSettings
{
    /// <summary>
    /// Origins (<c>https://portal.example.com</c>) besides Kund's own whose pages may open the hub with the
    /// session cookie; connections with a bearer token are not limited by origin.
    /// </summary>
    public List<string> AllowedOrigins { get; set; } = [];

    /// <summary>How often open hub connections have their token or session checked again (revoked, expired, signed out).</summary>
    public TimeSpan RecheckInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Whether an event goes in one send to every watcher already caught up (serialised once), the rest each on
    /// their own. False sends it to each watcher on its own; the fan-out benchmark compares the two.
    /// </summary>
    public bool BatchedRelay { get; set; } = true;
}

/// <summary>
/// The <c>Kund:Quotas</c> section: the account's per-region EC2 quotas, shared by every team. Defaults are
/// AWS's (5 VPCs, 5 Elastic IPs per region); an account with raised quotas states them here, per region
/// under <c>Regions:&lt;name&gt;</c>. In Sandbox mode the sandbox cloud's own limits apply.
/// </summary>
public sealed class QuotaSettings
{
    public int Vpcs { get; set; } = 5;

    public int ElasticIps { get; set; } = 5;

    public Dictionary<string, RegionQuotaSettings> Regions { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>One region's quotas; a value left out takes the account-wide one.</summary>
public sealed class RegionQuotaSettings
{
    public int? Vpcs { get; set; }

    public int? ElasticIps { get; set; }
}

using System.Text.Json.Serialization;

namespace Kund.Domain.Drift;

/// <summary>How much a difference between the cloud and Kund's record matters; later members rank higher.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<DriftSeverity>))]
public enum DriftSeverity
{
    /// <summary>Labels for people (a tag, a name): nothing works differently.</summary>
    Cosmetic,

    /// <summary>The environment behaves differently (a resource gone, a route gone, a node group scaled).</summary>
    Functional,

    /// <summary>The environment is more exposed than approved (an endpoint opened, a route to an unknown target, a trust widened).</summary>
    Security,
}

/// <summary>The outcome of the latest check (api.md: <c>GET …/drift</c>).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<DriftCheckStatus>))]
public enum DriftCheckStatus
{
    /// <summary>A check was asked for and has not finished yet.</summary>
    Checking,
    InSync,
    Drifted,

    /// <summary>No check has finished yet, or the last one could not read the cloud (its error says why).</summary>
    Unknown,
}

/// <summary>The environment view's <c>drift</c> field.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<DriftState>))]
public enum DriftState
{
    InSync,
    Drifted,

    /// <summary>Never checked, or the last check could not read the cloud.</summary>
    Unknown,
}

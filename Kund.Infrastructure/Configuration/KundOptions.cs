namespace Kund.Infrastructure.Configuration;

/// <summary>Where Kund's resources go and how people sign in.</summary>
public enum KundMode
{
    /// <summary>The sandbox cloud (an AWS wire-protocol transport) and demo users on loopback.</summary>
    Sandbox,

    /// <summary>Real AWS through the default credential chain, OpenID Connect sign-in.</summary>
    Aws,
}

/// <summary>The <c>Kund</c> configuration section.</summary>
public sealed class KundOptions
{
    public const string SectionName = "Kund";

    /// <summary><c>Sandbox</c> or <c>Aws</c>. Kept as text so that a wrong value gets a clear message, not a binder exception.</summary>
    public string Mode { get; set; } = nameof(KundMode.Sandbox);

    public SandboxSettings Sandbox { get; set; } = new();

    /// <summary>The parsed <see cref="Mode"/>; valid once the options have been validated.</summary>
    public KundMode ParsedMode => Enum.Parse<KundMode>(Mode, ignoreCase: true);
}

/// <summary>The <c>Kund:Sandbox</c> section.</summary>
public sealed class SandboxSettings
{
    /// <summary>Real AWS durations are divided by this (1 = as slow as AWS).</summary>
    public double TimeScale { get; set; } = 1;

    /// <summary>Where the sandbox cloud keeps its resources across restarts; empty keeps them in memory only.</summary>
    public string? StatePath { get; set; }

    /// <summary>Sandbox sign-in is for loopback only, unless this is set.</summary>
    public bool AllowRemote { get; set; }
}

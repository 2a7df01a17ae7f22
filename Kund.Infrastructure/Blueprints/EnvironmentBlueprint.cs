namespace Kund.Infrastructure.Blueprints;

/// <summary>
/// The blueprint version an environment's spec came from, per revision: revision 1 when it was created from one, a
/// later revision when it was moved to a newer version. The environment is on the version of its newest such revision
/// that took effect (revision 1, or a later one once applied).
/// </summary>
public sealed class EnvironmentBlueprint
{
    public Guid EnvironmentId { get; set; }

    public int Revision { get; set; }

    public string Name { get; set; } = "";

    public int Version { get; set; }

    /// <summary>The parameter values the spec was made with, as JSON (jsonb), by parameter name.</summary>
    public string Parameters { get; set; } = "{}";

    public DateTimeOffset CreatedAt { get; set; }
}

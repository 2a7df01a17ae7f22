namespace Kund.Infrastructure.Environments;

/// <summary>
/// A plan as it was shown when someone acted on it (submitted, approved, destroy requested), so the audit
/// history can say exactly what was approved even after the environment changed.
/// </summary>
public sealed class PlanSnapshot
{
    public long Id { get; set; }

    public Guid EnvironmentId { get; set; }

    /// <summary><c>create</c> or <c>destroy</c>.</summary>
    public string Mode { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    public int Add { get; set; }

    public int Change { get; set; }

    public int Destroy { get; set; }

    /// <summary>The plan of api.md as JSON (jsonb).</summary>
    public string Plan { get; set; } = "{}";
}

using Kund.Domain.Environments;
using Kund.Domain.Resources;

namespace Kund.Infrastructure.Environments;

/// <summary>
/// What Kund knows of one node of an environment's graph: its state and the cloud resource behind it.
/// Written by the worker holding the job's lease, one committed transition at a time.
/// </summary>
public sealed class ResourceRecord : ITeamOwned
{
    public Guid EnvironmentId { get; set; }

    /// <summary>The node key (<c>vpc</c>, <c>subnet/public-a</c>).</summary>
    public string Key { get; set; } = "";

    /// <summary>The owning team, kept here so inventory queries filter without a join.</summary>
    public string Team { get; set; } = "";

    public ResourceKind Kind { get; set; }

    public ResourceState State { get; set; }

    public string? CloudId { get; set; }

    public string? Arn { get; set; }

    /// <summary>Outputs beyond the id (association ids, a cluster endpoint) as a JSON object (jsonb).</summary>
    public string Attributes { get; set; } = "{}";

    /// <summary>The cloud's message when <see cref="State"/> is Failed.</summary>
    public string? Error { get; set; }

    public int Attempt { get; set; }

    /// <summary>When the current create or delete started; with <see cref="UpdatedAt"/> it gives the elapsed time.</summary>
    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}

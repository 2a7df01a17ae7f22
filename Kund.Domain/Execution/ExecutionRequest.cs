using Kund.Domain.Planning;

namespace Kund.Domain.Execution;

/// <summary>Which way the executor walks the graph.</summary>
public enum ExecutionMode
{
    /// <summary>Dependencies first: create (or adopt) every node not yet created.</summary>
    Create,

    /// <summary>Dependents first (the reverse graph): delete every node not yet deleted.</summary>
    Destroy,
}

/// <summary>One run of the executor over an environment's graph.</summary>
/// <param name="Recorded">What the database knows per node; nodes absent here are <see cref="Resources.ResourceState.Pending"/>.</param>
/// <param name="Observer">Receives every transition; each call is awaited before anything depends on it, and calls never overlap.</param>
public sealed record ExecutionRequest(
    ResourceGraph Graph,
    ExecutionMode Mode,
    EnvironmentRef Environment,
    IReadOnlyCollection<RecordedResource> Recorded,
    IResourceDriverSet Drivers,
    IExecutionObserver Observer)
{
    public ExecutionOptions Options { get; init; } = ExecutionOptions.Default;

    /// <summary>
    /// For a change run (mode <see cref="ExecutionMode.Create"/> over a <see cref="ChangeGraph"/>): each node's
    /// action of the diff plan; null for a plain create or destroy.
    /// </summary>
    public ChangeSet? Change { get; init; }

    /// <summary>
    /// Asked with the node's key before each node starts (a resumed one too); false means the run was asked
    /// to stop: that node does not start, nor does any after it, while the nodes in progress finish and are
    /// recorded. The result is then <see cref="ExecutionOutcome.Stopped"/>. Null: every node may start.
    /// </summary>
    public Func<string, CancellationToken, ValueTask<bool>>? MayStartAsync { get; init; }
}

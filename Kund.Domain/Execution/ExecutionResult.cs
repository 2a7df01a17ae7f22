using Kund.Domain.Resources;

namespace Kund.Domain.Execution;

public enum ExecutionOutcome
{
    /// <summary>Every node reached its goal state (Created, or Deleted for a destroy).</summary>
    Succeeded,

    /// <summary>At least one node failed; its descendants were not started, everything else ran to completion.</summary>
    Failed,

    /// <summary>
    /// The run was asked to stop (<see cref="ExecutionRequest.MayStartAsync"/>): some nodes never started;
    /// the failures of nodes that failed before are listed all the same.
    /// </summary>
    Stopped,
}

/// <summary>How a run ended, node by node.</summary>
/// <param name="Nodes">Every node of the graph by key, including the ones this run did not touch.</param>
/// <param name="Outputs">The cloud resource of every node that ends Created.</param>
public sealed record ExecutionResult(
    ExecutionMode Mode,
    ExecutionOutcome Outcome,
    IReadOnlyDictionary<string, NodeResult> Nodes,
    IReadOnlyDictionary<string, CloudResource> Outputs,
    IReadOnlyList<NodeFailure> Failures,
    DateTimeOffset StartedAt,
    DateTimeOffset FinishedAt)
{
    public bool Succeeded => Outcome == ExecutionOutcome.Succeeded;

    public TimeSpan Duration => FinishedAt - StartedAt;
}

/// <summary>One node at the end of a run.</summary>
/// <param name="Attempts">Driver calls made for this node by this run, retries included.</param>
/// <param name="StartedAt">When this run started working on the node; null when it did not.</param>
public sealed record NodeResult(
    string Key,
    ResourceKind Kind,
    ResourceState State,
    CloudResource? Resource,
    int Attempts,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt);

/// <summary>A node that failed: the cloud's error code and message.</summary>
public sealed record NodeFailure(string Key, string Code, string Message);

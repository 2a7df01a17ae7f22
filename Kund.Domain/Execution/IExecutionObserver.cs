using Kund.Domain.Planning;
using Kund.Domain.Resources;

namespace Kund.Domain.Execution;

/// <summary>
/// The executor reports every node transition here and awaits it before anything that depends on the
/// transition starts, so a durable observer (the database) always knows at least what the cloud has.
/// Calls never overlap.
/// </summary>
public interface IExecutionObserver
{
    ValueTask OnTransitionAsync(NodeTransition transition, CancellationToken cancellationToken);

    /// <summary>
    /// Transitions of different nodes that arrived together, in order; the executor awaits all of them at once.
    /// A durable observer may record them in one commit; by default they are handed on one at a time.
    /// </summary>
    async ValueTask OnTransitionsAsync(IReadOnlyList<NodeTransition> transitions, CancellationToken cancellationToken)
    {
        foreach (var transition in transitions)
        {
            await OnTransitionAsync(transition, cancellationToken);
        }
    }
}

/// <summary>One node moved to <paramref name="State"/>.</summary>
/// <param name="Resource">The cloud resource once known (after create or adoption).</param>
/// <param name="Message">A short human-readable line for the event log.</param>
/// <param name="Error">The cloud's message when <paramref name="State"/> is <see cref="ResourceState.Failed"/>.</param>
/// <param name="Attempt">1 for the node's first try in this run, one more for every retry (a retry is reported in the current state).</param>
public sealed record NodeTransition(
    string Key,
    ResourceKind Kind,
    ResourceState State,
    CloudResource? Resource,
    string Message,
    string? Error,
    int Attempt,
    DateTimeOffset At)
{
    /// <summary>In a change run, on the node's last transition: what the change did to it (created, updated, replaced, deleted).</summary>
    public PlanAction? Applied { get; init; }
}

/// <summary>What the database recorded for a node; the executor resumes from it.</summary>
public sealed record RecordedResource(string Key, ResourceState State, CloudResource? Resource);

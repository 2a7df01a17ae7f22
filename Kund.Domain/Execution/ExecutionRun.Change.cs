using Kund.Domain.Planning;
using Kund.Domain.Resources;

namespace Kund.Domain.Execution;

/// <summary>
/// The per-node dispatch of a change run (<see cref="ExecutionRequest.Change"/>): each node does its diff plan
/// action, in the order of the <see cref="ChangeGraph"/> — create, update in place with the applied shape,
/// replace (the old resource deleted, then the new one created), delete, or nothing. Generic over the graph:
/// a new kind of node needs only its driver.
/// </summary>
internal sealed partial class ExecutionRun
{
    private Task<bool> ChangeAsync(int index, ChangeSet change) => change.ActionOf(_graph.NodeAt(index).Key) switch
    {
        PlanAction.Noop => Task.FromResult(true),
        PlanAction.Create => CreateAfterInterruptedReplaceAsync(index),
        PlanAction.Update => UpdateAsync(index, change),
        PlanAction.Replace => ReplaceAsync(index),
        PlanAction.Delete => DestroyAsync(index),
    };

    /// <summary>Done for this change: nothing to do, or recorded as finished by an earlier run of it.</summary>
    private bool IsChanged(int index, ChangeSet change)
    {
        var progress = _progress[index];
        return change.ActionOf(_graph.NodeAt(index).Key) switch
        {
            PlanAction.Noop => true,
            // A resource made again (missing in the cloud) was recorded as created before the run: done once this change marked it.
            PlanAction.Create => progress is { State: ResourceState.Created, Resource: not null }
                && (progress.Recorded is not { State: ResourceState.Created } || change.IsMarked(progress.Resource)),
            PlanAction.Update or PlanAction.Replace => progress.State == ResourceState.Created && change.IsMarked(progress.Resource),
            PlanAction.Delete => progress.State == ResourceState.Deleted,
        };
    }

    /// <summary>
    /// A create; when a replacement was cut off while its old resource was being deleted (the plan then says
    /// create), that delete is finished first, so the old resource is never adopted as the new one.
    /// </summary>
    private async Task<bool> CreateAfterInterruptedReplaceAsync(int index)
    {
        if (_progress[index].Recorded is { State: ResourceState.Deleting, Resource: not null } && !await DestroyAsync(index))
        {
            return false;
        }

        return await CreateAsync(index);
    }

    /// <summary>Delete, then create: the resource's key stays, its cloud id changes.</summary>
    private async Task<bool> ReplaceAsync(int index) => await DestroyAsync(index) && await CreateAsync(index);

    private async Task<bool> UpdateAsync(int index, ChangeSet change)
    {
        var node = _graph.NodeAt(index);
        var progress = _progress[index];
        var resource = progress.Resource ?? progress.Recorded?.Resource
            ?? throw new InvalidOperationException($"Node '{node.Key}' is to be updated in place but nothing is recorded for it.");
        var applied = change.Applied.TryGetValue(node.Key, out var shape)
            ? shape
            : throw new InvalidOperationException($"Node '{node.Key}' is to be updated in place but its applied shape is unknown.");
        var driver = _request.Drivers.For(node.Kind);
        var context = ContextFor(index);

        // Reported as it stands (Created, unmarked): a crash during the update leaves it to be updated again.
        await ReportAsync(index, ResourceState.Created, resource, $"Updating {node.Kind} {node.Key} in place ({resource.CloudId}).");
        var updated = await CallAsync(index, token => driver.UpdateAsync(context, resource, applied, token));
        if (!updated.Succeeded)
        {
            return false;
        }

        await ReportAsync(index, ResourceState.Created, change.Mark(updated.Value), $"Updated {node.Key} in place ({updated.Value.CloudId}).");
        return true;
    }

    /// <summary>In a change run, a created resource carries the revision's mark.</summary>
    private CloudResource Finished(CloudResource resource) => _request.Change is { } change ? change.Mark(resource) : resource;

    /// <summary>What the change did to the node, on its last transition; null before it, or outside a change run.</summary>
    private PlanAction? AppliedBy(string key, ResourceState state, CloudResource? resource)
    {
        if (_request.Change is not { } change)
        {
            return null;
        }

        var action = change.ActionOf(key);
        return state switch
        {
            ResourceState.Created when change.IsMarked(resource) => action,
            ResourceState.Deleted when action == PlanAction.Delete => action,
            _ => null,
        };
    }
}

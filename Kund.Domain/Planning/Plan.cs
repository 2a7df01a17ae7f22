using System.Text.Json.Serialization;
using Kund.Domain.Resources;

namespace Kund.Domain.Planning;

/// <summary>
/// What Kund will do to an environment, in the shape of the API's <c>GET /api/environments/{id}/plan</c>:
/// one action per node, the critical path, a terraform-like text and a Graphviz picture.
/// </summary>
/// <param name="CriticalPath">Keys of the nodes with work to do on the longest path by expected duration, in execution order.</param>
/// <param name="Text">Reads like a terraform plan; its last line is <c>Plan: N to add, N to change, N to destroy.</c></param>
/// <param name="Dot">Graphviz DOT: arrows in execution order, nodes styled by action, critical-path edges bold.</param>
public sealed record Plan(
    PlanSummary Summary,
    IReadOnlyList<PlannedAction> Actions,
    IReadOnlyList<string> CriticalPath,
    string Text,
    string Dot)
{
    /// <summary>How long the plan should take with unlimited parallelism: the critical path's length by the latency model.</summary>
    public TimeSpan EstimatedMakespan { get; init; }
}

public sealed record PlanSummary(int Add, int Change, int Destroy);

/// <summary>One node of the plan.</summary>
/// <param name="DependsOn">Keys that must be done before this one: dependencies for a create, former dependents for a destroy.</param>
/// <param name="Reason">Why this action, in a few words ("already created (vpc-0a1b)").</param>
public sealed record PlannedAction(string Key, ResourceKind Kind, PlanAction Action, IReadOnlyList<string> DependsOn, string Reason)
{
    /// <summary>For <see cref="PlanAction.Update"/> and <see cref="PlanAction.Replace"/>: what changes, attribute by attribute.</summary>
    public IReadOnlyList<PlannedChange> Changes { get; init; } = [];

    /// <summary>
    /// For <see cref="PlanAction.Create"/>: the resource was made before and is missing in the cloud (a reconcile
    /// puts it back), so it gets a new id and whatever refers to it by id changes with it.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool Recreates { get; init; }
}

/// <summary>One attribute of a resource a change plan alters; <paramref name="ForcesReplacement"/> when AWS cannot change it in place.</summary>
public sealed record PlannedChange(string Attribute, string? Before, string? After, bool ForcesReplacement);

[JsonConverter(typeof(JsonStringEnumConverter<PlanAction>))]
public enum PlanAction
{
    [JsonStringEnumMemberName("create")] Create,
    [JsonStringEnumMemberName("update")] Update,

    /// <summary>Destroy and create again, because an attribute AWS cannot change in place changed.</summary>
    [JsonStringEnumMemberName("replace")] Replace,
    [JsonStringEnumMemberName("delete")] Delete,
    [JsonStringEnumMemberName("noop")] Noop,
}

using System.Collections.Frozen;

namespace Kund.Domain.Environments;

/// <summary>
/// The state machine as data: which action is allowed in which status and where it leads. The aggregate
/// guards every transition with it; the UI can ask it which buttons to show.
/// </summary>
public static class EnvironmentTransitions
{
    private static readonly FrozenDictionary<(EnvironmentStatus From, EnvironmentAction Action), EnvironmentStatus> Table =
        new Dictionary<(EnvironmentStatus, EnvironmentAction), EnvironmentStatus>
        {
            [(EnvironmentStatus.Draft, EnvironmentAction.UpdateSpec)] = EnvironmentStatus.Draft,
            [(EnvironmentStatus.Draft, EnvironmentAction.Submit)] = EnvironmentStatus.PendingApproval,
            [(EnvironmentStatus.Draft, EnvironmentAction.Cancel)] = EnvironmentStatus.Cancelled,
            [(EnvironmentStatus.Rejected, EnvironmentAction.Revise)] = EnvironmentStatus.Draft,
            [(EnvironmentStatus.PendingApproval, EnvironmentAction.Approve)] = EnvironmentStatus.Approved,
            [(EnvironmentStatus.PendingApproval, EnvironmentAction.Reject)] = EnvironmentStatus.Rejected,
            [(EnvironmentStatus.PendingApproval, EnvironmentAction.Cancel)] = EnvironmentStatus.Cancelled,
            [(EnvironmentStatus.Approved, EnvironmentAction.StartProvisioning)] = EnvironmentStatus.Provisioning,
            [(EnvironmentStatus.Provisioning, EnvironmentAction.MarkReady)] = EnvironmentStatus.Ready,
            [(EnvironmentStatus.Provisioning, EnvironmentAction.MarkFailed)] = EnvironmentStatus.Failed,
            [(EnvironmentStatus.Ready, EnvironmentAction.StartDestroy)] = EnvironmentStatus.Destroying,
            [(EnvironmentStatus.Ready, EnvironmentAction.ApproveDestroy)] = EnvironmentStatus.Destroying,
            [(EnvironmentStatus.Ready, EnvironmentAction.RejectDestroy)] = EnvironmentStatus.Ready,
            [(EnvironmentStatus.Ready, EnvironmentAction.WithdrawDestroy)] = EnvironmentStatus.Ready,
            [(EnvironmentStatus.Failed, EnvironmentAction.StartProvisioning)] = EnvironmentStatus.Provisioning,
            [(EnvironmentStatus.Failed, EnvironmentAction.StartDestroy)] = EnvironmentStatus.Destroying,
            [(EnvironmentStatus.Failed, EnvironmentAction.ApproveDestroy)] = EnvironmentStatus.Destroying,
            [(EnvironmentStatus.Failed, EnvironmentAction.RejectDestroy)] = EnvironmentStatus.Failed,
            [(EnvironmentStatus.Failed, EnvironmentAction.WithdrawDestroy)] = EnvironmentStatus.Failed,
            [(EnvironmentStatus.Destroying, EnvironmentAction.MarkDestroyed)] = EnvironmentStatus.Destroyed,
            [(EnvironmentStatus.Destroying, EnvironmentAction.MarkFailed)] = EnvironmentStatus.Failed,
            [(EnvironmentStatus.Ready, EnvironmentAction.HandOver)] = EnvironmentStatus.HandedOver,
            [(EnvironmentStatus.Ready, EnvironmentAction.StartChange)] = EnvironmentStatus.Updating,
            [(EnvironmentStatus.Failed, EnvironmentAction.StartChange)] = EnvironmentStatus.Updating,
            [(EnvironmentStatus.Updating, EnvironmentAction.MarkReady)] = EnvironmentStatus.Ready,
            [(EnvironmentStatus.Updating, EnvironmentAction.MarkFailed)] = EnvironmentStatus.Failed,
            [(EnvironmentStatus.Provisioning, EnvironmentAction.Stop)] = EnvironmentStatus.Provisioning,
            [(EnvironmentStatus.Updating, EnvironmentAction.Stop)] = EnvironmentStatus.Updating,
        }.ToFrozenDictionary();

    /// <summary>The actions allowed in <paramref name="from"/>, in declaration order. Empty for the end states (Cancelled, Destroyed).</summary>
    public static IReadOnlyList<EnvironmentAction> Allowed(EnvironmentStatus from) =>
        [.. Enum.GetValues<EnvironmentAction>().Where(action => Table.ContainsKey((from, action)))];

    /// <summary>The statuses in which <paramref name="action"/> is allowed.</summary>
    public static IReadOnlyList<EnvironmentStatus> AllowedFrom(EnvironmentAction action) =>
        [.. Enum.GetValues<EnvironmentStatus>().Where(status => Table.ContainsKey((status, action)))];

    public static bool IsAllowed(EnvironmentStatus from, EnvironmentAction action) => Table.ContainsKey((from, action));

    /// <summary>Where <paramref name="action"/> leads from <paramref name="from"/>; false when it is not allowed there.</summary>
    public static bool TryGetTarget(EnvironmentStatus from, EnvironmentAction action, out EnvironmentStatus to) =>
        Table.TryGetValue((from, action), out to);
}

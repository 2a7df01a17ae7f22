using Kund.Domain.Environments;
using Kund.Domain.Resources;
using Kund.Infrastructure.Environments;
using MudBlazor;

namespace Kund.Web.Components.Shared;

/// <summary>
/// The actions of <see cref="EnvironmentView.AllowedActions"/>: how each is labelled, confirmed and run.
/// Shared by the environment page and the approvals queue. A request and its destroy twin (approve and
/// approve-destroy, reject and reject-destroy, cancel and withdraw-destroy) look alike to a person.
/// </summary>
public static class EnvironmentActions
{
    /// <summary>The API's word for the action (<c>approve</c>, <c>destroy</c>…), used in test ids.</summary>
    public static string Name(EnvironmentAction action) => AllowedActionsJsonConverter.ApiName(action);

    public static string Label(EnvironmentAction action) => action switch
    {
        EnvironmentAction.UpdateSpec => "Edit draft",
        EnvironmentAction.Revise => "Revise request",
        EnvironmentAction.Submit => "Submit",
        EnvironmentAction.Cancel => "Cancel request",
        EnvironmentAction.WithdrawDestroy => "Withdraw destroy",
        EnvironmentAction.Approve or EnvironmentAction.ApproveDestroy => "Approve",
        EnvironmentAction.Reject or EnvironmentAction.RejectDestroy => "Reject",
        EnvironmentAction.StartProvisioning => "Retry",
        EnvironmentAction.StartDestroy => "Destroy",
        EnvironmentAction.HandOver => "Hand over to Terraform",
        EnvironmentAction.Stop => "Stop",
        EnvironmentAction.MarkReady or EnvironmentAction.MarkFailed or EnvironmentAction.MarkDestroyed or EnvironmentAction.StartChange => action.ToString(),
    };

    public static Color Colour(EnvironmentAction action) => action switch
    {
        EnvironmentAction.Approve or EnvironmentAction.ApproveDestroy or EnvironmentAction.Submit => Color.Success,
        EnvironmentAction.StartDestroy or EnvironmentAction.Reject or EnvironmentAction.RejectDestroy or EnvironmentAction.Stop => Color.Error,
        EnvironmentAction.StartProvisioning => Color.Warning,
        EnvironmentAction.HandOver or EnvironmentAction.UpdateSpec or EnvironmentAction.Revise or EnvironmentAction.Cancel or EnvironmentAction.WithdrawDestroy or EnvironmentAction.MarkReady
            or EnvironmentAction.MarkFailed or EnvironmentAction.MarkDestroyed or EnvironmentAction.StartChange => Color.Primary,
    };

    /// <summary>Whether the button is drawn outlined (the actions that stop or undo something).</summary>
    public static bool IsOutlined(EnvironmentAction action) =>
        action is EnvironmentAction.HandOver or EnvironmentAction.StartDestroy or EnvironmentAction.Reject or EnvironmentAction.RejectDestroy or EnvironmentAction.Cancel or EnvironmentAction.WithdrawDestroy or EnvironmentAction.Stop;

    /// <summary>
    /// Asks the user to confirm; what they confirmed (the comment, empty when none) or null when they backed out.
    /// Destroying a cluster with deletion protection on says so and asks for a tick to turn it off first.
    /// </summary>
    public static async Task<Confirmation?> ConfirmAsync(IDialogService dialogs, EnvironmentView view, EnvironmentAction action)
    {
        if (action == EnvironmentAction.StartDestroy)
        {
            return await ConfirmDestroyAsync(dialogs, view);
        }

        var comment = await AskAsync(dialogs, view, action);
        return comment is null ? null : new Confirmation(comment, Acknowledged: false);
    }

    /// <summary>The fact and the tick a destroy of a protected cluster asks for; null when the cluster is not protected.</summary>
    public static ConfirmAcknowledgement? DeletionProtection(EnvironmentView view) =>
        view.Spec.Cluster is { DeletionProtection: true, Name: var cluster }
            ? new ConfirmAcknowledgement(
                $"{cluster} has deletion protection on; destroying turns it off first.",
                $"Turn deletion protection off on {cluster} and destroy it")
            : null;

    private static Task<Confirmation?> ConfirmDestroyAsync(IDialogService dialogs, EnvironmentView view)
    {
        var existing = Existing(view);
        return ConfirmDialog.ConfirmAsync(dialogs, $"Destroy {view.Name}?",
            view.Spec.Purpose == Domain.Specs.Purpose.Prod
                ? $"{view.Name} is a prod environment: an approver has to agree first. Then these {existing.Count} resources will be deleted in the cloud:"
                : $"These {existing.Count} resources of {view.Name} will be deleted in the cloud. This cannot be undone:",
            "Destroy", Color.Error, existing, acknowledgement: DeletionProtection(view));
    }

    private static List<string> Existing(EnvironmentView view) =>
        [.. view.Resources.Where(r => r.State is not (ResourceState.Pending or ResourceState.Deleted)).Select(r => $"{r.Key} ({r.Kind}{(r.CloudId is null ? "" : ", " + r.CloudId)})")];

    private static Task<string?> AskAsync(IDialogService dialogs, EnvironmentView view, EnvironmentAction action)
    {
        var existing = Existing(view);
        return action switch
        {
            EnvironmentAction.Approve => ConfirmDialog.AskAsync(dialogs, $"Approve {view.Name}?",
                $"Kund will create {view.Name} for {view.Team} ({view.RequestedBy}).", "Approve", Color.Success, askComment: true),
            EnvironmentAction.ApproveDestroy => ConfirmDialog.AskAsync(dialogs, $"Approve {view.Name}?",
                $"Approve destroying {view.Name} and these resources:", "Approve", Color.Success, existing, askComment: true),
            EnvironmentAction.Reject => ConfirmDialog.AskAsync(dialogs, $"Reject {view.Name}?", "Say why, so the requester can fix it.", "Reject", Color.Error, requireComment: true),
            EnvironmentAction.RejectDestroy => ConfirmDialog.AskAsync(dialogs, $"Reject destroying {view.Name}?",
                $"{view.Name} stays as it is. Say why, so the team knows.", "Reject", Color.Error, requireComment: true),
            EnvironmentAction.Cancel => ConfirmDialog.AskAsync(dialogs, $"Cancel {view.Name}?", "The request is withdrawn; nothing was created in the cloud.", "Cancel request", Color.Warning),
            EnvironmentAction.WithdrawDestroy => ConfirmDialog.AskAsync(dialogs, $"Withdraw the destroy of {view.Name}?", $"{view.Name} stays as it is; nothing is deleted.", "Withdraw destroy", Color.Warning),
            EnvironmentAction.Stop => ConfirmDialog.AskAsync(dialogs, $"Stop {view.Name}?",
                $"No new resource starts; those in progress finish and are recorded. {view.Name} then ends Failed, to be retried or destroyed. These {existing.Count} resources exist so far and stay until then:",
                "Stop", Color.Error, existing),
            EnvironmentAction.StartProvisioning => ConfirmDialog.AskAsync(dialogs, $"Retry {view.Name}?", "Kund resumes from what exists; resources already created are kept.", "Retry", Color.Warning),
            EnvironmentAction.Submit => ConfirmDialog.AskAsync(dialogs, $"Submit {view.Name}?", "An approver will review the plan and its cost.", "Submit", Color.Success),
            EnvironmentAction.HandOver => ConfirmDialog.AskAsync(dialogs, $"Hand {view.Name} over to Terraform?",
                $"Import the Terraform export first. From now on {view.Name} is managed elsewhere: Kund stops its expiry, never destroys it, and keeps its history.",
                "Hand over", Color.Warning),
            EnvironmentAction.StartDestroy or EnvironmentAction.UpdateSpec or EnvironmentAction.Revise or EnvironmentAction.MarkReady or EnvironmentAction.MarkFailed or EnvironmentAction.MarkDestroyed or EnvironmentAction.StartChange => Task.FromResult<string?>(""),
        };
    }

    /// <summary>
    /// Runs a confirmed action. A destroy turns deletion protection off first only when the person ticked it;
    /// unticked, a protected cluster's destroy is refused, saying how to lift it.
    /// </summary>
    public static Task RunAsync(KundServices kund, Guid id, EnvironmentAction action, Confirmation confirmation) =>
        RunAsync(kund, id, action, confirmation.Comment, confirmation.Acknowledged);

    private static Task RunAsync(KundServices kund, Guid id, EnvironmentAction action, string? comment, bool acknowledged) => action switch
    {
        EnvironmentAction.Submit => kund.CommandAsync((s, c) => s.SubmitAsync(c, id, CancellationToken.None)),
        EnvironmentAction.Cancel or EnvironmentAction.WithdrawDestroy or EnvironmentAction.Stop => kund.CommandAsync((s, c) => s.CancelAsync(c, id, CancellationToken.None)),
        EnvironmentAction.Approve or EnvironmentAction.ApproveDestroy => kund.CommandAsync((s, c) => s.ApproveAsync(c, id, string.IsNullOrWhiteSpace(comment) ? null : comment, CancellationToken.None)),
        EnvironmentAction.Reject or EnvironmentAction.RejectDestroy => kund.CommandAsync((s, c) => s.RejectAsync(c, id, string.IsNullOrWhiteSpace(comment) ? null : comment, CancellationToken.None)),
        EnvironmentAction.StartProvisioning => kund.CommandAsync((s, c) => s.RetryAsync(c, id, CancellationToken.None)),
        EnvironmentAction.StartDestroy => kund.CommandAsync((s, c) => s.DestroyAsync(c, id, turnOffDeletionProtection: acknowledged, CancellationToken.None)),
        EnvironmentAction.HandOver => kund.CommandAsync((s, c) => s.HandOverAsync(c, id, CancellationToken.None)),
        EnvironmentAction.UpdateSpec or EnvironmentAction.Revise or EnvironmentAction.MarkReady or EnvironmentAction.MarkFailed or EnvironmentAction.MarkDestroyed or EnvironmentAction.StartChange => Task.CompletedTask,
    };

    public static string Done(EnvironmentAction action) => action switch
    {
        EnvironmentAction.Submit => "Submitted for approval.",
        EnvironmentAction.Cancel => "Request cancelled.",
        EnvironmentAction.WithdrawDestroy => "Destroy withdrawn.",
        EnvironmentAction.Approve or EnvironmentAction.ApproveDestroy => "Approved.",
        EnvironmentAction.Reject or EnvironmentAction.RejectDestroy => "Rejected.",
        EnvironmentAction.StartProvisioning => "Retrying.",
        EnvironmentAction.StartDestroy => "Destroy requested.",
        EnvironmentAction.HandOver => "Handed over to Terraform.",
        EnvironmentAction.Stop => "Stop requested: no new resource starts.",
        EnvironmentAction.UpdateSpec or EnvironmentAction.Revise or EnvironmentAction.MarkReady or EnvironmentAction.MarkFailed or EnvironmentAction.MarkDestroyed or EnvironmentAction.StartChange => "Done.",
    };
}

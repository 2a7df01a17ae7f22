using Kund.Domain.Resources;
using Kund.Infrastructure.Environments;
using MudBlazor;

namespace Kund.Web.Components.Shared;

/// <summary>
/// The actions of <see cref="EnvironmentView.AllowedActions"/>: how each is labelled, confirmed and run.
/// Shared by the environment page and the approvals queue.
/// </summary>
public static class EnvironmentActions
{
    public static string Label(string action) => action switch
    {
        "edit" => "Edit draft",
        "submit" => "Submit",
        "cancel" => "Cancel request",
        "approve" => "Approve",
        "reject" => "Reject",
        "retry" => "Retry",
        "destroy" => "Destroy",
        _ => action,
    };

    public static Color Colour(string action) => action switch
    {
        "approve" or "submit" => Color.Success,
        "destroy" or "reject" => Color.Error,
        "retry" => Color.Warning,
        _ => Color.Primary,
    };

    /// <summary>Asks the user to confirm; the comment (empty when none) or null when they backed out.</summary>
    public static Task<string?> ConfirmAsync(IDialogService dialogs, EnvironmentView view, string action)
    {
        var existing = view.Resources.Where(r => r.State is not (ResourceState.Pending or ResourceState.Deleted)).Select(r => $"{r.Key} ({r.Kind}{(r.CloudId is null ? "" : ", " + r.CloudId)})").ToList();
        return action switch
        {
            "destroy" => ConfirmDialog.AskAsync(dialogs, $"Destroy {view.Name}?",
                view.Spec.Purpose == Domain.Specs.Purpose.Prod
                    ? $"{view.Name} is a prod environment: an approver has to agree first. Then these {existing.Count} resources will be deleted in the cloud:"
                    : $"These {existing.Count} resources of {view.Name} will be deleted in the cloud. This cannot be undone:",
                "Destroy", Color.Error, existing),
            "approve" => ConfirmDialog.AskAsync(dialogs, $"Approve {view.Name}?",
                view.DestroyAwaitingApproval ? $"Approve destroying {view.Name} and these resources:" : $"Kund will create {view.Name} for {view.Team} ({view.RequestedBy}).",
                "Approve", Color.Success, view.DestroyAwaitingApproval ? existing : null, askComment: true),
            "reject" => ConfirmDialog.AskAsync(dialogs, $"Reject {view.Name}?", "Say why, so the requester can fix it.", "Reject", Color.Error, askComment: true),
            "cancel" => ConfirmDialog.AskAsync(dialogs, $"Cancel {view.Name}?", "The request is withdrawn; nothing was created in the cloud.", "Cancel request", Color.Warning),
            "retry" => ConfirmDialog.AskAsync(dialogs, $"Retry {view.Name}?", "Kund resumes from what exists; resources already created are kept.", "Retry", Color.Warning),
            "submit" => ConfirmDialog.AskAsync(dialogs, $"Submit {view.Name}?", "An approver will review the plan and its cost.", "Submit", Color.Success),
            _ => Task.FromResult<string?>(""),
        };
    }

    /// <summary>Runs a confirmed action.</summary>
    public static Task RunAsync(KundServices kund, Guid id, string action, string? comment) => action switch
    {
        "submit" => kund.CommandAsync((s, c) => s.SubmitAsync(c, id, CancellationToken.None)),
        "cancel" => kund.CommandAsync((s, c) => s.CancelAsync(c, id, CancellationToken.None)),
        "approve" => kund.CommandAsync((s, c) => s.ApproveAsync(c, id, string.IsNullOrWhiteSpace(comment) ? null : comment, CancellationToken.None)),
        "reject" => kund.CommandAsync((s, c) => s.RejectAsync(c, id, string.IsNullOrWhiteSpace(comment) ? null : comment, CancellationToken.None)),
        "retry" => kund.CommandAsync((s, c) => s.RetryAsync(c, id, CancellationToken.None)),
        "destroy" => kund.CommandAsync((s, c) => s.DestroyAsync(c, id, CancellationToken.None)),
        _ => Task.CompletedTask,
    };

    public static string Done(string action) => action switch
    {
        "submit" => "Submitted for approval.",
        "cancel" => "Request cancelled.",
        "approve" => "Approved.",
        "reject" => "Rejected.",
        "retry" => "Retrying.",
        "destroy" => "Destroy requested.",
        _ => "Done.",
    };
}

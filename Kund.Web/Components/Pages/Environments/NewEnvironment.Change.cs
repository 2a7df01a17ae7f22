using Kund.Domain.Cost;
using Kund.Domain.Revisions;
using Kund.Domain.Specs;
using Kund.Infrastructure.Environments;
using Kund.Infrastructure.Identity;
using Kund.Infrastructure.Revisions;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Kund.Web.Components.Pages.Environments;

/// <summary>
/// The wizard in change mode (<c>/environments/{id}/change</c>): prefilled from the environment's current spec,
/// its name, team and region read-only (a change keeps them, <see cref="ChangeRules"/>), nothing saved while the
/// person edits; the review shows the diff plan from what exists (<see cref="RevisionService.PreviewChangeAsync"/>)
/// and the submit proposes the revision and submits it for approval in one go.
/// </summary>
public partial class NewEnvironment
{
    private Guid? loadedChange;
    private string changeName = "";
    private int currentRevision = 1;
    private int nextRevision = 2;
    private bool changeNotAllowed;
    private string? changeRefusal;
    private string? changeError;
    private string? changeComment;
    private ChangePreview? changePreview;
    private (decimal Before, decimal After)? changeCosts;
    private (string Spec, ValidationResult Errors)? refusedAt;

    /// <summary>The environment to change, from <c>/environments/{id}/change</c>.</summary>
    [Parameter]
    public Guid? ChangeOf { get; set; }

    /// <summary>The wizard proposes a change to an environment that exists, rather than making a new one.</summary>
    internal bool IsChange => ChangeOf is not null;

    /// <summary>The diff plan the review shows, once the change passes every check.</summary>
    internal ChangePreview? ChangePreview => changePreview;

    /// <summary>Why the change was refused as a whole (nothing changed, the status), shown as the page's error.</summary>
    internal string? ChangeError => changeError;

    private string ChangeHeading => $"Change {changeName}: revision {currentRevision} → {nextRevision}";

    /// <summary>
    /// The environment's current spec in the wizard, every step open; or, when the person may not change it or
    /// its status allows no change now, the reason instead of the form.
    /// </summary>
    private async Task LoadChangeAsync(Guid id, KundUser? user)
    {
        loadedChange = id;
        var view = await Kund.QueryAsync((q, c) => q.GetAsync(c, id, CancellationToken.None));
        changeName = view.Name;
        if (user is null || !user.CanRequestFor(view.Team))
        {
            changeNotAllowed = true;
            return;
        }

        if (!EnvironmentLifecycle.ChangeableFrom.Contains(view.Status))
        {
            changeRefusal = $"{view.Name} is {view.Status}: a change is proposed to a Ready or Failed environment, or to one Updating (it then waits for the running change).";
            return;
        }

        var revisions = await Kund.WithAsync<RevisionService, IReadOnlyList<RevisionView>>((s, c) => s.ListAsync(c, id, CancellationToken.None));
        currentRevision = revisions.Where(r => r.Status == RevisionStatus.Applied).Select(r => r.Number).DefaultIfEmpty(1).Max();
        nextRevision = revisions.Select(r => r.Number).DefaultIfEmpty(1).Max() + 1;
        model = WizardModel.FromSpec(Guid.Empty, view.Spec, WizardModel.ReviewStep);
        model.DraftId = null;
    }

    /// <summary>What proposing the spec as it stands would meet: the service's checks and, when they pass, the diff plan and the cost before → after.</summary>
    private async Task PreviewChangeAsync()
    {
        // From the wizard's own check, without the service's errors of an earlier preview.
        refusedAt = null;
        await ValidateAsync();
        changeError = null;
        changePreview = null;
        changeCosts = null;
        if (ChangeOf is not { } id || !result.IsValid)
        {
            return;
        }

        try
        {
            var preview = await Kund.WithAsync<RevisionService, ChangePreview>((s, c) => s.PreviewChangeAsync(c, id, model.ToSpec(), CancellationToken.None));
            ShowChangeErrors(preview.Result);
            if (preview.Plan is not null)
            {
                changePreview = preview;
                changeCosts = (CostEstimator.Estimate(preview.Applied, catalog).MonthlyTotalUsd, CostEstimator.Estimate(preview.EffectiveSpec, catalog).MonthlyTotalUsd);
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            changeError = Describe(ex);
        }
    }

    /// <summary>Proposes the change and submits it for approval, then goes back to the environment; a refusal stays here, by field or as the page's error.</summary>
    private async Task SubmitChangeAsync(Guid id)
    {
        changeError = null;
        await ValidateAsync();
        if (!result.IsValid)
        {
            Snackbar.Add("Fix the fields marked in red first.", Severity.Warning);
            return;
        }

        if (changeComment is { Length: > SpecLimits.CommentMaxLength } comment)
        {
            changeError = $"The comment has {comment.Length} characters; at most {SpecLimits.CommentMaxLength} are kept.";
            return;
        }

        try
        {
            var revision = await Kund.WithAsync<RevisionService, EnvironmentRevision>((s, c) =>
                s.ProposeAndSubmitAsync(c, id, model.ToSpec(), string.IsNullOrWhiteSpace(changeComment) ? null : changeComment.Trim(), CancellationToken.None));
            Snackbar.Add($"Revision {revision.Number} submitted for approval.", Severity.Success);
            Navigation.NavigateTo($"/environments/{id}");
        }
        catch (SpecValidationException invalid)
        {
            changePreview = null;
            ShowChangeErrors(invalid.Result);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            changePreview = null;
            changeError = Describe(ex);
        }
    }

    /// <summary>
    /// The service's errors, keyed under <c>spec</c>: one about the spec as a whole (it changes nothing) is the
    /// page's error; one at a field joins the wizard's own, so that it shows at that field and marks its step.
    /// </summary>
    private void ShowChangeErrors(ValidationResult refused)
    {
        var prefix = RevisionService.SpecPath + ".";
        var fields = ValidationResult.Valid;
        foreach (var (path, messages) in refused.Errors)
        {
            if (path == RevisionService.SpecPath)
            {
                changeError = string.Join(" ", messages);
                continue;
            }

            var field = path.StartsWith(prefix, StringComparison.Ordinal) ? path[prefix.Length..] : path;
            foreach (var message in messages)
            {
                fields = fields.WithError(field, message);
            }
        }

        refusedAt = (SpecText(), fields);
        result = WithChangeRefusals(check?.Result ?? ValidationResult.Valid);

        if (changeError is null && !result.IsValid && FirstStepWithErrors() is { } where)
        {
            changeError = $"Not submitted: see the {StepTitle(where)} step.";
        }
    }

    /// <summary>The wizard's own check, plus the service's refusals at fields while the spec is still the one refused.</summary>
    private ValidationResult WithChangeRefusals(ValidationResult local)
    {
        if (refusedAt is not { } refused || refused.Spec != SpecText())
        {
            return local;
        }

        foreach (var (path, messages) in refused.Errors.Errors)
        {
            foreach (var message in messages.Where(m => !local.ErrorsAt(path).Contains(m)))
            {
                local = local.WithError(path, message);
            }
        }

        return local;
    }

    private string SpecText() => System.Text.Json.JsonSerializer.Serialize(model.ToSpec(), global::Kund.Domain.KundJson.Options);

    private string Describe(Exception error)
    {
        if (!FriendlyErrors.IsExpected(error) && error is not RevisionConflictException)
        {
            Logger.LogError(error, "The change wizard could not reach the revisions");
        }

        // A revision's conflict names the status and what would allow the change, in words written for people.
        return error is RevisionConflictException conflict
            ? char.ToUpperInvariant(conflict.Message[0]) + conflict.Message[1..] + "."
            : FriendlyErrors.Describe(error);
    }
}

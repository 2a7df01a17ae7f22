using Bunit;
using Kund.Domain.Environments;
using Kund.Domain.Revisions;
using Kund.Domain.Specs;
using Kund.Infrastructure.Environments;
using Kund.Infrastructure.Identity;
using Kund.Infrastructure.Revisions;
using Kund.Tests.Support;
using Kund.Tests.Web.Revisions;
using Kund.Web.Components.Pages.Environments;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Kund.Tests.Web.Pages;

/// <summary>
/// "Change" on an environment: the wizard prefilled from its current spec, the name, team and region
/// read-only, the review's diff plan from the real planner, and the submit that proposes the revision and
/// submits it for approval — against the real services, database and sandbox cloud.
/// </summary>
public sealed class ChangeWizardTests(KundAppFactory app) : PageTest, IClassFixture<KundAppFactory>
{
    [Fact]
    public async Task Change_ReadyEnvironment_PrefilledFromItsSpecWithNameTeamAndRegionReadOnly()
    {
        SignIn(PageTestServices.Alice);
        var id = await ReadyAsync("change-prefill");

        var cut = RenderChange(id);

        Assert.Equal("Change change-prefill: revision 1 → 2", cut.Find("[data-testid=wizard-heading]").TextContent.Trim());
        var name = cut.Field("name");
        Assert.Equal("change-prefill", name.GetAttribute("value"));
        Assert.True(name.HasAttribute("readonly"));
        Assert.All(cut.FindAll("[data-testid=team] input, [data-testid=region] input"), input => Assert.True(input.HasAttribute("readonly")));
        Assert.Empty(cut.FindAll("[data-testid=blueprint-cards]"));
        Assert.Equal(NatGatewayMode.Single, cut.Instance.Model.NatGateways);
        Assert.Equal("10.3.0.0/16", cut.Instance.Model.VpcCidr);

        await cut.GoNextAsync("step-vpc");
        await cut.GoNextAsync("step-subnets");
        Assert.Equal(["public-a", "public-b", "private-a", "private-b"], cut.Fields("subnet-name").Select(f => f.GetAttribute("value")));
        await cut.GoNextAsync("step-routing");
        Assert.Contains("nat/ap-northeast-2a", cut.Find("[data-testid=route-preview]").TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("nat/ap-northeast-2b", cut.Find("[data-testid=route-preview]").TextContent, StringComparison.Ordinal);
        Assert.Null(cut.Instance.Model.DraftId);
    }

    [Fact]
    public async Task Change_NatPerZone_ReviewShowsThePlannersDiffAndSubmitLeavesRevision2PendingApproval()
    {
        var (id, cut) = await PerZoneAtRoutingAsync("change-nat");
        cut.Render();
        cut.WaitForAssertion(() => Assert.Contains("nat/ap-northeast-2b", cut.Find("[data-testid=route-preview]").TextContent, StringComparison.Ordinal));
        await cut.GoNextAsync("step-role");
        await cut.GoNextAsync("step-eks");
        await cut.GoNextAsync("step-nodes");
        await cut.GoNextAsync("step-review");

        var expected = await ExpectedPlanAsync(id, cut.Instance.Model.ToSpec());
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=diff-summary]")), TimeSpan.FromSeconds(10));
        Assert.Equal("Plan: 4 to add, 0 to change, 1 to destroy.", expected);
        Assert.Contains(expected, cut.Find("[data-testid=step-review] [data-testid=plan-text]").TextContent, StringComparison.Ordinal);
        Assert.Contains("Revision 1 → 2", cut.Find("[data-testid=diff-summary]").TextContent, StringComparison.Ordinal);
        Assert.Equal(["deletes rtb/private"], cut.FindAll("[data-testid=risky]").Select(r => r.TextContent.Trim()));
        Assert.Matches(@"^\$[\d,.]+ → \$[\d,.]+ a month$", cut.Find("[data-testid=cost-change]").TextContent.Trim());
        Assert.Empty(cut.FindAll("[data-testid=change-error]"));

        await cut.InvokeAsync(() => cut.Field("change-comment").Change("one NAT per zone"));
        await cut.ClickAsync("submit");

        var navigation = Services.GetRequiredService<NavigationManager>();
        cut.WaitForAssertion(() => Assert.True(navigation.Uri.EndsWith($"/environments/{id}", StringComparison.Ordinal), Said(cut)), TimeSpan.FromSeconds(30));
        var revisions = await app.WithAsync<RevisionService, IReadOnlyList<RevisionView>>(s => s.ListAsync(Callers.Alice, id, CancellationToken.None));
        Assert.Equal([2, 1], revisions.Select(r => r.Number));
        var second = revisions[0];
        Assert.Equal((RevisionStatus.PendingApproval, "alice@kund.dev", "one NAT per zone"), (second.Status, second.RequestedBy, second.Comment));
        Assert.Equal(NatGatewayMode.PerAz, second.Spec.Routing!.NatGateways);
        var environment = await app.WithAsync<EnvironmentQueries, EnvironmentView>(q => q.GetAsync(Callers.Alice, id, CancellationToken.None));
        Assert.Equal(NatGatewayMode.Single, environment.Spec.Routing!.NatGateways);
        Assert.Equal(environment.Spec.ExpiresAt, second.Spec.ExpiresAt);
    }

    [Fact]
    public async Task Change_NothingChanged_NoChangesErrorAndNoRevision()
    {
        SignIn(PageTestServices.Alice);
        var id = await ReadyAsync("change-none");
        var cut = RenderChange(id);
        foreach (var step in new[] { "step-vpc", "step-subnets", "step-routing", "step-role", "step-eks", "step-nodes", "step-review" })
        {
            await cut.GoNextAsync(step);
        }

        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=change-error]")), TimeSpan.FromSeconds(10));
        Assert.Empty(cut.FindAll("[data-testid=diff-summary]"));

        await cut.ClickAsync("submit");

        cut.WaitForAssertion(() => Assert.Equal("No changes: the spec is what the environment already is.", cut.Find("[data-testid=change-error]").TextContent.Trim()), TimeSpan.FromSeconds(10));
        Assert.EndsWith($"/environments/{id}/change", Services.GetRequiredService<NavigationManager>().Uri, StringComparison.Ordinal);
        var revisions = await app.WithAsync<RevisionService, IReadOnlyList<RevisionView>>(s => s.ListAsync(Callers.Alice, id, CancellationToken.None));
        Assert.Equal([1], revisions.Select(r => r.Number));
    }

    [Fact]
    public async Task Change_VpcShrunk_ServiceRefusalShownAtTheVpcFieldAndItsStep()
    {
        SignIn(PageTestServices.Alice);
        var id = await ReadyAsync("change-shrink");
        var cut = RenderChange(id);
        await cut.GoNextAsync("step-vpc");
        await cut.InvokeAsync(() => cut.Field("vpc-cidr").Input("10.3.0.0/17"));
        foreach (var step in new[] { "step-subnets", "step-routing", "step-role", "step-eks", "step-nodes", "step-review" })
        {
            await cut.GoNextAsync(step);
        }

        cut.WaitForAssertion(() => Assert.True(cut.FindAll("[data-testid=change-error]") is { Count: > 0 } shown && shown[0].TextContent.Trim() == "Not submitted: see the VPC step.", string.Join(" | ", cut.FindAll("[data-testid=review-errors], [data-testid=change-error]").Select(e => e.TextContent.Trim()))), TimeSpan.FromSeconds(10));
        cut.WaitForAssertion(() =>
        {
            Assert.True(cut.Instance.StepHasErrors(WizardModel.VpcStep));
            Assert.Contains("can grow but not shrink", cut.Find("[data-testid=review-errors]").TextContent, StringComparison.Ordinal);
            Assert.True(cut.Find("[data-testid=submit]").HasAttribute("disabled"));
        }, TimeSpan.FromSeconds(10));
        Assert.Empty(cut.FindAll("[data-testid=diff-summary]"));
    }

    [Fact]
    public async Task Change_EnvironmentDestroyedMeanwhile_SubmitShowsTheStatusAndLeavesNoRevision()
    {
        var (id, cut) = await PerZoneAtRoutingAsync("change-gone");
        foreach (var step in new[] { "step-role", "step-eks", "step-nodes", "step-review" })
        {
            await cut.GoNextAsync(step);
        }

        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=diff-summary]")), TimeSpan.FromSeconds(10));
        await app.WithAsync<EnvironmentService, TeamEnvironment>(s => s.DestroyAsync(Callers.Alice, id, CancellationToken.None));
        await cut.ClickAsync("submit");

        cut.WaitForAssertion(() => Assert.Contains("cannot change the environment: it is", cut.Find("[data-testid=change-error]").TextContent, StringComparison.OrdinalIgnoreCase), TimeSpan.FromSeconds(10));
        Assert.EndsWith($"/environments/{id}/change", Services.GetRequiredService<NavigationManager>().Uri, StringComparison.Ordinal);
        var revisions = await app.WithAsync<RevisionService, IReadOnlyList<RevisionView>>(s => s.ListAsync(Callers.Alice, id, CancellationToken.None));
        Assert.Equal([1], revisions.Select(r => r.Number));
        // The destroy ends before the next test: its run does not compete with that test's.
        Assert.Equal(EnvironmentStatus.Destroyed, (await app.WaitForStatusAsync(id, TimeSpan.FromSeconds(60), EnvironmentStatus.Destroyed, EnvironmentStatus.Failed)).Status);
    }

    [Fact]
    public async Task Change_DraftEnvironment_StatusNamedInsteadOfTheForm()
    {
        SignIn(PageTestServices.Alice);
        var draft = await app.WithAsync<EnvironmentService, TeamEnvironment>(s => s.CreateDraftAsync(Callers.Alice, SeedSpecs.Payments("change-draft"), CancellationToken.None));

        var cut = Render<NewEnvironment>(p => p.Add(x => x.ChangeOf, draft.Id));

        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=change-refused]")), TimeSpan.FromSeconds(10));
        Assert.StartsWith("change-draft is Draft: a change is proposed to a Ready or Failed environment", cut.Find("[data-testid=change-refused]").TextContent.Trim(), StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=step-basics]"));
        Assert.Empty(cut.FindAll("[data-testid=submit]"));
    }

    [Fact]
    public async Task Change_ApproverOutsideTheTeam_NotAllowedAndNoForm()
    {
        SignIn(PageTestServices.Carol);
        var id = await ReadyAsync("change-carol");

        var cut = Render<NewEnvironment>(p => p.Add(x => x.ChangeOf, id));

        cut.WaitForAssertion(() => Assert.Contains("This page is not part of your role.", cut.Markup, StringComparison.Ordinal), TimeSpan.FromSeconds(10));
        Assert.Empty(cut.FindAll("[data-testid=step-basics]"));
        Assert.Empty(cut.FindAll("[data-testid=submit]"));
    }

    private void SignIn(KundUser user) => this.AddTestServices(app, user);

    /// <summary>Created by alice, approved by carol, and provisioned in the sandbox.</summary>
    private Task<Guid> ReadyAsync(string name) => app.ReadyThroughServicesAsync(SeedSpecs.Payments(name));

    /// <summary>The last line of the plan the planner makes for <paramref name="spec"/>, asked of the service directly.</summary>
    private async Task<string> ExpectedPlanAsync(Guid id, EnvironmentSpec spec)
    {
        var preview = await app.WithAsync<RevisionService, ChangePreview>(s => s.PreviewChangeAsync(Callers.Alice, id, spec, CancellationToken.None));
        Assert.True(preview.Result.IsValid, string.Join("; ", preview.Result.Errors.SelectMany(e => e.Value)));
        return preview.Plan!.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1].Trim();
    }

    /// <summary>Alice's change of a Ready environment, walked to the routing step, with one NAT gateway per zone picked there.</summary>
    private async Task<(Guid Id, IRenderedComponent<NewEnvironment> Cut)> PerZoneAtRoutingAsync(string name)
    {
        SignIn(PageTestServices.Alice);
        var id = await ReadyAsync(name);
        var cut = RenderChange(id);
        await cut.GoNextAsync("step-vpc");
        await cut.GoNextAsync("step-subnets");
        await cut.GoNextAsync("step-routing");
        await cut.InvokeAsync(() =>
        {
            cut.Instance.Model.NatGateways = NatGatewayMode.PerAz;
            return cut.Instance.ChangedAsync();
        });
        return (id, cut);
    }

    private IRenderedComponent<NewEnvironment> RenderChange(Guid id)
    {
        Services.GetRequiredService<NavigationManager>().NavigateTo($"/environments/{id}/change");
        var cut = Render<NewEnvironment>(p => p.Add(x => x.ChangeOf, id));
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=step-basics]")), TimeSpan.FromSeconds(10));
        return cut;
    }

    /// <summary>Everything the page said to the person: its errors and the snackbars shown, for a failure's message.</summary>
    private string Said(IRenderedComponent<NewEnvironment> cut) =>
        string.Join(" | ", cut.FindAll("[data-testid=change-error], [data-testid=review-errors]").Select(e => e.TextContent.Trim())
            .Concat(Services.GetRequiredService<ISnackbar>().ShownSnackbars.Select(s => $"snackbar: {s.Message}")));


}

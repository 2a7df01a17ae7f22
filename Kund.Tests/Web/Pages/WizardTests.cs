using Bunit;
using Kund.Domain.Environments;
using Kund.Infrastructure.Environments;
using Kund.Domain.Specs;
using Kund.Tests.Support;
using Kund.Web.Components.Pages.Environments;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace Kund.Tests.Web.Pages;

/// <summary>Each step of the new-environment wizard, against the real validator, catalog and database.</summary>
public sealed class WizardTests : PageTest, IClassFixture<KundAppFactory>
{
    private readonly KundAppFactory app;

    public WizardTests(KundAppFactory app)
    {
        this.app = app;
        this.AddTestServices(app, PageTestServices.Alice);
    }

    [Fact]
    public async Task Render_StoredDraft_EveryStepRestored()
    {
        var draft = await app.WithAsync<EnvironmentService, TeamEnvironment>(s => s.CreateDraftAsync(Callers.Alice, SeedSpecs.Payments("reloaded"), CancellationToken.None));

        var cut = Render<NewEnvironment>(p => p.Add(x => x.Id, draft.Id));

        cut.WaitForAssertion(() => Assert.Equal("reloaded", cut.Field("name").GetAttribute("value")), TimeSpan.FromSeconds(10));
        Assert.Equal(draft.Id, cut.Instance.Model.DraftId);
        Assert.Equal("10.3.0.0/16", cut.Instance.Model.VpcCidr);
        Assert.Equal(4, cut.Instance.Model.Subnets.Count);
        Assert.Equal("1.34", cut.Instance.Model.KubernetesVersion);
        Assert.Equal(["private-a", "private-b"], cut.Instance.Model.ClusterSubnets.Order());
    }

    [Fact]
    public async Task Basics_InvalidName_ErrorAtNameAndNextStays()
    {
        var cut = RenderWizard();

        await InputAsync(cut, "name", "X");
        await cut.ClickAsync("next");

        cut.WaitForAssertion(() =>
        {
            Assert.NotEmpty(cut.FindAll("[data-testid=step-basics] .mud-input-error"));
            Assert.Empty(cut.FindAll("[data-testid=step-vpc]"));
        });
        Assert.Equal(WizardModel.BasicsStep, cut.Instance.Step);
    }

    [Fact]
    public async Task Vpc_PublicRange_ErrorAtCidrAsTyped()
    {
        var cut = RenderWizard();
        await InputAsync(cut, "name", "vpc-check");
        await cut.GoNextAsync("step-vpc");

        await InputAsync(cut, "vpc-cidr", "8.8.0.0/16");

        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=step-vpc] .mud-input-error")));
        await InputAsync(cut, "vpc-cidr", "10.9.0.0/16");
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=step-vpc] .mud-input-error")));
    }

    [Fact]
    public async Task BackAndNext_ValuesKept_AndDraftSaved()
    {
        var cut = RenderWizard();
        await InputAsync(cut, "name", "keep-values");
        await cut.GoNextAsync("step-vpc");
        await InputAsync(cut, "vpc-cidr", "10.7.0.0/16");

        await cut.ClickAsync("back");
        cut.WaitForAssertion(() => Assert.Equal("keep-values", cut.Field("name").GetAttribute("value")));
        await cut.GoNextAsync("step-vpc");
        cut.WaitForAssertion(() => Assert.Equal("10.7.0.0/16", cut.Field("vpc-cidr").GetAttribute("value")));
        await cut.GoNextAsync("step-subnets");

        cut.WaitForAssertion(() => Assert.NotNull(cut.Instance.Model.DraftId));
    }

    [Fact]
    public async Task Subnets_DefaultLayoutButton_FillsFourSubnetsWithUsableCounts()
    {
        var cut = await RenderToSubnetsAsync("layout-check", "10.3.0.0/16");

        await cut.ClickAsync("default-layout");

        cut.WaitForAssertion(() => Assert.Equal(4, cut.FindAll("[data-testid=subnet-row]").Count));
        Assert.Equal(["public-a", "public-b", "private-a", "private-b"], cut.Instance.Model.Subnets.Select(s => s.Name));
        Assert.Equal(["10.3.0.0/20", "10.3.16.0/20", "10.3.32.0/20", "10.3.48.0/20"], cut.Instance.Model.Subnets.Select(s => s.Cidr));
        Assert.All(cut.FindAll("[data-testid=usable]"), cell => Assert.Equal("4,091", cell.TextContent));
    }

    [Fact]
    public async Task Subnets_AddSubnet_SuggestsNextFreeBlock()
    {
        var cut = await RenderToSubnetsAsync("add-check", "10.3.0.0/16");
        await cut.ClickAsync("default-layout");
        cut.WaitForAssertion(() => Assert.Equal(4, cut.FindAll("[data-testid=subnet-row]").Count));

        await cut.ClickAsync("add-subnet");

        cut.WaitForAssertion(() => Assert.Equal(5, cut.FindAll("[data-testid=subnet-row]").Count));
        Assert.Equal("10.3.64.0/20", cut.Instance.Model.Subnets[^1].Cidr);
    }

    [Fact]
    public async Task Subnets_OverlappingCidr_ErrorAtThatRow()
    {
        var cut = await RenderToSubnetsAsync("overlap-check", "10.3.0.0/16");
        await cut.ClickAsync("default-layout");
        cut.WaitForAssertion(() => Assert.Equal(4, cut.FindAll("[data-testid=subnet-row]").Count));

        await cut.InvokeAsync(() => cut.FindAll("input[data-testid=subnet-cidr], [data-testid=subnet-cidr] input")[1].Input("10.3.0.0/20"));

        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=subnet-row]")[1].QuerySelectorAll(".mud-input-error")));
        Assert.True(cut.Instance.StepHasErrors(WizardModel.SubnetsStep));
    }

    [Fact]
    public async Task RoutingRoleAndEks_ShowPreviewTrustPolicyAndPrivateOnlyWarning()
    {
        var cut = await RenderToSubnetsAsync("later-steps", "10.4.0.0/16");
        await cut.ClickAsync("default-layout");
        cut.WaitForAssertion(() => Assert.Equal(4, cut.FindAll("[data-testid=subnet-row]").Count));
        await cut.GoNextAsync("step-routing");
        cut.WaitForAssertion(() => Assert.Contains("nat/ap-northeast-2a", cut.Find("[data-testid=route-preview]").TextContent, StringComparison.Ordinal));
        await cut.GoNextAsync("step-role");
        Assert.Contains("eks.amazonaws.com", cut.Find("[data-testid=trust-policy]").TextContent, StringComparison.Ordinal);
        Assert.Contains("iam:CreateServiceLinkedRole", cut.Find("[data-testid=policy-actions]").TextContent, StringComparison.Ordinal);
        await cut.GoNextAsync("step-eks");

        cut.WaitForAssertion(() => Assert.Equal(["private-a", "private-b"], cut.Instance.Model.ClusterSubnets.Order()));
        await cut.InvokeAsync(() =>
        {
            cut.Instance.Model.EndpointPublicAccess = false;
            return cut.Instance.ValidateAsync();
        });
        cut.Render();
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=private-only]")));
    }

    [Fact]
    public async Task Eks_OneZoneOnly_ErrorAtSubnetPicker()
    {
        var cut = await RenderToSubnetsAsync("one-zone", "10.5.0.0/16");
        await cut.ClickAsync("default-layout");
        cut.WaitForAssertion(() => Assert.Equal(4, cut.FindAll("[data-testid=subnet-row]").Count));
        await cut.GoNextAsync("step-routing");
        await cut.GoNextAsync("step-role");
        await cut.GoNextAsync("step-eks");

        await cut.InvokeAsync(() =>
        {
            cut.Instance.Model.ClusterSubnets.Remove("private-b");
            return cut.Instance.ValidateAsync();
        });
        cut.Render();

        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=step-eks] [data-testid=step-error]")));
        await cut.ClickAsync("next");
        Assert.Empty(cut.FindAll("[data-testid=step-review]"));
    }

    [Fact]
    public async Task Review_SeedSpec_PlanCostAndGraph()
    {
        var cut = await RenderToSubnetsAsync("review-check", "10.6.0.0/16");
        await cut.ClickAsync("default-layout");
        cut.WaitForAssertion(() => Assert.Equal(4, cut.FindAll("[data-testid=subnet-row]").Count));
        await cut.GoNextAsync("step-routing");
        await cut.GoNextAsync("step-role");
        await cut.GoNextAsync("step-eks");
        await cut.GoNextAsync("step-nodes");
        await cut.GoNextAsync("step-review");

        cut.WaitForAssertion(() => Assert.Contains("to add, 0 to change, 0 to destroy.", cut.Find("[data-testid=plan-text]").TextContent, StringComparison.Ordinal));
        Assert.NotEmpty(cut.FindAll("[data-testid=plan-text] .kund-plan-create"));
        Assert.StartsWith("$", cut.Find("[data-testid=cost-total]").TextContent.Trim(), StringComparison.Ordinal);
        Assert.Equal(23, cut.FindAll("[data-testid=resource-graph] .kund-node").Count);
        Assert.Equal(Purpose.Dev, cut.Instance.Model.Purpose);
    }

    [Fact]
    public async Task Basics_BeforeAnyInput_NoErrorUntilTheNameIsTouched()
    {
        var cut = RenderWizard();

        Assert.Empty(cut.FindAll("[data-testid=step-basics] .mud-input-error"));
        await InputAsync(cut, "name", "X");

        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=step-basics] .mud-input-error")));
    }

    [Fact]
    public async Task Basics_NameTyped_DraftSavedWithoutPressingNext()
    {
        var cut = RenderWizard();

        await InputAsync(cut, "name", "typed-only");

        cut.WaitForAssertion(() => Assert.NotNull(cut.Instance.Model.DraftId), TimeSpan.FromSeconds(10));
        var view = await app.WithAsync<EnvironmentQueries, EnvironmentView>(q => q.GetAsync(Callers.Alice, cut.Instance.Model.DraftId!.Value, CancellationToken.None));
        Assert.Equal("typed-only", view.Name);
        Assert.Equal(EnvironmentStatus.Draft, view.Status);
        Assert.DoesNotContain(EnvironmentAction.Submit, view.AllowedActions);
        Assert.Equal(WizardModel.BasicsStep, cut.Instance.Step);
    }

    [Fact]
    public async Task Reload_MidWizard_SameStepAndTypedValues()
    {
        var cut = RenderWizard();
        await InputAsync(cut, "name", "reload-mid");
        await cut.GoNextAsync("step-vpc");
        await InputAsync(cut, "vpc-cidr", "10.8.0.0/16");
        var id = await SavedAsync(cut, spec => spec.Vpc.Cidr == "10.8.0.0/16");

        // A reload of /environments/new?draft={id}: a new page, with the draft from the address.
        var reloaded = RenderAt($"/environments/new?draft={id}");

        reloaded.WaitForAssertion(() => Assert.NotEmpty(reloaded.FindAll("[data-testid=step-vpc]")), TimeSpan.FromSeconds(10));
        Assert.Equal(WizardModel.VpcStep, reloaded.Instance.Step);
        Assert.Equal("10.8.0.0/16", reloaded.Field("vpc-cidr").GetAttribute("value"));
        Assert.Equal("reload-mid", reloaded.Instance.Model.Name);
    }

    [Fact]
    public async Task Reload_StepInAddress_OpensThatStep()
    {
        var cut = await RenderToSubnetsAsync("reload-step", "10.10.0.0/16");
        var id = await SavedAsync(cut, spec => spec.Vpc.Cidr == "10.10.0.0/16");

        var reloaded = RenderAt($"/environments/new?draft={id}&step={WizardModel.VpcStep}");

        reloaded.WaitForAssertion(() => Assert.NotEmpty(reloaded.FindAll("[data-testid=step-vpc]")), TimeSpan.FromSeconds(10));
        Assert.Equal(WizardModel.VpcStep, reloaded.Instance.Step);
        Assert.Equal(WizardModel.SubnetsStep, reloaded.Instance.Model.Reached);
    }

    [Fact]
    public async Task Eks_DraftSavedBeforeTheEksStep_DefaultVersionAndNoErrorBeforeInput()
    {
        var spec = SeedSpecs.Payments("eks-later") with { Cluster = null };
        var draft = await app.WithAsync<EnvironmentService, TeamEnvironment>(s => s.CreateDraftAsync(Callers.Alice, spec, WizardModel.RoleStep, CancellationToken.None));

        var cut = RenderAt($"/environments/new?draft={draft.Id}");
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=step-role]")), TimeSpan.FromSeconds(10));
        await cut.GoNextAsync("step-eks");

        Assert.Empty(cut.FindAll("[data-testid=k8s-version-field] .mud-input-error"));
        Assert.NotEqual("", cut.Instance.Model.KubernetesVersion);
        Assert.True(cut.Instance.Model.WithCluster);
    }

    [Fact]
    public async Task Nodes_AddNodeGroupAndSize_SpecCarriesIt()
    {
        var cut = await RenderToNodesAsync("nodes-add", "10.11.0.0/16");
        var before = cut.FindAll("[data-testid=node-group-row]").Count;

        await cut.ClickAsync("add-node-group");
        cut.WaitForAssertion(() => Assert.Equal(before + 1, cut.FindAll("[data-testid=node-group-row]").Count));
        await cut.InvokeAsync(() => cut.Fields("node-group-desired")[^1].Input("4"));
        await cut.InvokeAsync(() => cut.Fields("node-group-max")[^1].Input("5"));

        var compute = cut.Instance.Model.ToSpec().Cluster!.Compute!;
        Assert.Equal(ComputeMode.ManagedNodes, compute.Mode);
        Assert.Equal(before + 1, compute.NodeGroups!.Count);
        Assert.Equal((4, 5), (compute.NodeGroups[^1].DesiredSize, compute.NodeGroups[^1].MaxSize));
        Assert.Equal(["m6i.large"], compute.NodeGroups[^1].InstanceTypes!);
        Assert.Empty(cut.FindAll("[data-testid=default-node-group]"));
    }

    [Fact]
    public async Task Nodes_InstanceTypeChoices_TheRegionsOfferingFromTheCloudCatalog()
    {
        var popovers = Render<MudBlazor.MudPopoverProvider>();
        var cut = await RenderToNodesAsync("nodes-types", "10.13.0.0/16");
        await cut.ClickAsync("add-node-group");
        var offered = Kund.Infrastructure.Sandbox.SandboxInstanceTypes.Offered["ap-northeast-2"];

        var select = cut.Find("[data-testid=node-group-instance-types]");
        Assert.Contains($"{offered.Count} offered in ap-northeast-2", select.Closest(".mud-input-control")!.TextContent, StringComparison.Ordinal);
        await cut.InvokeAsync(() => cut.Find("[data-testid=node-group-instance-types] .mud-input-slot, [data-testid=node-group-instance-types] input, .mud-select:has([data-testid=node-group-instance-types]) .mud-input-control").MouseDown());
        popovers.WaitForAssertion(() => Assert.Equal(offered, popovers.FindAll("[data-testid=instance-type-choice]").Select(c => c.TextContent.Trim())), TimeSpan.FromSeconds(5));
        Assert.DoesNotContain("m7a.large", popovers.FindAll("[data-testid=instance-type-choice]").Select(c => c.TextContent.Trim()));
    }

    [Fact]
    public void Nodes_TypeTheRegionDoesNotOffer_ShownFirstMarkedSoItCanBeTakenOut()
    {
        var group = new NodeGroupRow { InstanceTypes = "m7a.large, m6i.large" };

        var choices = NodesStep.InstanceTypeChoices(group, ["m6i.large", "t3.medium"]);

        Assert.Equal(["m7a.large", "m6i.large", "t3.medium"], choices);
        Assert.Equal(["m7a.large", "m6i.large"], group.InstanceTypeList);
        group.InstanceTypeList = ["t3.medium"];
        Assert.Equal(["t3.medium"], group.ToSpec().InstanceTypes!);
    }

    [Fact]
    public async Task Nodes_ComputeNone_WarnsNothingCanBeScheduledAndDropsTheNodeRole()
    {
        var cut = await RenderToNodesAsync("nodes-none", "10.12.0.0/16");
        Assert.Empty(cut.FindAll("[data-testid=compute-none-warning]"));

        await cut.InvokeAsync(() =>
        {
            cut.Instance.Model.Nodes.Mode = ComputeMode.None;
            return cut.Instance.ValidateAsync();
        });
        cut.Render();

        cut.WaitForAssertion(() => Assert.Contains("nothing can be scheduled", cut.Find("[data-testid=compute-none-warning]").TextContent, StringComparison.Ordinal));
        var cluster = cut.Instance.Model.ToSpec().Cluster!;
        Assert.Equal(ComputeMode.None, cluster.Compute!.Mode);
        Assert.Null(cluster.NodeRole);
        Assert.Empty(cut.FindAll("[data-testid=node-role-name]"));
    }

    [Fact]
    public async Task Nodes_PrincipalRowAdded_AccessEntryInTheSpec()
    {
        var cut = await RenderToNodesAsync("nodes-access", "10.13.0.0/16");
        var before = cut.FindAll("[data-testid=principal-row]").Count;

        await cut.ClickAsync("add-principal");
        cut.WaitForAssertion(() => Assert.Equal(before + 1, cut.FindAll("[data-testid=principal-row]").Count));
        await cut.InvokeAsync(() => cut.Fields("principal-arn")[^1].Input("arn:aws:iam::111111111111:role/platform-oncall"));

        var entry = cut.Instance.Model.ToSpec().Cluster!.Access![^1];
        Assert.Equal("arn:aws:iam::111111111111:role/platform-oncall", entry.PrincipalArn);
        Assert.Equal(EksAccessPolicy.AmazonEKSClusterAdminPolicy, entry.Policy);
        Assert.Null(entry.Namespaces);
    }

    [Fact]
    public async Task Nodes_AddonVersions_FromWhatEksOffersForTheVersion()
    {
        var cut = await RenderToNodesAsync("nodes-addons", "10.14.0.0/16");

        cut.WaitForAssertion(() => Assert.Equal(NodesModel.UsualAddons.Order(), cut.FindAll("[data-testid=addon-row]").Select(r => r.GetAttribute("data-name")!).Order()));
        var offers = await app.WithAsync<Kund.Infrastructure.ClusterOffers.EksOffers, IReadOnlyList<Kund.Infrastructure.ClusterOffers.EksAddonOffer>>(
            o => o.AddonsAsync("ap-northeast-2", cut.Instance.Model.KubernetesVersion, CancellationToken.None));
        var coredns = cut.FindAll("[data-testid=addon-row]").Single(r => r.GetAttribute("data-name") == "coredns");
        Assert.Contains($"newest compatible ({offers.Single(o => o.Name == "coredns").Newest})", coredns.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void NodesStep_ErrorsByPath_ShownAtTheirFields()
    {
        var nodes = new NodesModel
        {
            NodeGroups = [new NodeGroupRow { MinSize = 3, DesiredSize = 2, MaxSize = 3 }],
            Addons = [new AddonRow { Name = "coredns", Version = "v0.0.1" }],
            Access = [new AccessRow { PrincipalArn = "not-an-arn" }],
        };
        var result = ValidationResult.Valid
            .WithError("cluster.compute.nodeGroups[0].desiredSize", "desired 2 is below min 3")
            .WithError("cluster.access[0].principalArn", "'not-an-arn' is not an IAM ARN")
            .WithError("cluster.addons[0].version", "v0.0.1 is not compatible with 1.34")
            .WithError("cluster.compute.nodeGroups", "at most 30 node groups");

        var cut = Render<NodesStep>(p => p.Add(x => x.Nodes, nodes).Add(x => x.Result, result));

        var desired = cut.Fields("node-group-desired")[0].Closest(".mud-input-control")!;
        Assert.Contains("desired 2 is below min 3", desired.TextContent, StringComparison.Ordinal);
        Assert.Contains("mud-input-error", desired.InnerHtml, StringComparison.Ordinal);
        Assert.Contains("'not-an-arn' is not an IAM ARN", cut.Find("[data-testid=principal-row]").TextContent, StringComparison.Ordinal);
        Assert.Contains("v0.0.1 is not compatible with 1.34", cut.Find("[data-testid=addon-row]").TextContent, StringComparison.Ordinal);
        // Only what no field shows is listed at the end of the step.
        Assert.Equal(["at most 30 node groups"], cut.FindAll("[data-testid=step-error]").Select(e => e.TextContent.Trim()));
    }

    private async Task<IRenderedComponent<NewEnvironment>> RenderToNodesAsync(string name, string cidr)
    {
        var cut = await RenderToSubnetsAsync(name, cidr);
        await cut.ClickAsync("default-layout");
        cut.WaitForAssertion(() => Assert.Equal(4, cut.FindAll("[data-testid=subnet-row]").Count));
        await cut.GoNextAsync("step-routing");
        await cut.GoNextAsync("step-role");
        await cut.GoNextAsync("step-eks");
        await cut.GoNextAsync("step-nodes");
        return cut;
    }

    /// <summary>Waits for the debounced save (the page renders when it is done), then checks what was stored; returns the draft's id.</summary>
    private async Task<Guid> SavedAsync(IRenderedComponent<NewEnvironment> cut, Func<EnvironmentSpec, bool> stored)
    {
        cut.WaitForAssertion(() => Assert.True(cut.Instance.Saved), TimeSpan.FromSeconds(10));
        var id = cut.Instance.Model.DraftId!.Value;
        var view = await app.WithAsync<EnvironmentQueries, EnvironmentView>(q => q.GetAsync(Callers.Alice, id, CancellationToken.None));
        Assert.True(stored(view.Spec), $"stored: {System.Text.Json.JsonSerializer.Serialize(view.Spec)}");
        return id;
    }

    /// <summary>The wizard opened at <paramref name="address"/>, as a reload of it would.</summary>
    private IRenderedComponent<NewEnvironment> RenderAt(string address)
    {
        Services.GetRequiredService<NavigationManager>().NavigateTo(address);
        return Render<NewEnvironment>();
    }

    private IRenderedComponent<NewEnvironment> RenderWizard()
    {
        var cut = Render<NewEnvironment>();
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=step-basics]")), TimeSpan.FromSeconds(10));
        return cut;
    }

    private async Task<IRenderedComponent<NewEnvironment>> RenderToSubnetsAsync(string name, string cidr)
    {
        var cut = RenderWizard();
        await InputAsync(cut, "name", name);
        await cut.GoNextAsync("step-vpc");
        await InputAsync(cut, "vpc-cidr", cidr);
        await cut.GoNextAsync("step-subnets");
        return cut;
    }


    private static Task InputAsync(IRenderedComponent<NewEnvironment> cut, string testId, string value) =>
        cut.InvokeAsync(() => cut.Field(testId).Input(value));

}

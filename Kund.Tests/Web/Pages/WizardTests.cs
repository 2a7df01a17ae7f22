using Bunit;
using Kund.Domain.Specs;
using Kund.Tests.Support;
using Kund.Web.Components.Pages.Environments;

namespace Kund.Tests.Web.Pages;

/// <summary>Each step of the new-environment wizard, against the real validator, catalog and database.</summary>
public sealed class WizardTests : PageTest, IClassFixture<KundAppFactory>
{
    public WizardTests(KundAppFactory app) => this.AddTestServices(app, PageTestServices.Alice);

    [Fact]
    public void Basics_InvalidName_ErrorAtNameAndNextStays()
    {
        var cut = RenderWizard();

        cut.TypeInto("name", "X");
        cut.ClickOn("[data-testid=next]");

        cut.WaitForAssertion(() =>
        {
            Assert.NotEmpty(cut.FindAll("[data-testid=step-basics] .mud-input-error"));
            Assert.Empty(cut.FindAll("[data-testid=step-vpc]"));
        });
        Assert.Equal(WizardModel.BasicsStep, cut.Instance.Step);
    }

    [Fact]
    public void Vpc_PublicRange_ErrorAtCidrAsTyped()
    {
        var cut = RenderWizard();
        cut.TypeInto("name", "vpc-check");
        GoNext(cut, "step-vpc");

        cut.TypeInto("vpc-cidr", "8.8.0.0/16");

        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=step-vpc] .mud-input-error")));
        cut.TypeInto("vpc-cidr", "10.9.0.0/16");
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=step-vpc] .mud-input-error")));
    }

    [Fact]
    public void BackAndNext_ValuesKept_AndDraftSaved()
    {
        var cut = RenderWizard();
        cut.TypeInto("name", "keep-values");
        GoNext(cut, "step-vpc");
        cut.TypeInto("vpc-cidr", "10.7.0.0/16");

        cut.ClickOn("[data-testid=back]");
        cut.WaitForAssertion(() => Assert.Equal("keep-values", cut.Field("name").GetAttribute("value")));
        GoNext(cut, "step-vpc");
        cut.WaitForAssertion(() => Assert.Equal("10.7.0.0/16", cut.Field("vpc-cidr").GetAttribute("value")));
        GoNext(cut, "step-subnets");

        cut.WaitForAssertion(() => Assert.NotNull(cut.Instance.Model.DraftId));
    }

    [Fact]
    public void Subnets_DefaultLayoutButton_FillsFourSubnetsWithUsableCounts()
    {
        var cut = RenderToSubnets("layout-check", "10.3.0.0/16");

        cut.ClickOn("[data-testid=default-layout]");

        cut.WaitForAssertion(() => Assert.Equal(4, cut.FindAll("[data-testid=subnet-row]").Count));
        Assert.Equal(["public-a", "public-b", "private-a", "private-b"], cut.Instance.Model.Subnets.Select(s => s.Name));
        Assert.Equal(["10.3.0.0/20", "10.3.16.0/20", "10.3.32.0/20", "10.3.48.0/20"], cut.Instance.Model.Subnets.Select(s => s.Cidr));
        Assert.All(cut.FindAll("[data-testid=usable]"), cell => Assert.Equal("4,091", cell.TextContent));
    }

    [Fact]
    public void Subnets_AddSubnet_SuggestsNextFreeBlock()
    {
        var cut = RenderToSubnets("add-check", "10.3.0.0/16");
        cut.ClickOn("[data-testid=default-layout]");
        cut.WaitForAssertion(() => Assert.Equal(4, cut.FindAll("[data-testid=subnet-row]").Count));

        cut.ClickOn("[data-testid=add-subnet]");

        cut.WaitForAssertion(() => Assert.Equal(5, cut.FindAll("[data-testid=subnet-row]").Count));
        Assert.Equal("10.3.64.0/20", cut.Instance.Model.Subnets[^1].Cidr);
    }

    [Fact]
    public void Subnets_OverlappingCidr_ErrorAtThatRow()
    {
        var cut = RenderToSubnets("overlap-check", "10.3.0.0/16");
        cut.ClickOn("[data-testid=default-layout]");
        cut.WaitForAssertion(() => Assert.Equal(4, cut.FindAll("[data-testid=subnet-row]").Count));

        cut.TypeInto("subnet-cidr", "10.3.0.0/20", index: 1);

        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=subnet-row]")[1].QuerySelectorAll(".mud-input-error")));
        Assert.True(cut.Instance.StepHasErrors(WizardModel.SubnetsStep));
    }

    [Fact]
    public void RoutingRoleAndEks_ShowPreviewTrustPolicyAndPrivateOnlyWarning()
    {
        var cut = RenderToSubnets("later-steps", "10.4.0.0/16");
        cut.ClickOn("[data-testid=default-layout]");
        cut.WaitForAssertion(() => Assert.Equal(4, cut.FindAll("[data-testid=subnet-row]").Count));
        GoNext(cut, "step-routing");
        cut.WaitForAssertion(() => Assert.Contains("nat/ap-northeast-2a", cut.Find("[data-testid=route-preview]").TextContent, StringComparison.Ordinal));
        GoNext(cut, "step-role");
        Assert.Contains("eks.amazonaws.com", cut.Find("[data-testid=trust-policy]").TextContent, StringComparison.Ordinal);
        Assert.Contains("iam:CreateServiceLinkedRole", cut.Find("[data-testid=policy-actions]").TextContent, StringComparison.Ordinal);
        GoNext(cut, "step-eks");

        cut.WaitForAssertion(() => Assert.Equal(["private-a", "private-b"], cut.Instance.Model.ClusterSubnets.Order()));
        cut.InvokeAsync(() =>
        {
            cut.Instance.Model.EndpointPublicAccess = false;
            return cut.Instance.ValidateAsync();
        });
        cut.Render();
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=private-only]")));
    }

    [Fact]
    public void Eks_OneZoneOnly_ErrorAtSubnetPicker()
    {
        var cut = RenderToSubnets("one-zone", "10.5.0.0/16");
        cut.ClickOn("[data-testid=default-layout]");
        cut.WaitForAssertion(() => Assert.Equal(4, cut.FindAll("[data-testid=subnet-row]").Count));
        GoNext(cut, "step-routing");
        GoNext(cut, "step-role");
        GoNext(cut, "step-eks");

        cut.InvokeAsync(() =>
        {
            cut.Instance.Model.ClusterSubnets.Remove("private-b");
            return cut.Instance.ValidateAsync();
        });
        cut.Render();

        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=step-eks] [data-testid=step-error]")));
        cut.ClickOn("[data-testid=next]");
        Assert.Empty(cut.FindAll("[data-testid=step-review]"));
    }

    [Fact]
    public void Review_SeedSpec_PlanCostAndGraph()
    {
        var cut = RenderToSubnets("review-check", "10.6.0.0/16");
        cut.ClickOn("[data-testid=default-layout]");
        cut.WaitForAssertion(() => Assert.Equal(4, cut.FindAll("[data-testid=subnet-row]").Count));
        GoNext(cut, "step-routing");
        GoNext(cut, "step-role");
        GoNext(cut, "step-eks");
        GoNext(cut, "step-review");

        cut.WaitForAssertion(() => Assert.Contains("to add, 0 to change, 0 to destroy.", cut.Find("[data-testid=plan-text]").TextContent, StringComparison.Ordinal));
        Assert.NotEmpty(cut.FindAll("[data-testid=plan-text] .kund-plan-create"));
        Assert.StartsWith("$", cut.Find("[data-testid=cost-total]").TextContent.Trim(), StringComparison.Ordinal);
        Assert.Equal(13, cut.FindAll("[data-testid=resource-graph] .kund-node").Count);
        Assert.Equal(Purpose.Dev, cut.Instance.Model.Purpose);
    }

    private IRenderedComponent<NewEnvironment> RenderWizard()
    {
        var cut = Render<NewEnvironment>();
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=step-basics]")), TimeSpan.FromSeconds(10));
        return cut;
    }

    private IRenderedComponent<NewEnvironment> RenderToSubnets(string name, string cidr)
    {
        var cut = RenderWizard();
        cut.TypeInto("name", name);
        GoNext(cut, "step-vpc");
        cut.TypeInto("vpc-cidr", cidr);
        GoNext(cut, "step-subnets");
        return cut;
    }

    private static void GoNext(IRenderedComponent<NewEnvironment> cut, string step)
    {
        cut.ClickOn("[data-testid=next]");
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll($"[data-testid={step}]")), TimeSpan.FromSeconds(10));
    }
}

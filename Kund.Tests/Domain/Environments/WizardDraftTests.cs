using Kund.Domain.Environments;
using Kund.Tests.Domain.Specs;

namespace Kund.Tests.Domain.Environments;

/// <summary>A draft the wizard saved is submittable only once every step was seen; a spec given whole is complete.</summary>
public class WizardDraftTests
{
    private const string Alice = "alice@kund.dev";

    [Fact]
    public void Submit_WizardDraftLeftAtSubnets_RefusedNamingTheStep()
    {
        var draft = TeamEnvironment.CreateDraft(SpecFixtures.Seed, Alice, SpecFixtures.Now, wizardStep: 2);

        var refused = Assert.Throws<InvalidTransitionException>(() => draft.Submit(Alice, SpecFixtures.Now));

        Assert.Contains("step 3 of 8", refused.Message, StringComparison.Ordinal);
        Assert.Equal(EnvironmentStatus.Draft, draft.Status);
        Assert.DoesNotContain(EnvironmentAction.Submit, draft.AllowedActions());
    }

    [Fact]
    public void Submit_WizardDraftAtReview_Submitted()
    {
        var draft = TeamEnvironment.CreateDraft(SpecFixtures.Seed, Alice, SpecFixtures.Now, wizardStep: 2);
        draft.UpdateSpec(SpecFixtures.Seed, Alice, SpecFixtures.Now, TeamEnvironment.WizardLastStep);

        draft.Submit(Alice, SpecFixtures.Now);

        Assert.Equal(EnvironmentStatus.PendingApproval, draft.Status);
    }

    [Fact]
    public void Submit_SpecGivenWhole_Submitted()
    {
        var draft = TeamEnvironment.CreateDraft(SpecFixtures.Seed, Alice, SpecFixtures.Now, wizardStep: 1);
        draft.UpdateSpec(SpecFixtures.Seed, Alice, SpecFixtures.Now);

        Assert.Contains(EnvironmentAction.Submit, draft.AllowedActions());
        draft.Submit(Alice, SpecFixtures.Now);
        Assert.Equal(EnvironmentStatus.PendingApproval, draft.Status);
    }
}

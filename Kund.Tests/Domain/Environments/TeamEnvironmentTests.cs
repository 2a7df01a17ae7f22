using Kund.Domain.Environments;
using Kund.Domain.Specs;
using Kund.Tests.Domain.Specs;
using Microsoft.Extensions.Time.Testing;

namespace Kund.Tests.Domain.Environments;

public class TeamEnvironmentTests
{
    private const string Alice = "alice@kund.dev";
    private const string Carol = "carol@kund.dev";
    private const string Admin = "admin@kund.dev";

    private readonly FakeTimeProvider _time = new(SpecFixtures.Now);

    private DateTimeOffset Tick()
    {
        _time.Advance(TimeSpan.FromMinutes(1));
        return _time.GetUtcNow();
    }

    private TeamEnvironment Draft(Purpose purpose = Purpose.Dev) =>
        TeamEnvironment.CreateDraft(SpecFixtures.Seed with { Purpose = purpose }, Alice, _time.GetUtcNow());

    private TeamEnvironment InStatus(EnvironmentStatus status, Purpose purpose = Purpose.Dev)
    {
        var environment = Draft(purpose);
        Action<TeamEnvironment>[] path = status switch
        {
            EnvironmentStatus.Draft => [],
            EnvironmentStatus.PendingApproval => [Submit],
            EnvironmentStatus.Approved => [Submit, Approve],
            EnvironmentStatus.Rejected => [Submit, e => e.Reject(Carol, "no budget", Tick())],
            EnvironmentStatus.Cancelled => [e => e.Cancel(Tick())],
            EnvironmentStatus.Provisioning => [Submit, Approve, Provision],
            EnvironmentStatus.Ready => [Submit, Approve, Provision, e => e.MarkReady(Tick())],
            EnvironmentStatus.Failed => [Submit, Approve, Provision, e => e.MarkFailed("boom", Tick())],
            EnvironmentStatus.Destroying => [Submit, Approve, Provision, e => e.MarkReady(Tick()), e => e.StartDestroy(Alice, Tick())],
            EnvironmentStatus.Destroyed => [Submit, Approve, Provision, e => e.MarkReady(Tick()), e => e.StartDestroy(Alice, Tick()), e => e.MarkDestroyed(Tick())],
            _ => throw new ArgumentOutOfRangeException(nameof(status)),
        };
        foreach (var step in path)
        {
            step(environment);
        }

        Assert.Equal(status, environment.Status);
        return environment;
    }

    private void Submit(TeamEnvironment environment) => environment.Submit(Alice, Tick());

    private void Approve(TeamEnvironment environment) => environment.Approve(Carol, "ok", Tick());

    private void Provision(TeamEnvironment environment) => environment.StartProvisioning(Tick());

    [Fact]
    public void CreateDraft_Spec_DraftWithNameTeamRequesterAndTimes()
    {
        var expires = SpecFixtures.Now.AddDays(3);
        var environment = TeamEnvironment.CreateDraft(SpecFixtures.Seed with { ExpiresAt = expires }, " alice@kund.dev ", SpecFixtures.Now);

        Assert.Equal(EnvironmentStatus.Draft, environment.Status);
        Assert.Equal("payments-dev", environment.Name);
        Assert.Equal("team-a", environment.Team);
        Assert.Equal(Alice, environment.RequestedBy);
        Assert.Equal(SpecFixtures.Now, environment.CreatedAt);
        Assert.Equal(SpecFixtures.Now, environment.UpdatedAt);
        Assert.Equal(expires, environment.ExpiresAt);
        Assert.NotEqual(Guid.Empty, environment.Id);
    }

    [Fact]
    public void UpdateSpec_Draft_ReplacesSpecAndName()
    {
        var environment = Draft();
        var now = Tick();

        environment.UpdateSpec(SpecFixtures.Seed with { Name = "payments-stage" }, Alice, now);

        Assert.Equal("payments-stage", environment.Name);
        Assert.Equal("payments-stage", environment.Spec.Name);
        Assert.Equal(now, environment.UpdatedAt);
    }

    [Fact]
    public void UpdateSpec_PendingApproval_RefusedNamingBothStatuses()
    {
        var environment = InStatus(EnvironmentStatus.PendingApproval);

        var exception = Assert.Throws<InvalidTransitionException>(() => environment.UpdateSpec(SpecFixtures.Seed, Alice, Tick()));

        Assert.Equal("cannot change the spec: the environment is PendingApproval, a spec change needs Draft", exception.Message);
        Assert.Equal(EnvironmentStatus.PendingApproval, exception.From);
        Assert.Equal(EnvironmentAction.UpdateSpec, exception.Action);
    }

    [Fact]
    public void Submit_Draft_PendingApproval()
    {
        var environment = Draft();
        var now = Tick();

        environment.Submit(Alice, now);

        Assert.Equal(EnvironmentStatus.PendingApproval, environment.Status);
        Assert.Equal(now, environment.UpdatedAt);
    }

    [Fact]
    public void Approve_ByAnotherPerson_ApprovedWithApproverAndComment()
    {
        var environment = InStatus(EnvironmentStatus.PendingApproval);

        environment.Approve(Carol, "looks fine", Tick());

        Assert.Equal(EnvironmentStatus.Approved, environment.Status);
        Assert.Equal(Carol, environment.ApprovedBy);
        Assert.Equal("looks fine", environment.ApprovalComment);
    }

    [Theory]
    [InlineData("alice@kund.dev")]
    [InlineData("Alice@Kund.dev")]
    [InlineData(" ALICE@KUND.DEV ")]
    public void Approve_ByTheRequester_FourEyesViolation(string approver)
    {
        var environment = InStatus(EnvironmentStatus.PendingApproval);

        var exception = Assert.Throws<FourEyesViolationException>(() => environment.Approve(approver, "mine", Tick()));

        Assert.Contains("cannot also approve it; another approver must (four-eyes rule)", exception.Message, StringComparison.Ordinal);
        Assert.Equal(EnvironmentStatus.PendingApproval, environment.Status);
        Assert.Null(environment.ApprovedBy);
    }

    [Fact]
    public void Approve_Draft_RefusedNamingBothStatuses()
    {
        var exception = Assert.Throws<InvalidTransitionException>(() => Draft().Approve(Carol, null, Tick()));

        Assert.Equal("cannot approve: the environment is Draft, approval needs PendingApproval", exception.Message);
        Assert.Equal([EnvironmentStatus.PendingApproval], exception.AllowedFrom);
    }

    [Fact]
    public void Reject_PendingApproval_RejectedWithComment()
    {
        var environment = InStatus(EnvironmentStatus.PendingApproval);

        environment.Reject(Carol, "no budget", Tick());

        Assert.Equal(EnvironmentStatus.Rejected, environment.Status);
        Assert.Equal(Carol, environment.RejectedBy);
        Assert.Equal("no budget", environment.ApprovalComment);
        Assert.Null(environment.ApprovedBy);
    }

    [Theory]
    [InlineData(EnvironmentStatus.Draft)]
    [InlineData(EnvironmentStatus.PendingApproval)]
    public void Cancel_BeforeApproval_Cancelled(EnvironmentStatus from)
    {
        var environment = InStatus(from);

        environment.Cancel(Tick());

        Assert.Equal(EnvironmentStatus.Cancelled, environment.Status);
    }

    [Fact]
    public void Cancel_Approved_RefusedListingBothAllowedStatuses()
    {
        var exception = Assert.Throws<InvalidTransitionException>(() => InStatus(EnvironmentStatus.Approved).Cancel(Tick()));

        Assert.Equal("cannot cancel: the environment is Approved, cancelling needs Draft or PendingApproval", exception.Message);
    }

    [Fact]
    public void StartProvisioning_Approved_Provisioning() =>
        Assert.Equal(EnvironmentStatus.Provisioning, InStatus(EnvironmentStatus.Provisioning).Status);

    [Fact]
    public void StartProvisioning_Failed_RetriesAndClearsTheFailure()
    {
        var environment = InStatus(EnvironmentStatus.Failed);
        Assert.Equal("boom", environment.FailureReason);

        environment.StartProvisioning(Tick());

        Assert.Equal(EnvironmentStatus.Provisioning, environment.Status);
        Assert.Null(environment.FailureReason);
    }

    [Fact]
    public void StartProvisioning_PendingApproval_Refused()
    {
        var exception = Assert.Throws<InvalidTransitionException>(() => InStatus(EnvironmentStatus.PendingApproval).StartProvisioning(Tick()));

        Assert.Equal("cannot start provisioning: the environment is PendingApproval, provisioning needs Approved or Failed", exception.Message);
    }

    [Fact]
    public void MarkReady_Provisioning_Ready() => Assert.Equal(EnvironmentStatus.Ready, InStatus(EnvironmentStatus.Ready).Status);

    [Fact]
    public void MarkReady_Approved_Refused() =>
        Assert.Throws<InvalidTransitionException>(() => InStatus(EnvironmentStatus.Approved).MarkReady(Tick()));

    [Theory]
    [InlineData(EnvironmentStatus.Provisioning)]
    [InlineData(EnvironmentStatus.Destroying)]
    public void MarkFailed_Running_FailedWithReason(EnvironmentStatus from)
    {
        var environment = InStatus(from);

        environment.MarkFailed("NatGateway failed", Tick());

        Assert.Equal(EnvironmentStatus.Failed, environment.Status);
        Assert.Equal("NatGateway failed", environment.FailureReason);
    }

    [Fact]
    public void MarkFailed_Ready_Refused()
    {
        var exception = Assert.Throws<InvalidTransitionException>(() => InStatus(EnvironmentStatus.Ready).MarkFailed("x", Tick()));

        Assert.Equal("cannot mark failed: the environment is Ready, marking failed needs Provisioning, Updating or Destroying", exception.Message);
    }

    [Theory]
    [InlineData(EnvironmentStatus.Ready)]
    [InlineData(EnvironmentStatus.Failed)]
    public void StartDestroy_DevReadyOrFailed_DestroyingAtOnce(EnvironmentStatus from)
    {
        var environment = InStatus(from);

        var outcome = environment.StartDestroy(Alice, Tick());

        Assert.Equal(DestroyStart.Started, outcome);
        Assert.Equal(EnvironmentStatus.Destroying, environment.Status);
    }

    [Theory]
    [InlineData(EnvironmentStatus.Draft)]
    [InlineData(EnvironmentStatus.Provisioning)]
    [InlineData(EnvironmentStatus.Destroyed)]
    public void StartDestroy_NotReadyOrFailed_Refused(EnvironmentStatus from)
    {
        var exception = Assert.Throws<InvalidTransitionException>(() => InStatus(from).StartDestroy(Alice, Tick()));

        Assert.Equal($"cannot destroy: the environment is {from}, destroying needs Ready or Failed", exception.Message);
    }

    [Fact]
    public void MarkDestroyed_Destroying_Destroyed() =>
        Assert.Equal(EnvironmentStatus.Destroyed, InStatus(EnvironmentStatus.Destroyed).Status);

    [Fact]
    public void MarkDestroyed_Ready_Refused()
    {
        var exception = Assert.Throws<InvalidTransitionException>(() => InStatus(EnvironmentStatus.Ready).MarkDestroyed(Tick()));

        Assert.Equal("cannot mark destroyed: the environment is Ready, marking destroyed needs Destroying", exception.Message);
    }

    [Fact]
    public void StartDestroy_Prod_AwaitsApprovalAndStaysReady()
    {
        var environment = InStatus(EnvironmentStatus.Ready, Purpose.Prod);
        var now = Tick();

        var outcome = environment.StartDestroy(Alice, now);

        Assert.Equal(DestroyStart.AwaitingApproval, outcome);
        Assert.Equal(EnvironmentStatus.Ready, environment.Status);
        Assert.True(environment.IsDestroyAwaitingApproval);
        Assert.Equal(Alice, environment.DestroyRequestedBy);
        Assert.Equal(now, environment.DestroyRequestedAt);
        Assert.Equal([EnvironmentAction.ApproveDestroy, EnvironmentAction.RejectDestroy, EnvironmentAction.WithdrawDestroy], environment.AllowedActions());
    }

    [Fact]
    public void AllowedActions_ProdReadyWithoutRequest_DestroyButNotApproveDestroy() =>
        Assert.Equal([EnvironmentAction.StartDestroy, EnvironmentAction.HandOver], InStatus(EnvironmentStatus.Ready, Purpose.Prod).AllowedActions());

    [Fact]
    public void StartDestroy_ProdAskedTwice_KeepsTheFirstRequester()
    {
        var environment = InStatus(EnvironmentStatus.Ready, Purpose.Prod);
        environment.StartDestroy(Alice, Tick());

        Assert.Equal(DestroyStart.AwaitingApproval, environment.StartDestroy(Admin, Tick()));
        Assert.Equal(Alice, environment.DestroyRequestedBy);
    }

    [Fact]
    public void ApproveDestroy_ProdByAnotherPerson_Destroying()
    {
        var environment = InStatus(EnvironmentStatus.Ready, Purpose.Prod);
        environment.StartDestroy(Alice, Tick());

        environment.ApproveDestroy(Carol, Tick());

        Assert.Equal(EnvironmentStatus.Destroying, environment.Status);
        Assert.Equal(Carol, environment.DestroyApprovedBy);
        Assert.False(environment.IsDestroyAwaitingApproval);
    }

    [Fact]
    public void ApproveDestroy_ByWhoAskedForIt_FourEyesViolation()
    {
        var environment = InStatus(EnvironmentStatus.Ready, Purpose.Prod);
        environment.StartDestroy(Carol, Tick());

        var exception = Assert.Throws<FourEyesViolationException>(() => environment.ApproveDestroy("CAROL@kund.dev", Tick()));

        Assert.Equal(EnvironmentAction.ApproveDestroy, exception.Action);
        Assert.Equal(EnvironmentStatus.Ready, environment.Status);
    }

    [Fact]
    public void ApproveDestroy_NothingRequested_Refused()
    {
        var environment = InStatus(EnvironmentStatus.Ready, Purpose.Prod);

        var exception = Assert.Throws<InvalidTransitionException>(() => environment.ApproveDestroy(Carol, Tick()));

        Assert.Equal("cannot approve the destroy: the environment is Ready and no destroy waits for approval", exception.Message);
        Assert.DoesNotContain(EnvironmentAction.ApproveDestroy, environment.AllowedActions());
    }

    [Fact]
    public void StartDestroy_ProdDestroyApprovedThenFailed_RetriesWithoutAskingAgain()
    {
        var environment = InStatus(EnvironmentStatus.Ready, Purpose.Prod);
        environment.StartDestroy(Alice, Tick());
        environment.ApproveDestroy(Carol, Tick());
        environment.MarkFailed("DependencyViolation", Tick());

        Assert.False(environment.IsDestroyAwaitingApproval);
        Assert.Equal(DestroyStart.Started, environment.StartDestroy(Alice, Tick()));
        Assert.Equal(EnvironmentStatus.Destroying, environment.Status);
    }

    [Fact]
    public void StartProvisioning_ProdFailedWithPendingDestroy_DropsTheRequest()
    {
        var environment = InStatus(EnvironmentStatus.Failed, Purpose.Prod);
        environment.StartDestroy(Alice, Tick());

        environment.StartProvisioning(Tick());

        Assert.Null(environment.DestroyRequestedBy);
        Assert.False(environment.IsDestroyAwaitingApproval);
    }

    [Theory]
    [InlineData(EnvironmentStatus.Cancelled)]
    [InlineData(EnvironmentStatus.Destroyed)]
    public void EveryAction_FinalStatus_Refused(EnvironmentStatus final)
    {
        var environment = InStatus(final);

        Assert.Throws<InvalidTransitionException>(() => environment.Submit(Alice, Tick()));
        Assert.Throws<InvalidTransitionException>(() => environment.Approve(Carol, null, Tick()));
        Assert.Throws<InvalidTransitionException>(() => environment.Cancel(Tick()));
        Assert.Throws<InvalidTransitionException>(() => environment.StartProvisioning(Tick()));
        Assert.Throws<InvalidTransitionException>(() => environment.StartDestroy(Alice, Tick()));
        Assert.Empty(environment.AllowedActions());
        Assert.Equal(final, environment.Status);
    }

    [Fact]
    public void Rejected_OnlyARevision_EverythingElseRefused()
    {
        var environment = InStatus(EnvironmentStatus.Rejected);

        Assert.Throws<InvalidTransitionException>(() => environment.Submit(Alice, Tick()));
        Assert.Throws<InvalidTransitionException>(() => environment.Approve(Carol, null, Tick()));
        Assert.Throws<InvalidTransitionException>(() => environment.Cancel(Tick()));
        Assert.Throws<InvalidTransitionException>(() => environment.StartProvisioning(Tick()));
        Assert.Equal([EnvironmentAction.Revise], environment.AllowedActions());
    }

    [Fact]
    public void UpdateSpec_Rejected_DraftWithNextRevisionAndTheRejectionKept()
    {
        var environment = InStatus(EnvironmentStatus.Rejected);
        var rejectedAt = environment.RejectedAt;

        environment.UpdateSpec(SpecFixtures.Seed with { Name = "payments-smaller" }, Alice, Tick());

        Assert.Equal(EnvironmentStatus.Draft, environment.Status);
        Assert.Equal(2, environment.Revision);
        Assert.Equal(Carol, environment.RejectedBy);
        Assert.Equal("no budget", environment.RejectionComment);
        Assert.Equal(rejectedAt, environment.RejectedAt);
        environment.Submit(Alice, Tick());
        environment.Approve(Carol, "smaller is fine", Tick());
        Assert.Equal(EnvironmentStatus.Approved, environment.Status);
        Assert.Equal("no budget", environment.RejectionComment);
    }

    [Fact]
    public void Approve_BySomeoneWhoChangedTheSpec_FourEyesViolation()
    {
        var environment = Draft();
        environment.UpdateSpec(SpecFixtures.Seed, " Carol@Kund.dev ", Tick());
        environment.Submit(Alice, Tick());

        var exception = Assert.Throws<FourEyesViolationException>(() => environment.Approve(Carol, null, Tick()));

        Assert.Equal(EnvironmentAction.Approve, exception.Action);
        Assert.Equal(EnvironmentStatus.PendingApproval, environment.Status);
        Assert.Equal([Alice, "Carol@Kund.dev"], environment.Authors);
    }

    [Fact]
    public void Approve_BySomeoneWhoSubmitted_FourEyesViolation()
    {
        var environment = Draft();
        environment.Submit(Carol, Tick());

        Assert.Throws<FourEyesViolationException>(() => environment.Approve(Carol, null, Tick()));
        Assert.True(environment.IsAuthorOfWaitingRequest("CAROL@kund.dev"));
        Assert.False(environment.IsAuthorOfWaitingRequest(Admin));
    }

    [Fact]
    public void RejectDestroy_WaitingProdDestroy_StaysReadyWithTheRequestCleared()
    {
        var environment = InStatus(EnvironmentStatus.Ready, Purpose.Prod);
        environment.StartDestroy(Alice, Tick());

        environment.RejectDestroy(Carol, "still in use", Tick());

        Assert.Equal(EnvironmentStatus.Ready, environment.Status);
        Assert.False(environment.IsDestroyAwaitingApproval);
        Assert.Null(environment.DestroyRequestedBy);
        Assert.Equal([EnvironmentAction.StartDestroy, EnvironmentAction.HandOver], environment.AllowedActions());
    }

    [Fact]
    public void RejectDestroy_WithoutComment_Refused()
    {
        var environment = InStatus(EnvironmentStatus.Ready, Purpose.Prod);
        environment.StartDestroy(Alice, Tick());

        Assert.Throws<ArgumentException>(() => environment.RejectDestroy(Carol, " ", Tick()));
        Assert.True(environment.IsDestroyAwaitingApproval);
    }

    [Fact]
    public void WithdrawDestroy_WaitingProdDestroyOfAFailedEnvironment_StaysFailed()
    {
        var environment = InStatus(EnvironmentStatus.Failed, Purpose.Prod);
        environment.StartDestroy(Alice, Tick());

        environment.WithdrawDestroy(Tick());

        Assert.Equal(EnvironmentStatus.Failed, environment.Status);
        Assert.False(environment.IsDestroyAwaitingApproval);
    }

    [Fact]
    public void WithdrawDestroy_NothingWaits_Refused()
    {
        var exception = Assert.Throws<InvalidTransitionException>(() => InStatus(EnvironmentStatus.Ready, Purpose.Prod).WithdrawDestroy(Tick()));

        Assert.Equal("cannot withdraw the destroy: the environment is Ready and no destroy waits for approval", exception.Message);
    }
}

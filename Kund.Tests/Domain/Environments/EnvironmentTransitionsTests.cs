using System.Text.Json;
using Kund.Domain.Environments;

namespace Kund.Tests.Domain.Environments;

public class EnvironmentTransitionsTests
{
    [Fact]
    public void Allowed_EachStatus_TheActionsOfApiMd()
    {
        Assert.Equal([EnvironmentAction.UpdateSpec, EnvironmentAction.Submit, EnvironmentAction.Cancel], EnvironmentTransitions.Allowed(EnvironmentStatus.Draft));
        Assert.Equal([EnvironmentAction.Approve, EnvironmentAction.Reject, EnvironmentAction.Cancel], EnvironmentTransitions.Allowed(EnvironmentStatus.PendingApproval));
        Assert.Equal([EnvironmentAction.StartProvisioning], EnvironmentTransitions.Allowed(EnvironmentStatus.Approved));
        Assert.Equal([EnvironmentAction.MarkReady, EnvironmentAction.MarkFailed, EnvironmentAction.Stop], EnvironmentTransitions.Allowed(EnvironmentStatus.Provisioning));
        Assert.Equal(
            [EnvironmentAction.StartDestroy, EnvironmentAction.ApproveDestroy, EnvironmentAction.RejectDestroy, EnvironmentAction.WithdrawDestroy, EnvironmentAction.StartChange, EnvironmentAction.HandOver],
            EnvironmentTransitions.Allowed(EnvironmentStatus.Ready));
        Assert.Equal(
            [EnvironmentAction.StartProvisioning, EnvironmentAction.StartDestroy, EnvironmentAction.ApproveDestroy, EnvironmentAction.RejectDestroy, EnvironmentAction.WithdrawDestroy, EnvironmentAction.StartChange],
            EnvironmentTransitions.Allowed(EnvironmentStatus.Failed));
        Assert.Equal([EnvironmentAction.MarkReady, EnvironmentAction.MarkFailed, EnvironmentAction.Stop], EnvironmentTransitions.Allowed(EnvironmentStatus.Updating));
        Assert.Equal([EnvironmentAction.Revise], EnvironmentTransitions.Allowed(EnvironmentStatus.Rejected));
        Assert.Equal([EnvironmentAction.MarkFailed, EnvironmentAction.MarkDestroyed], EnvironmentTransitions.Allowed(EnvironmentStatus.Destroying));
    }

    [Theory]
    [InlineData(EnvironmentStatus.Cancelled)]
    [InlineData(EnvironmentStatus.Destroyed)]
    [InlineData(EnvironmentStatus.HandedOver)]
    public void Allowed_EndStatus_Nothing(EnvironmentStatus status) =>
        Assert.Empty(EnvironmentTransitions.Allowed(status));

    [Fact]
    public void TryGetTarget_RevisingARejectedRequest_Draft()
    {
        Assert.True(EnvironmentTransitions.TryGetTarget(EnvironmentStatus.Rejected, EnvironmentAction.Revise, out var to));
        Assert.Equal(EnvironmentStatus.Draft, to);
    }

    [Fact]
    public void TryGetTarget_RetryFromFailed_Provisioning()
    {
        Assert.True(EnvironmentTransitions.TryGetTarget(EnvironmentStatus.Failed, EnvironmentAction.StartProvisioning, out var to));
        Assert.Equal(EnvironmentStatus.Provisioning, to);
        Assert.False(EnvironmentTransitions.TryGetTarget(EnvironmentStatus.Ready, EnvironmentAction.StartProvisioning, out _));
    }

    [Fact]
    public void Status_Json_WrittenAsItsName()
    {
        Assert.Equal("\"PendingApproval\"", JsonSerializer.Serialize(EnvironmentStatus.PendingApproval));
        Assert.Equal(EnvironmentStatus.Destroyed, JsonSerializer.Deserialize<EnvironmentStatus>("\"Destroyed\""));
        Assert.Equal(
            ["Draft", "PendingApproval", "Approved", "Rejected", "Cancelled", "Provisioning", "Ready", "Updating", "Failed", "Destroying", "Destroyed", "HandedOver"],
            Enum.GetNames<EnvironmentStatus>());
    }
}

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
        Assert.Equal([EnvironmentAction.MarkReady, EnvironmentAction.MarkFailed], EnvironmentTransitions.Allowed(EnvironmentStatus.Provisioning));
        Assert.Equal([EnvironmentAction.StartDestroy, EnvironmentAction.ApproveDestroy], EnvironmentTransitions.Allowed(EnvironmentStatus.Ready));
        Assert.Equal([EnvironmentAction.StartProvisioning, EnvironmentAction.StartDestroy, EnvironmentAction.ApproveDestroy], EnvironmentTransitions.Allowed(EnvironmentStatus.Failed));
        Assert.Equal([EnvironmentAction.MarkFailed, EnvironmentAction.MarkDestroyed], EnvironmentTransitions.Allowed(EnvironmentStatus.Destroying));
    }

    [Theory]
    [InlineData(EnvironmentStatus.Rejected)]
    [InlineData(EnvironmentStatus.Cancelled)]
    [InlineData(EnvironmentStatus.Destroyed)]
    public void IsFinal_EndStatus_NothingAllowed(EnvironmentStatus status)
    {
        Assert.True(EnvironmentTransitions.IsFinal(status));
        Assert.Empty(EnvironmentTransitions.Allowed(status));
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
            ["Draft", "PendingApproval", "Approved", "Rejected", "Cancelled", "Provisioning", "Ready", "Failed", "Destroying", "Destroyed"],
            Enum.GetNames<EnvironmentStatus>());
    }
}

using Kund.Domain.Execution;
using Kund.Domain.Resources;
using Kund.Infrastructure.Aws.Iam;
using Kund.Infrastructure.Aws.Iam.Model;
using Microsoft.Extensions.Time.Testing;

namespace Kund.Tests.Infrastructure.Aws.Contract;

/// <summary>
/// IAM's reads lag its writes: right after CreateRole, GetRole and AttachRolePolicy can answer
/// NoSuchEntity. The sandbox draws each role's window from its seed; the drivers retry inside the
/// window and fail with IAM's message after it.
/// </summary>
public sealed class SandboxIamReadAfterWriteTests
{
    private const string Trust = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"eks.amazonaws.com"},"Action":"sts:AssumeRole"}]}""";

    [Fact]
    public async Task GetRole_RightAfterCreateRole_NoSuchEntityUntilTheWindowPasses()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var cloud = new SandboxCloudUnderTest(timeScale: 1, configure: o => o.IamReadAfterWriteWindow = TimeSpan.FromSeconds(2), time: time);
        await cloud.Clients.Iam.CreateRoleAsync(new CreateRoleRequest { RoleName = "fresh-role", AssumeRolePolicyDocument = Trust });

        var early = await Assert.ThrowsAsync<IamServiceException>(() => cloud.Clients.Iam.GetRoleAsync(new GetRoleRequest { RoleName = "fresh-role" }));
        time.Advance(TimeSpan.FromSeconds(2.1));
        var later = await cloud.Clients.Iam.GetRoleAsync(new GetRoleRequest { RoleName = "fresh-role" });

        Assert.Equal("NoSuchEntity", early.ErrorCode);
        Assert.Equal("fresh-role", later.Role.RoleName);
    }

    [Fact]
    public async Task RoleAndAttachment_InsideTheReadWindow_RetriedUntilAttached()
    {
        using var cloud = new SandboxCloudUnderTest(timeScale: 1, configure: o => o.IamReadAfterWriteWindow = TimeSpan.FromSeconds(3));
        var environment = SeedEnvironment.Environment();
        var nodes = SeedEnvironment.Nodes(environment, withCluster: true);
        var runner = new NodeRunner(cloud, environment);

        await runner.CreateAsync(nodes.Single(n => n.Kind == ResourceKind.IamRole));
        var attachment = await runner.CreateAsync(nodes.Single(n => n.Kind == ResourceKind.IamRolePolicyAttachment));

        Assert.True(runner.Retries > 0, "the attachment never met IAM's read window");
        Assert.Contains(cloud.Cloud.Inventory(), i => i.Kind == ResourceKind.IamRolePolicyAttachment && i.Id.EndsWith(attachment.Arn!, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AttachRolePolicy_RoleMissing_NotYetConsistentWithinIamsWindowOnly()
    {
        using var cloud = new SandboxCloudUnderTest();
        var environment = SeedEnvironment.Environment();
        var nodes = SeedEnvironment.Nodes(environment, withCluster: true);
        var runner = new NodeRunner(cloud, environment);
        var node = nodes.Single(n => n.Kind == ResourceKind.IamRolePolicyAttachment);

        var error = await Assert.ThrowsAsync<CloudOperationException>(
            () => cloud.Drivers.For(ResourceKind.IamRolePolicyAttachment).CreateAsync(runner.Context(node), CancellationToken.None));

        Assert.Equal(CloudErrorKind.NotYetConsistent, error.Kind);
        Assert.Equal("NoSuchEntity", error.Code);
        Assert.Equal(TimeSpan.FromSeconds(30), error.RetryWindow);
        Assert.Contains("cannot be found", error.Message, StringComparison.Ordinal);
    }
}

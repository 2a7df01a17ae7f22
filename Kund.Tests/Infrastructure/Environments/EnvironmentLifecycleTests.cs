using Kund.Domain.Environments;
using Kund.Domain.Resources;
using Kund.Infrastructure.Audit;
using Kund.Infrastructure.Environments;
using Kund.Infrastructure.Sandbox;
using Kund.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Kund.Tests.Infrastructure.Environments;

/// <summary>The whole life of the seed environment through the services the pages and the API call, on the sandbox cloud.</summary>
public class EnvironmentLifecycleTests(KundAppFactory app) : IClassFixture<KundAppFactory>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Lifecycle_SeedEnvironment_ReadyThenDestroyedWithNothingLeft()
    {
        var draft = await app.WithAsync<EnvironmentService, TeamEnvironment>(s => s.CreateDraftAsync(Callers.Alice, SeedSpecs.Payments(), CancellationToken.None));
        await app.WithAsync<EnvironmentService, TeamEnvironment>(s => s.SubmitAsync(Callers.Alice, draft.Id, CancellationToken.None));
        await app.WithAsync<EnvironmentService, TeamEnvironment>(s => s.ApproveAsync(Callers.Carol, draft.Id, "looks right", CancellationToken.None));

        var ready = await app.WaitForStatusAsync(draft.Id, Patience, EnvironmentStatus.Ready, EnvironmentStatus.Failed);

        Assert.True(ready.Status == EnvironmentStatus.Ready, $"{ready.Status}: {ready.FailureReason}");
        Assert.Equal(23, ready.Resources.Count);
        Assert.All(ready.Resources, r => Assert.Equal(ResourceState.Created, r.State));
        Assert.StartsWith("vpc-", ready.Outputs.VpcId, StringComparison.Ordinal);
        Assert.Equal(["private-a", "private-b", "public-a", "public-b"], ready.Outputs.SubnetIds.Keys.Order());
        Assert.StartsWith("arn:aws:iam::", ready.Outputs.RoleArn, StringComparison.Ordinal);
        Assert.StartsWith("arn:aws:eks:ap-northeast-2:", ready.Outputs.ClusterArn, StringComparison.Ordinal);
        Assert.StartsWith("https://", ready.Outputs.ClusterEndpoint, StringComparison.Ordinal);

        await app.WithAsync<EnvironmentService, TeamEnvironment>(s => s.DestroyAsync(Callers.Alice, draft.Id, CancellationToken.None));
        var destroyed = await app.WaitForStatusAsync(draft.Id, Patience, EnvironmentStatus.Destroyed, EnvironmentStatus.Failed);

        Assert.Equal(EnvironmentStatus.Destroyed, destroyed.Status);
        Assert.All(destroyed.Resources, r => Assert.Equal(ResourceState.Deleted, r.State));
        var cloud = app.Services.GetRequiredService<SandboxCloud>();
        var left = cloud.Inventory().Where(i => i.Tags.GetValueOrDefault("kund:environment") == draft.Id.ToString()).ToList();
        Assert.All(left, i => Assert.Equal((ResourceKind.NatGateway, "deleted"), (i.Kind, i.State)));
        Assert.DoesNotContain(cloud.Inventory(), i => i.Kind == ResourceKind.ElasticIp);

        var verification = await app.WithAsync<AuditVerifier, Kund.Domain.Audit.AuditVerification>(v => v.VerifyAsync(CancellationToken.None));
        Assert.True(verification.Valid);
        var history = await app.WithAsync<AuditQueries, Page<AuditItem>>(q => q.ListAsync(Callers.Dave, new AuditFilter(EnvironmentId: draft.Id), null, 500, CancellationToken.None));
        Assert.Equal(23, history.Items.Count(i => i.Action == AuditActions.ResourceCreated));
        // The 23 resources, and the destroy's own three steps: what Kubernetes left (load balancers,
        // security groups) and the check that nothing is left.
        Assert.Equal(23 + 3, history.Items.Count(i => i.Action == AuditActions.ResourceDeleted));
        Assert.Contains(history.Items, i => i.Action == AuditActions.EnvironmentApproved && i.Details["comment"] == "looks right");
    }

    [Fact]
    public async Task Approve_ByRequesterWhoIsApprover_FourEyesViolation()
    {
        var draft = await app.WithAsync<EnvironmentService, TeamEnvironment>(s => s.CreateDraftAsync(Callers.Erin, SeedSpecs.Payments("own-approval"), CancellationToken.None));
        await app.WithAsync<EnvironmentService, TeamEnvironment>(s => s.SubmitAsync(Callers.Erin, draft.Id, CancellationToken.None));

        await Assert.ThrowsAsync<FourEyesViolationException>(() =>
            app.WithAsync<EnvironmentService, TeamEnvironment>(s => s.ApproveAsync(Callers.Erin, draft.Id, null, CancellationToken.None)));

        var view = await app.WithAsync<EnvironmentQueries, EnvironmentView>(q => q.GetAsync(Callers.Erin, draft.Id, CancellationToken.None));
        Assert.Equal(EnvironmentStatus.PendingApproval, view.Status);
    }

    [Fact]
    public async Task Get_OtherTeamsEnvironment_NotFound()
    {
        var draft = await app.WithAsync<EnvironmentService, TeamEnvironment>(s => s.CreateDraftAsync(Callers.Alice, SeedSpecs.Payments("hidden"), CancellationToken.None));

        await Assert.ThrowsAsync<EnvironmentNotFoundException>(() =>
            app.WithAsync<EnvironmentQueries, EnvironmentView>(q => q.GetAsync(Callers.Bob, draft.Id, CancellationToken.None)));
        await Assert.ThrowsAsync<EnvironmentNotFoundException>(() =>
            app.WithAsync<EnvironmentService, TeamEnvironment>(s => s.SubmitAsync(Callers.Bob, draft.Id, CancellationToken.None)));
    }

    [Fact]
    public async Task Submit_Twice_InvalidTransitionNamesBothStatuses()
    {
        var draft = await app.WithAsync<EnvironmentService, TeamEnvironment>(s => s.CreateDraftAsync(Callers.Alice, SeedSpecs.Payments("twice"), CancellationToken.None));
        await app.WithAsync<EnvironmentService, TeamEnvironment>(s => s.SubmitAsync(Callers.Alice, draft.Id, CancellationToken.None));

        var error = await Assert.ThrowsAsync<InvalidTransitionException>(() =>
            app.WithAsync<EnvironmentService, TeamEnvironment>(s => s.SubmitAsync(Callers.Alice, draft.Id, CancellationToken.None)));

        Assert.Contains("PendingApproval", error.Message, StringComparison.Ordinal);
        Assert.Contains("Draft", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateDraft_BadSpec_EveryErrorByPathAndNothingStored()
    {
        var spec = SeedSpecs.Payments("bad") with
        {
            Vpc = new Kund.Domain.Specs.VpcSpec { Cidr = "10.3.0.0/16" },
            Subnets = [.. SeedSpecs.Payments().Subnets!.Select((s, i) => i == 1 ? s with { Cidr = "10.4.0.0/20" } : s)],
        };

        var error = await Assert.ThrowsAsync<SpecValidationException>(() =>
            app.WithAsync<EnvironmentService, TeamEnvironment>(s => s.CreateDraftAsync(Callers.Alice, spec, CancellationToken.None)));

        Assert.Contains("subnets[1].cidr", error.Result.Errors.Keys);
        Assert.Contains("10.4.0.0/20", error.Result.Errors["subnets[1].cidr"][0], StringComparison.Ordinal);
        var page = await app.WithAsync<EnvironmentQueries, Page<EnvironmentView>>(q => q.ListAsync(Callers.Alice, null, null, null, 200, CancellationToken.None));
        Assert.DoesNotContain(page.Items, e => e.Name == "bad");
    }
}

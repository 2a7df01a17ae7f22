using Kund.Domain.Audit;
using Kund.Domain.Revisions;
using Kund.Domain.Specs;
using Kund.Infrastructure.Audit;
using Kund.Infrastructure.Environments;
using Kund.Infrastructure.Revisions;
using Kund.Tests.Support;
using Kund.Tests.Web.Revisions;

namespace Kund.Tests.Infrastructure.Revisions;

/// <summary>
/// What the change wizard asks of the revisions: a preview of a change that writes nothing, and a change
/// proposed and submitted in one transaction — both audit entries in the chain, or nothing at all.
/// </summary>
public class ProposeAndSubmitTests(KundAppFactory app) : IClassFixture<KundAppFactory>
{
    [Fact]
    public async Task ProposeAndSubmit_PerZoneNat_PendingApprovalAuditedAsProposedThenSubmittedWithTheChainIntact()
    {
        var spec = SeedSpecs.Payments("together");
        var id = await app.ReadyThroughServicesAsync(spec);

        var revision = await app.WithAsync<RevisionService, EnvironmentRevision>(s => s.ProposeAndSubmitAsync(Callers.Alice, id, ChangeRuns.PerAz(spec), "one NAT per zone", CancellationToken.None));

        Assert.Equal((2, RevisionStatus.PendingApproval), (revision.Number, revision.Status));
        var stored = await app.RevisionAsync(id, 2);
        Assert.Equal((RevisionStatus.PendingApproval, NatGatewayMode.PerAz), (stored.Status, stored.Spec.Routing!.NatGateways));
        var history = await app.WithAsync<AuditQueries, Page<AuditItem>>(q => q.ListAsync(Callers.Dave, new AuditFilter(EnvironmentId: id), null, 500, CancellationToken.None));
        var revisionEntries = history.Items.Where(i => i.Subject == "together revision 2").OrderBy(i => i.Id).Select(i => i.Action);
        Assert.Equal([AuditActions.RevisionProposed, AuditActions.RevisionSubmitted], revisionEntries);
        var verification = await app.WithAsync<AuditVerifier, AuditVerification>(v => v.VerifyAsync(CancellationToken.None));
        Assert.True(verification.Valid);
    }

    [Fact]
    public async Task ProposeAndSubmit_ShrunkVpc_RefusedAtSpecVpcCidrAndNoRevisionLeft()
    {
        var spec = SeedSpecs.Payments("shrunk");
        var id = await app.ReadyThroughServicesAsync(spec);
        var smaller = spec with { Vpc = new VpcSpec { Cidr = "10.3.0.0/17" } };

        var refused = await Assert.ThrowsAsync<SpecValidationException>(() =>
            app.WithAsync<RevisionService, EnvironmentRevision>(s => s.ProposeAndSubmitAsync(Callers.Alice, id, smaller, null, CancellationToken.None)));

        Assert.Contains("can grow but not shrink", string.Join(" ", refused.Result.ErrorsAt("spec.vpc.cidr")), StringComparison.Ordinal);
        var revisions = await app.WithAsync<RevisionService, IReadOnlyList<RevisionView>>(s => s.ListAsync(Callers.Alice, id, CancellationToken.None));
        Assert.Equal([1], revisions.Select(r => r.Number));
    }

    [Fact]
    public async Task PreviewChange_NothingChangedThenPerZoneNat_NoChangesAtSpecThenTheDiffPlan_NothingWritten()
    {
        var spec = SeedSpecs.Payments("previewed");
        var id = await app.ReadyThroughServicesAsync(spec);
        var current = (await app.WithAsync<EnvironmentQueries, EnvironmentView>(q => q.GetAsync(Callers.Alice, id, CancellationToken.None))).Spec;

        var same = await app.WithAsync<RevisionService, ChangePreview>(s => s.PreviewChangeAsync(Callers.Alice, id, current, CancellationToken.None));
        var perAz = await app.WithAsync<RevisionService, ChangePreview>(s => s.PreviewChangeAsync(Callers.Alice, id, ChangeRuns.PerAz(spec), CancellationToken.None));

        Assert.Equal(["No changes: the spec is what the environment already is."], same.Result.ErrorsAt(RevisionService.SpecPath));
        Assert.Null(same.Plan);
        Assert.True(perAz.Result.IsValid);
        Assert.Equal((4, 0, 1), (perAz.Plan!.Summary.Add, perAz.Plan.Summary.Change, perAz.Plan.Summary.Destroy));
        Assert.Equal(NatGatewayMode.Single, perAz.Applied.Routing!.NatGateways);
        var revisions = await app.WithAsync<RevisionService, IReadOnlyList<RevisionView>>(s => s.ListAsync(Callers.Alice, id, CancellationToken.None));
        Assert.Equal([1], revisions.Select(r => r.Number));
    }
}

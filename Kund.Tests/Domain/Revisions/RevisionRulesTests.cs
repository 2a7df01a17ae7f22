using Kund.Domain.Revisions;
using Kund.Domain.Specs;
using Kund.Domain.Teams;
using Kund.Tests.Support;

namespace Kund.Tests.Domain.Revisions;

public class RevisionRulesTests
{
    [Fact]
    public void CloneSpec_RangeTaken_NewNameAndTheNextFreeRangeWithTheSubnetsMovedAlong()
    {
        var source = SeedSpecs.Payments();

        var clone = CloneSpec.Of(source, ["payments-dev", "payments-dev-copy"], ["10.3.0.0/16", "10.0.0.0/16"]);

        Assert.Equal("payments-dev-copy2", clone.Name);
        Assert.Equal("10.1.0.0/16", clone.Vpc.Cidr);
        Assert.Equal(["10.1.0.0/20", "10.1.16.0/20", "10.1.32.0/20", "10.1.48.0/20"], clone.Subnets!.Select(s => s.Cidr));
        Assert.Null(clone.Cluster!.Name);
        Assert.Null(clone.ClusterRole!.Name);
        Assert.Equal(source.Cluster!.KubernetesVersion, clone.Cluster.KubernetesVersion);
    }

    [Fact]
    public void ApprovalRule_NeededFromThePolicyAndCountedOverDistinctNonAuthors()
    {
        Assert.Equal(2, ApprovalRule.Needed(TeamPolicy.Safe, Purpose.Prod));
        // A policy silent on approvals keeps the safe default: a prod change needs two, as a prod request does.
        Assert.Equal(2, ApprovalRule.Needed(new TeamPolicy(), Purpose.Prod));
        Assert.Equal(1, ApprovalRule.Needed(new TeamPolicy(), Purpose.Dev));
        Assert.Equal(1, ApprovalRule.Count(["carol@kund.dev", " Carol@Kund.dev ", "alice@kund.dev"], ["alice@kund.dev"]));
        Assert.True(ApprovalRule.IsSatisfied(2, ["carol@kund.dev", "erin@kund.dev"], ["alice@kund.dev"]));
    }

    [Fact]
    public void ChangeRules_VersionJumpShrinkAndRename_RefusedByPath()
    {
        var applied = SeedSpecs.Payments();
        var proposed = applied with
        {
            Name = "other",
            Vpc = applied.Vpc with { Cidr = "10.3.0.0/17" },
            Cluster = applied.Cluster! with { KubernetesVersion = "1.36" },
        };

        var result = ChangeRules.Check(applied, proposed, ValidationResult.Valid);

        Assert.Equal(["cluster.kubernetesVersion", "name", "vpc.cidr"], result.Errors.Keys.Order(StringComparer.Ordinal));
        Assert.True(ChangeRules.Check(applied, applied with { Cluster = applied.Cluster with { KubernetesVersion = "1.35" } }, ValidationResult.Valid).IsValid);
    }
}

using Kund.Domain.Policies;
using Kund.Domain.Specs;
using Kund.Domain.Teams;
using Kund.Tests.Domain.Specs;

namespace Kund.Tests.Domain.Policies;

/// <summary>Each rule of the policy gate failing at its path, naming the policy and what it allows, and passing.</summary>
public class PolicyRulesTests
{
    private static ValidationResult Check(EnvironmentSpec spec, TeamPolicy policy, decimal otherLive = 0)
    {
        var effective = PolicyRules.ApplyDefaults(SpecDefaults.Apply(spec, SpecFixtures.Catalog, policy), policy, SpecFixtures.Now);
        var own = SpecValidator.Validate(effective, SpecFixtures.Catalog, SpecFixtures.Now);
        ValidationAssert.NoErrors(own);
        return PolicyRules.Check(effective, SpecFixtures.Catalog, new PolicyInput("team-a", policy, otherLive), SpecFixtures.Now, own);
    }

    private static EnvironmentSpec WithNodeGroups(params NodeGroupSpec[] groups) =>
        SpecFixtures.Seed.WithCluster(c => c with { Compute = new ComputeSpec { NodeGroups = groups } });

    [Fact]
    public void Check_RegionNotAllowed_ErrorAtRegionNamingPolicyAndAllowed()
    {
        var result = Check(SpecFixtures.Seed, new TeamPolicy { AllowedRegions = ["eu-west-1", "us-east-1"] });

        ValidationAssert.HasError(result, "region", "ap-northeast-2 is not allowed by team-a's policy (eu-west-1, us-east-1)");
        ValidationAssert.NoErrors(Check(SpecFixtures.Seed, new TeamPolicy { AllowedRegions = ["ap-northeast-2"] }));
    }

    [Fact]
    public void Check_InstanceTypeOutsidePatterns_ErrorAtItsPathAsApiMdSays()
    {
        var policy = new TeamPolicy { AllowedInstanceTypes = ["t3.*", "m6i.*"] };
        var spec = WithNodeGroups(new NodeGroupSpec { Name = "general", InstanceTypes = ["m6i.large", "m7g.16xlarge"] });

        var result = Check(spec, policy);

        ValidationAssert.HasError(result, "cluster.compute.nodeGroups[0].instanceTypes[1]", "m7g.16xlarge is not allowed by team-a's policy (t3.*, m6i.*)");
        ValidationAssert.NoErrorAt(result, "cluster.compute.nodeGroups[0].instanceTypes[0]");
        ValidationAssert.NoErrors(Check(WithNodeGroups(new NodeGroupSpec { Name = "general", InstanceTypes = ["t3.large"] }), policy));
    }

    [Theory]
    [InlineData("t3.*", "t3.large", true)]
    [InlineData("t3.*", "t3a.large", false)]
    [InlineData("*.large", "m6i.large", true)]
    [InlineData("m6i.large", "M6I.LARGE", true)]
    [InlineData("m*.*large", "m6i.2xlarge", true)]
    [InlineData("m*.*large", "m6i.medium", false)]
    public void Matches_StarIsTheOnlyWildcard(string pattern, string instanceType, bool expected) =>
        Assert.Equal(expected, PolicyRules.Matches(pattern, instanceType));

    [Fact]
    public void Check_SupportTypeNotAllowed_ErrorAtSupportType()
    {
        var spec = SpecFixtures.Seed.WithCluster(c => c with { SupportType = ClusterSupportType.Extended });

        ValidationAssert.HasError(Check(spec, TeamPolicy.Safe), "cluster.supportType", "EXTENDED support is not allowed by team-a's policy (STANDARD)");
        ValidationAssert.NoErrors(Check(SpecFixtures.Seed, TeamPolicy.Safe));
    }

    [Fact]
    public void Check_NodeGroupsGrowPastMaxNodes_ErrorAtTheGroupThatPassesIt()
    {
        var spec = WithNodeGroups(
            new NodeGroupSpec { Name = "a", InstanceTypes = ["m6i.large"], MaxSize = 3 },
            new NodeGroupSpec { Name = "b", InstanceTypes = ["m6i.large"], MaxSize = 4 });

        var result = Check(spec, new TeamPolicy { MaxNodes = 5 });

        ValidationAssert.NoErrorAt(result, "cluster.compute.nodeGroups[0].maxSize");
        ValidationAssert.HasError(result, "cluster.compute.nodeGroups[1].maxSize", "7 nodes", "at most 5");
        ValidationAssert.NoErrors(Check(spec, new TeamPolicy { MaxNodes = 7 }));
    }

    [Fact]
    public void Check_RequiredTagMissing_ErrorAtTheTag()
    {
        var result = Check(SpecFixtures.Seed, new TeamPolicy { RequiredTags = ["cost-center", "owner"] });

        ValidationAssert.HasError(result, "tags.owner", "the tag owner is required by team-a's policy (required: cost-center, owner)");
        ValidationAssert.NoErrorAt(result, "tags.cost-center");
    }

    [Fact]
    public void Check_ExpiryBeyondTtlMaximum_ErrorAtExpiresAt_DefaultFromTtl()
    {
        var policy = new TeamPolicy { Ttl = new Dictionary<Purpose, TtlRule> { [Purpose.Dev] = new(7, 30) } };

        var late = Check(SpecFixtures.Seed with { ExpiresAt = SpecFixtures.Now.AddDays(31) }, policy);
        var defaulted = PolicyRules.ApplyDefaults(SpecFixtures.Seed, policy, SpecFixtures.Now);

        ValidationAssert.HasError(late, "expiresAt", "dev environments live at most 30 days by team-a's policy");
        ValidationAssert.NoErrors(Check(SpecFixtures.Seed with { ExpiresAt = SpecFixtures.Now.AddDays(30) }, policy));
        Assert.Equal(SpecFixtures.Now.AddDays(7), defaulted.ExpiresAt);
        Assert.Null(PolicyRules.ApplyDefaults(SpecFixtures.Seed with { Purpose = Purpose.Prod }, policy, SpecFixtures.Now).ExpiresAt);
    }

    [Fact]
    public void Check_EstimateAboveMaximumOrBudgetLeft_ErrorsAtMonthlyCostUsd()
    {
        // The seed costs about $253 a month: the control plane, two nodes and their volumes, one NAT gateway and its address.
        var tooDear = Check(SpecFixtures.Seed, new TeamPolicy { MaxMonthlyCostUsd = 100 });
        var overBudget = Check(SpecFixtures.Seed, new TeamPolicy { MonthlyBudgetUsd = 3000 }, otherLive: 2950);

        ValidationAssert.HasError(tooDear, PolicyRules.MonthlyCostUsd, "above the maximum of $100.00 per environment by team-a's policy");
        ValidationAssert.HasError(overBudget, PolicyRules.MonthlyCostUsd, "monthly budget of $3000.00", "live environments take $2950.00, $50.00 is left");
        ValidationAssert.NoErrors(Check(SpecFixtures.Seed, new TeamPolicy { MaxMonthlyCostUsd = 800, MonthlyBudgetUsd = 3000 }, otherLive: 2700));
    }
}

/// <summary>A policy's own rules: what an admin may store.</summary>
public class TeamPolicyRulesTests
{
    [Fact]
    public void Validate_BadNumbersPatternsAndTtl_ErrorsByPath()
    {
        var result = TeamPolicyRules.Validate(new TeamPolicy
        {
            MaxMonthlyCostUsd = -1,
            MonthlyBudgetUsd = -5,
            MaxNodes = -2,
            AllowedInstanceTypes = ["t3.*", "m6i.[large]"],
            Ttl = new Dictionary<Purpose, TtlRule> { [Purpose.Dev] = new(40, 30) },
            Approvals = new Dictionary<Purpose, int> { [Purpose.Prod] = 0 },
            Principals = ["not-an-arn"],
        });

        ValidationAssert.HasError(result, "maxMonthlyCostUsd", "negative");
        ValidationAssert.HasError(result, "monthlyBudgetUsd", "negative");
        ValidationAssert.HasError(result, "maxNodes", "negative");
        ValidationAssert.HasError(result, "allowedInstanceTypes[1]", "m6i.[large]");
        ValidationAssert.NoErrorAt(result, "allowedInstanceTypes[0]");
        ValidationAssert.HasError(result, "ttl.dev.defaultDays", "above the maximum of 30");
        ValidationAssert.HasError(result, "approvals.prod", "1 to 5");
        ValidationAssert.HasError(result, "principals[0]", "not-an-arn");
    }

    [Fact]
    public void Validate_SafeAndApiMdExample_Valid()
    {
        ValidationAssert.NoErrors(TeamPolicyRules.Validate(TeamPolicy.Safe));
        ValidationAssert.NoErrors(TeamPolicyRules.Validate(new TeamPolicy
        {
            AllowedRegions = ["ap-northeast-2"],
            MaxMonthlyCostUsd = 800,
            MonthlyBudgetUsd = 3000,
            AllowedInstanceTypes = ["t3.*", "m6i.*"],
            MaxNodes = 10,
            RequiredTags = ["cost-center"],
            Ttl = new Dictionary<Purpose, TtlRule> { [Purpose.Dev] = new(7, 30), [Purpose.Demo] = new(2, 7) },
            AutoApproveBelowUsd = new Dictionary<Purpose, decimal> { [Purpose.Dev] = 0 },
            Principals = ["arn:aws:iam::111111111111:role/team-a-developers"],
        }));
    }
}

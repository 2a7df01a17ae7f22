using Kund.Domain.Drift;
using Kund.Domain.Resources;

namespace Kund.Tests.Domain.Drift;

public class DriftRulesTests
{
    private static readonly DriftItem Scaled = new("nodegroup/general", ResourceKind.EksNodeGroup, "scaling.desiredSize", "2", "5", DriftSeverity.Functional);
    private static readonly DriftItem Tagged = new("subnet/public-a", ResourceKind.Subnet, "tags.owner", null, "ops", DriftSeverity.Cosmetic);
    private static readonly DriftItem Opened = new("eks", ResourceKind.EksCluster, "publicAccessCidrs", "203.0.113.0/24", "0.0.0.0/0", DriftSeverity.Security);

    [Fact]
    public void Without_TeamPatterns_DropsExactlyTheNamedNoise()
    {
        var report = new DriftReport([Scaled, Tagged, Opened], [new UnmanagedResource("subnet-1", "subnet", "by hand")]);

        var kept = report.Without(new DriftIgnore(["ekSnodegroup.scaling.DESIREDsize", "*.tags.owner", "unmanaged.subnet"]));

        Assert.Equal([Opened], kept.Items);
        Assert.Empty(kept.Unmanaged);
        Assert.Equal(DriftCheckStatus.Drifted, kept.Status);
        Assert.Same(report, report.Without(DriftIgnore.None));
    }

    [Fact]
    public void Without_PatternOfAnotherAttribute_KeepsTheItem()
    {
        var kept = new DriftReport([Scaled], []).Without(new DriftIgnore(["EksNodeGroup.scaling.maxSize", "EksNodeGroup.scaling", "", "  "]));

        Assert.Equal([Scaled], kept.Items);
    }

    [Fact]
    public void Ordered_MostSevereFirst_AndSummaryNamesTheHighest()
    {
        var report = new DriftReport([Tagged, Scaled, Opened], []).Ordered();

        Assert.Equal([Opened, Scaled, Tagged], report.Items);
        Assert.Equal(DriftSeverity.Security, report.Highest);
        Assert.Equal("3 items (highest Security), 0 unmanaged", report.Summary);
        Assert.Equal(DriftCheckStatus.InSync, DriftReport.InSync.Status);
        Assert.Null(DriftReport.InSync.Highest);
    }

    [Fact]
    public void Tags_ChangedRemovedAndAdded_CosmeticExceptKundsOwn()
    {
        var found = new DriftFindings("vpc", ResourceKind.Vpc);

        found.Tags(
            new Dictionary<string, string> { ["cost-center"] = "1234", ["Name"] = "a-vpc", ["kund:resource"] = "vpc" },
            [new("cost-center", "9999"), new("owner", "ops"), new("aws:cloudformation:stack-name", "x")]);

        Assert.Equal(
            [
                new DriftItem("vpc", ResourceKind.Vpc, "tags.Name", "a-vpc", null, DriftSeverity.Cosmetic),
                new DriftItem("vpc", ResourceKind.Vpc, "tags.cost-center", "1234", "9999", DriftSeverity.Cosmetic),
                new DriftItem("vpc", ResourceKind.Vpc, "tags.kund:resource", "vpc", null, DriftSeverity.Functional),
                new DriftItem("vpc", ResourceKind.Vpc, "tags.owner", null, "ops", DriftSeverity.Cosmetic),
            ],
            found.Items);
    }

    [Fact]
    public void AllowedCidrs_WidenedIsSecurity_NarrowedIsFunctional()
    {
        var found = new DriftFindings("eks", ResourceKind.EksCluster);

        found.AllowedCidrs("publicAccessCidrs", ["203.0.113.0/24"], ["203.0.113.0/24", "0.0.0.0/0"]);
        found.AllowedCidrs("narrowed", ["203.0.113.0/24", "198.51.100.0/24"], ["203.0.113.0/24"]);
        found.AllowedCidrs("same", ["203.0.113.0/24", "198.51.100.0/24"], ["198.51.100.0/24", "203.0.113.0/24"]);

        Assert.Equal([DriftSeverity.Security, DriftSeverity.Functional], found.Items.Select(i => i.Severity));
        Assert.Equal("0.0.0.0/0,203.0.113.0/24", found.Items[0].Actual);
    }

    [Theory]
    [InlineData(null, 1, 240)]
    [InlineData(12, 1, 720)]
    [InlineData(0, 1, 240)]
    [InlineData(4, 600, 0.4)]
    public void Interval_TeamHoursScaledBySandbox(int? hours, double timeScale, double expectedMinutes)
    {
        var interval = DriftSchedule.Interval(hours is null ? null : new DriftRules(CheckHours: hours), timeScale);

        Assert.Equal(TimeSpan.FromMinutes(expectedMinutes), interval);
        var now = new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
        Assert.True(DriftSchedule.IsDue(null, interval, now));
        Assert.True(DriftSchedule.IsDue(now - interval, interval, now));
        Assert.False(DriftSchedule.IsDue(now - (interval / 2), interval, now));
    }
}

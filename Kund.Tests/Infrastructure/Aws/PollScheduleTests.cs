using CsCheck;
using Kund.Infrastructure.Aws.Waiting;

namespace Kund.Tests.Infrastructure.Aws;

public sealed class PollScheduleTests
{
    private static readonly PollSchedule Nat = PollSchedule.For(TimeSpan.FromSeconds(90), 1);

    [Fact]
    public void NextDelay_AtStart_WaitsUntil85PercentOfExpected()
    {
        Assert.Equal(TimeSpan.FromSeconds(76.5), Nat.NextDelay(TimeSpan.Zero));
        Assert.Equal(TimeSpan.FromSeconds(16.5), Nat.NextDelay(TimeSpan.FromSeconds(60)));
    }

    [Fact]
    public void NextDelay_NearExpected_PollsEveryOnePercent()
    {
        Assert.Equal(TimeSpan.FromSeconds(0.9), Nat.NextDelay(TimeSpan.FromSeconds(80)));
        Assert.Equal(TimeSpan.FromSeconds(0.9), Nat.NextDelay(TimeSpan.FromSeconds(110)));
    }

    [Fact]
    public void NextDelay_WithinThreePercentOfExpected_PollsEveryQuarterPercent()
    {
        // 97 % of 90 s is 87.3 s, 103 % is 92.7 s.
        Assert.Equal(TimeSpan.FromSeconds(0.9), Nat.NextDelay(TimeSpan.FromSeconds(87.2)));
        Assert.Equal(TimeSpan.FromSeconds(0.225), Nat.NextDelay(TimeSpan.FromSeconds(87.4)));
        Assert.Equal(TimeSpan.FromSeconds(0.225), Nat.NextDelay(TimeSpan.FromSeconds(90)));
        Assert.Equal(TimeSpan.FromSeconds(0.225), Nat.NextDelay(TimeSpan.FromSeconds(92.6)));
        Assert.Equal(TimeSpan.FromSeconds(0.9), Nat.NextDelay(TimeSpan.FromSeconds(92.8)));
    }

    [Theory]
    [InlineData(0.98)]
    [InlineData(0.993)]
    [InlineData(1.0)]
    [InlineData(1.004)]
    [InlineData(1.029)]
    public void NextDelay_ReadyNearExpected_NoticedWithinAQuarterPercent_InUnderForty(double readyAt)
    {
        // A 10-minute cluster that becomes ready near its expected time, each poll answering at once.
        var cluster = PollSchedule.For(TimeSpan.FromMinutes(10), 1);
        var ready = cluster.Expected * readyAt;
        var elapsed = TimeSpan.Zero;
        var polls = 0;
        while (elapsed < ready)
        {
            elapsed += cluster.NextDelay(elapsed);
            polls++;
        }

        Assert.InRange(elapsed - ready, TimeSpan.Zero, cluster.Expected * PollSchedule.FineStepFraction);
        Assert.InRange(polls, 1, 40);
    }

    [Fact]
    public void NextDelay_WellPastExpected_BacksOffUpToCeiling()
    {
        var justPast = Nat.NextDelay(TimeSpan.FromSeconds(135));
        var later = Nat.NextDelay(TimeSpan.FromSeconds(180));

        Assert.True(justPast > TimeSpan.FromSeconds(0.9));
        Assert.True(later > justPast);
        Assert.Equal(TimeSpan.FromSeconds(15), Nat.NextDelay(TimeSpan.FromHours(1)));
    }

    [Fact]
    public void For_TimeScale_DividesEveryDuration()
    {
        var scaled = PollSchedule.For(TimeSpan.FromSeconds(600), 600);

        Assert.Equal(TimeSpan.FromSeconds(1), scaled.Expected);
        Assert.Equal(TimeSpan.FromMilliseconds(850), scaled.NextDelay(TimeSpan.Zero));
        Assert.Equal(TimeSpan.FromMilliseconds(10), scaled.NextDelay(TimeSpan.FromMilliseconds(900)));
    }

    [Fact]
    public void NextDelay_AnyElapsed_PollAfterFirstIsWithinFloorAndCeiling()
    {
        Gen.Int[1, 3600].Select(Gen.Double[0, 10]).Sample((expectedSeconds, elapsedFactor) =>
        {
            var schedule = PollSchedule.For(TimeSpan.FromSeconds(expectedSeconds), 1);
            var elapsed = schedule.Expected * (PollSchedule.FirstPollFraction + elapsedFactor);
            var delay = schedule.NextDelay(elapsed);
            return delay >= schedule.Floor && delay <= schedule.Ceiling;
        });
    }
}

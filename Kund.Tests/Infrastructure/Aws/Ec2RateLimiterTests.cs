using System.Diagnostics;
using Amazon.EC2;
using Amazon.EC2.Model;
using Kund.Infrastructure.Aws.Http;
using Kund.Tests.Infrastructure.Aws.Contract;
using Microsoft.Extensions.Time.Testing;

namespace Kund.Tests.Infrastructure.Aws;

/// <summary>Issue 19.3: Kund's own copy of EC2's buckets, so calls wait for a token instead of being refused.</summary>
public sealed class Ec2RateLimiterTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 2, 3, 0, 0, TimeSpan.Zero));

    [Fact]
    public void AcquireAsync_MutatingBurst_OneShortOfEc2sFiftyThenAFifthOfASecondEach()
    {
        var limiter = new Ec2RateLimiter(_time);
        var burst = Enumerable.Range(0, 49).Select(_ => Take(limiter, "ap-northeast-2", "CreateSubnet")).ToList();
        var next = Take(limiter, "ap-northeast-2", "CreateSubnet");

        Assert.All(burst, t => Assert.True(t.IsCompletedSuccessfully));
        Assert.False(next.IsCompleted);
        _time.Advance(TimeSpan.FromMilliseconds(199));
        Assert.False(next.IsCompleted);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(next.IsCompletedSuccessfully);
        Assert.Equal(1, limiter.Waited);
    }

    [Fact]
    public void AcquireAsync_NatGatewaysNineThenOneASecond_OtherActionsKeepTheirOwnBuckets()
    {
        var limiter = new Ec2RateLimiter(_time);
        for (var i = 0; i < 9; i++)
        {
            Assert.True(Take(limiter, "ap-northeast-2", "CreateNatGateway").IsCompletedSuccessfully);
        }

        var eleventh = Take(limiter, "ap-northeast-2", "CreateNatGateway");
        var delete = Take(limiter, "ap-northeast-2", "DeleteNatGateway");
        var elsewhere = Take(limiter, "us-east-1", "CreateNatGateway");

        Assert.True(delete.IsCompletedSuccessfully);
        Assert.True(elsewhere.IsCompletedSuccessfully);
        _time.Advance(TimeSpan.FromMilliseconds(999));
        Assert.False(eleventh.IsCompleted);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(eleventh.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task AcquireAsync_Waiting_TurnsInTheOrderCallsCame()
    {
        var limiter = new Ec2RateLimiter(_time);
        for (var i = 0; i < 9; i++)
        {
            _ = Take(limiter, "ap-northeast-2", "DeleteNatGateway");
        }

        var finished = new List<int>();
        var waiting = Enumerable.Range(0, 3)
            .Select(i => Take(limiter, "ap-northeast-2", "DeleteNatGateway").ContinueWith(_ => finished.Add(i), TaskScheduler.Default))
            .ToList();
        for (var second = 0; second < 3; second++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            await waiting[second].WaitAsync(TimeSpan.FromSeconds(5));
        }

        Assert.Equal([0, 1, 2], finished);
    }

    [Fact]
    public async Task AcquireAsync_CancelledWhileWaiting_GivesItsTurnBack()
    {
        var limiter = new Ec2RateLimiter(_time);
        for (var i = 0; i < 9; i++)
        {
            _ = Take(limiter, "ap-northeast-2", "CreateNatGateway");
        }

        using var cancel = new CancellationTokenSource();
        var cancelled = limiter.AcquireAsync("ap-northeast-2", "CreateNatGateway", cancel.Token).AsTask();
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        var next = Take(limiter, "ap-northeast-2", "CreateNatGateway");

        _time.Advance(TimeSpan.FromSeconds(1));
        await next.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.True(next.IsCompletedSuccessfully);
    }

    [Fact]
    public void ApiRateBound_CallsBeyondTheBurst_AtTheSlowestBucketsRate()
    {
        var limiter = new Ec2RateLimiter(_time);
        for (var i = 0; i < 60; i++)
        {
            _ = Take(limiter, "ap-northeast-2", "CreateSubnet");
        }

        for (var i = 0; i < 13; i++)
        {
            _ = Take(limiter, "ap-northeast-2", "CreateNatGateway");
        }

        // Subnets: 10 beyond the burst of 50 at 5 a second, 2 s; NAT gateways: 3 beyond 10 at 1 a second, 3 s.
        Assert.Equal(TimeSpan.FromSeconds(3), limiter.ApiRateBound());
        Assert.Equal(60, limiter.Taken()["CreateSubnet"]);
    }

    [Fact]
    public async Task Ec2Client_SixtyMutatingCallsAtOnce_NoneRefusedByTheSandboxsBucket()
    {
        // One attempt per call: a refused call would surface as RequestLimitExceeded instead of being retried.
        using var cloud = new SandboxCloudUnderTest(configureAws: o => o.MaxAttempts = 1);
        var ec2 = cloud.Clients.Ec2(SeedEnvironment.Region);
        var clock = Stopwatch.StartNew();

        var errors = await Task.WhenAll(Enumerable.Range(0, 60).Select(i => ErrorOfAsync(ec2, i)));

        Assert.All(errors, code => Assert.Equal("InvalidSubnetID.NotFound", code));
        Assert.Equal(0, cloud.Cloud.Calls.Throttled("DeleteSubnet"));
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(1.8), $"ten calls past the burst at 5 a second took only {clock.Elapsed}");
    }

    [Fact]
    public async Task Ec2Client_LimiterOff_TheSandboxRefusesTheCallsPastItsBurst()
    {
        using var cloud = new SandboxCloudUnderTest(configureAws: o => { o.MaxAttempts = 1; o.ClientRateLimit = false; });
        var ec2 = cloud.Clients.Ec2(SeedEnvironment.Region);

        var errors = await Task.WhenAll(Enumerable.Range(0, 60).Select(i => ErrorOfAsync(ec2, i)));

        Assert.Null(cloud.Clients.Ec2RateLimiter);
        Assert.InRange(errors.Count(code => code == "RequestLimitExceeded"), 1, 10);
    }

    private static Task Take(Ec2RateLimiter limiter, string region, string action) =>
        limiter.AcquireAsync(region, action, CancellationToken.None).AsTask();

    private static async Task<string> ErrorOfAsync(IAmazonEC2 ec2, int i)
    {
        try
        {
            await ec2.DeleteSubnetAsync(new DeleteSubnetRequest { SubnetId = $"subnet-{i:x17}" });
            return "none";
        }
        catch (AmazonEC2Exception e)
        {
            return e.ErrorCode;
        }
    }
}

using Amazon.Runtime;
using Kund.Infrastructure.Aws;
using Kund.Infrastructure.Aws.Eks.Model;
using Kund.Infrastructure.Aws.Http;
using Kund.Infrastructure.Aws.Iam.Model;
using Kund.Infrastructure.Configuration;
using Kund.Infrastructure.Sandbox;
using Kund.Tests.Infrastructure.Sandbox;
using Microsoft.Extensions.Time.Testing;

namespace Kund.Tests.Infrastructure.Aws;

/// <summary>
/// A caller whose clock is off by more than AWS's fifteen minutes: the sandbox refuses it as AWS does, with its
/// own clock in <c>Date</c>; Kund's clients correct their clock from it and sign again, as the SDKs do.
/// </summary>
public sealed class ClockSkewTests : IDisposable
{
    private readonly SandboxHarness _sandbox = new();
    private readonly AwsClients _clients;

    public ClockSkewTests() =>
        _clients = new AwsClients(
            new AwsOptions { Region = SandboxHarness.Region, Mode = KundMode.Sandbox, TimeScale = 100_000, MaxAttempts = 3 },
            new AwsTransport(MessageHandler: new SandboxHttpHandler(_sandbox.Cloud)),
            _sandbox.Time,
            new BasicAWSCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"));

    [Theory]
    [InlineData(20)]
    [InlineData(-20)]
    public async Task Eks_CallerClockSkewed_CorrectedFromTheAnswerAndSignedAgainOnce(int minutes)
    {
        _sandbox.Cloud.CallerClockSkew = TimeSpan.FromMinutes(minutes);

        await _clients.Eks().ListClustersAsync(new ListClustersRequest());
        await _clients.Eks().ListClustersAsync(new ListClustersRequest());

        // One refusal, then the corrected clock signs every request.
        Assert.Equal(1, _sandbox.Cloud.Calls.RefusedForClockSkew);
        Assert.Equal(2, _sandbox.Cloud.Calls.Calls("ListClusters"));
    }

    [Fact]
    public async Task Iam_CallerClockSkewed_TheAnswerAfterTheCorrectionIsTheServicesOwn()
    {
        _sandbox.Cloud.CallerClockSkew = TimeSpan.FromHours(-3);

        var error = await Assert.ThrowsAnyAsync<AmazonServiceException>(() => _clients.Iam.GetRoleAsync(new GetRoleRequest { RoleName = "nobody-made-me" }));

        Assert.Equal("NoSuchEntity", error.ErrorCode);
        Assert.Equal(1, _sandbox.Cloud.Calls.RefusedForClockSkew);
    }

    [Fact]
    public async Task Eks_SkewWithinFifteenMinutes_Accepted()
    {
        _sandbox.Cloud.CallerClockSkew = TimeSpan.FromMinutes(10);

        await _clients.Eks().ListClustersAsync(new ListClustersRequest());

        Assert.Equal(0, _sandbox.Cloud.Calls.RefusedForClockSkew);
    }

    [Fact]
    public void Correct_OnlyARefusalForSkewWithADateFarFromTheClock()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 2, 3, 0, 0, TimeSpan.Zero));
        var clock = new AwsClockCorrection(time);

        Assert.False(clock.Correct("SignatureDoesNotMatch", time.GetUtcNow().AddMinutes(1)));
        Assert.False(clock.Correct("AccessDenied", time.GetUtcNow().AddMinutes(30)));
        Assert.False(clock.Correct("SignatureDoesNotMatch", null));
        Assert.Equal(TimeSpan.Zero, clock.Offset);

        Assert.True(clock.Correct("RequestTimeTooSkewed", time.GetUtcNow().AddMinutes(30)));
        Assert.Equal(TimeSpan.FromMinutes(30), clock.Offset);
        Assert.Equal(time.GetUtcNow().AddMinutes(30), clock.Now);
    }

    public void Dispose()
    {
        _clients.Dispose();
        _sandbox.Dispose();
    }
}

namespace Kund.Tests.Infrastructure.Aws.Contract;

/// <summary>Runs only when <c>KUND_AWS_LIVE=1</c>: real resources, real money, never in CI.</summary>
public sealed class LiveAwsFactAttribute : FactAttribute
{
    public LiveAwsFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("KUND_AWS_LIVE") != "1")
        {
            Skip = "Live AWS run: set KUND_AWS_LIVE=1 with credentials for a disposable account (creates and destroys a VPC, a NAT gateway and an EKS cluster).";
        }

        Timeout = (int)TimeSpan.FromMinutes(60).TotalMilliseconds;
    }
}

/// <summary>The same contract as <see cref="SandboxDriverContractTests"/>, against real AWS.</summary>
public sealed class LiveAwsDriverContractTests
{
    [LiveAwsFact]
    public async Task NetworkEnvironment_CreateCheckDestroy_LeavesNothingBehind()
    {
        using var cloud = new LiveAwsCloudUnderTest();

        await DriverContract.CreateCheckDestroyAsync(cloud, withCluster: false);
    }

    [LiveAwsFact]
    public async Task SeedEnvironment_CreateCheckDestroy_LeavesNothingBehind()
    {
        using var cloud = new LiveAwsCloudUnderTest();

        await DriverContract.CreateCheckDestroyAsync(cloud, withCluster: true);
    }
}

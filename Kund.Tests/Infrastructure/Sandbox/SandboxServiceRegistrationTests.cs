using Kund.Infrastructure.Sandbox;
using Kund.Infrastructure.Sandbox.Persistence;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Kund.Tests.Infrastructure.Sandbox;

public sealed class SandboxServiceRegistrationTests
{
    [Fact]
    public void AddSandboxCloud_WithStatePath_BindsOptionsAndUsesJsonFileStore()
    {
        var statePath = Path.Combine(Path.GetTempPath(), $"kund-{Guid.NewGuid():N}.json");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Kund:Sandbox:TimeScale"] = "60",
            ["Kund:Sandbox:StatePath"] = statePath,
            ["Kund:Sandbox:VpcLimitPerRegion"] = "200",
        }).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration);

        try
        {
            using var provider = services.AddSandboxCloud().BuildServiceProvider();
            var cloud = provider.GetRequiredService<SandboxCloud>();

            Assert.Equal(60, cloud.Options.TimeScale);
            Assert.Equal(200, cloud.Options.VpcLimitPerRegion);
            Assert.Equal(TimeSpan.FromSeconds(1.5), cloud.Timings.NatGatewayCreate);
            Assert.IsType<JsonFileSandboxStateStore>(provider.GetRequiredService<ISandboxStateStore>());
            Assert.Same(cloud, provider.GetRequiredService<SandboxHttpClientFactory>().Cloud);
        }
        finally
        {
            File.Delete(statePath);
        }
    }

    [Fact]
    public void AddSandboxCloud_FaultsInConfiguration_AreActiveFromStart()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Kund:Sandbox:FaultSeed"] = "7",
            ["Kund:Sandbox:Faults:CreateVpc:ErrorRate"] = "0.25",
            ["Kund:Sandbox:Faults:CreateVpc:Code"] = "RequestLimitExceeded",
            ["Kund:Sandbox:Faults:CreateVpc:Status"] = "ServiceUnavailable",
            ["Kund:Sandbox:Faults:CreateVpc:Latency"] = "00:00:00.200",
        }).Build();

        using var provider = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddSandboxCloud().BuildServiceProvider();
        var fault = provider.GetRequiredService<SandboxCloud>().Faults.Get("CreateVpc");

        Assert.Equal(new OperationFault(0.25, "RequestLimitExceeded", System.Net.HttpStatusCode.ServiceUnavailable, null, TimeSpan.FromMilliseconds(200)), fault);
    }
}

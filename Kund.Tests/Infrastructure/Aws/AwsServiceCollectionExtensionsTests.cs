using Kund.Domain.Execution;
using Kund.Domain.Resources;
using Kund.Infrastructure.Aws;
using Kund.Infrastructure.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Kund.Tests.Infrastructure.Aws;

public sealed class AwsServiceCollectionExtensionsTests
{
    [Fact]
    public async Task AddKundAws_SandboxTransport_ResolvesDriverForEveryKindOverTheTransport()
    {
        var handler = new RecordingHandler(_ => RecordingHandler.Xml(
            "<DescribeVpcsResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\"><requestId>r</requestId><vpcSet/></DescribeVpcsResponse>"));
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().Build())
            .AddKundAws(o => o.Mode = KundMode.Sandbox, _ => new AwsTransport(MessageHandler: handler));
        await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        var drivers = provider.GetRequiredService<IResourceDriverSet>();
        foreach (var kind in Enum.GetValues<ResourceKind>())
        {
            Assert.Equal(kind, drivers.For(kind).Kind);
        }

        var vpcs = await provider.GetRequiredService<AwsClients>().Ec2("eu-west-1").DescribeVpcsAsync(new Amazon.EC2.Model.DescribeVpcsRequest());
        Assert.Empty(vpcs.Vpcs ?? []);
        var request = Assert.Single(handler.Requests);
        Assert.Equal("ec2.eu-west-1.amazonaws.com", request.Uri.Host);
        Assert.Contains("Credential=AKIASANDBOXKUND00001/", request.Headers["Authorization"], StringComparison.Ordinal);
    }

    [Fact]
    public void AwsClients_SandboxModeWithoutTransport_IsRefused()
    {
        Assert.Throws<ArgumentException>(() => new AwsClients(new AwsOptions { Mode = KundMode.Sandbox }, AwsTransport.Network, TimeProvider.System));
    }

    [Fact]
    public async Task AddKundAws_KundModeSandbox_TakesModeAndTimeScaleFromKundSettings()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Kund:Mode"] = "Sandbox", ["Kund:Sandbox:TimeScale"] = "600", ["Kund:Aws:Region"] = "eu-west-1" })
            .Build();
        var handler = new RecordingHandler(_ => RecordingHandler.Xml("<x/>"));
        await using var provider = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddKundAws(transport: _ => new AwsTransport(MessageHandler: handler))
            .BuildServiceProvider();

        var options = provider.GetRequiredService<AwsClients>().Options;

        Assert.Equal(KundMode.Sandbox, options.Mode);
        Assert.Equal(600, options.EffectiveTimeScale);
        Assert.Equal("eu-west-1", options.Region);
    }
}

using Amazon.EC2.Model;
using Kund.Domain.Execution;
using Kund.Infrastructure.Aws;
using Kund.Infrastructure.Aws.Drivers;
using Kund.Infrastructure.Aws.Eks;
using Kund.Infrastructure.Aws.Eks.Model;
using Kund.Infrastructure.Aws.Iam;
using Kund.Infrastructure.Aws.Iam.Model;
using Kund.Infrastructure.Configuration;
using Kund.Infrastructure.Sandbox;
using Kund.Infrastructure.Sandbox.Persistence;

namespace Kund.Tests.Infrastructure.Aws.Contract;

/// <summary>The cloud a contract test runs against: the sandbox (default) or real AWS (<c>KUND_AWS_LIVE=1</c>).</summary>
internal abstract class CloudUnderTest : IDisposable
{
    public abstract AwsClients Clients { get; }

    public abstract TimeProvider Time { get; }

    public IResourceDriverSet Drivers => field ??= ResourceDriverSet.Create(Clients, Time);

    /// <summary>Ids of everything of <paramref name="environment"/> that still exists (deleted NAT gateways aside).</summary>
    public abstract Task<IReadOnlyList<string>> LeftoversAsync(EnvironmentRef environment, IReadOnlyList<Kund.Domain.Resources.ResourceNode> nodes);

    public abstract void Dispose();
}

internal sealed class SandboxCloudUnderTest : CloudUnderTest
{
    private readonly SandboxHttpClientFactory _factory;
    private readonly AwsClients _clients;

    public SandboxCloudUnderTest(double timeScale = 600, Action<SandboxOptions>? configure = null, TimeProvider? time = null, Action<AwsOptions>? configureAws = null)
    {
        Time = time ?? TimeProvider.System;
        var options = new SandboxOptions { TimeScale = timeScale };
        configure?.Invoke(options);
        Cloud = new SandboxCloud(options, Time, new InMemorySandboxStateStore());
        _factory = new SandboxHttpClientFactory(Cloud);
        var awsOptions = new AwsOptions { Region = SeedEnvironment.Region, Mode = KundMode.Sandbox, TimeScale = timeScale };
        configureAws?.Invoke(awsOptions);
        _clients = new AwsClients(
            awsOptions,
            new AwsTransport(_factory),
            Time);
    }

    public SandboxCloud Cloud { get; }

    public override AwsClients Clients => _clients;

    public override TimeProvider Time { get; }

    public override Task<IReadOnlyList<string>> LeftoversAsync(EnvironmentRef environment, IReadOnlyList<Kund.Domain.Resources.ResourceNode> nodes)
    {
        var roleNames = nodes.Select(n => n.Desired).OfType<Kund.Domain.Resources.IamRoleDesired>().Select(r => r.RoleName).ToList();
        IReadOnlyList<string> left = Cloud.Inventory()
            .Where(i => (i.Tags.TryGetValue(KundTags.EnvironmentTag, out var env) && env == environment.Id.ToString("D"))
                || roleNames.Any(r => i.Id.StartsWith(r + "/", StringComparison.Ordinal)))
            .Where(i => i.State != "deleted")
            .Select(i => $"{i.Kind}:{i.Id}:{i.State}")
            .ToList();
        return Task.FromResult(left);
    }

    public override void Dispose()
    {
        _clients.Dispose();
        _factory.Dispose();
        Cloud.Dispose();
    }
}

/// <summary>Real AWS through the default credential chain. Only with <c>KUND_AWS_LIVE=1</c>; never in CI.</summary>
internal sealed class LiveAwsCloudUnderTest : CloudUnderTest
{
    private readonly AwsClients _clients = new(
        new AwsOptions { Region = SeedEnvironment.Region, Mode = KundMode.Aws },
        AwsTransport.Network,
        TimeProvider.System);

    public override AwsClients Clients => _clients;

    public override TimeProvider Time => TimeProvider.System;

    public override async Task<IReadOnlyList<string>> LeftoversAsync(EnvironmentRef environment, IReadOnlyList<Kund.Domain.Resources.ResourceNode> nodes)
    {
        var ec2 = Clients.Ec2(environment.Region);
        List<Filter> Filters() => [new Filter($"tag:{KundTags.EnvironmentTag}", [environment.Id.ToString("D")])];
        var left = new List<string>();
        left.AddRange(((await ec2.DescribeVpcsAsync(new DescribeVpcsRequest { Filters = Filters() })).Vpcs ?? []).Select(v => v.VpcId));
        left.AddRange(((await ec2.DescribeSubnetsAsync(new DescribeSubnetsRequest { Filters = Filters() })).Subnets ?? []).Select(s => s.SubnetId));
        left.AddRange(((await ec2.DescribeInternetGatewaysAsync(new DescribeInternetGatewaysRequest { Filters = Filters() })).InternetGateways ?? []).Select(g => g.InternetGatewayId));
        left.AddRange(((await ec2.DescribeAddressesAsync(new DescribeAddressesRequest { Filters = Filters() })).Addresses ?? []).Select(a => a.AllocationId));
        left.AddRange(((await ec2.DescribeNatGatewaysAsync(new DescribeNatGatewaysRequest { Filter = Filters() })).NatGateways ?? []).Where(n => n.State != Amazon.EC2.NatGatewayState.Deleted).Select(n => n.NatGatewayId));
        left.AddRange(((await ec2.DescribeRouteTablesAsync(new DescribeRouteTablesRequest { Filters = Filters() })).RouteTables ?? []).Select(r => r.RouteTableId));
        foreach (var node in nodes)
        {
            switch (node.Desired)
            {
                case Kund.Domain.Resources.IamRoleDesired role:
                    try
                    {
                        await Clients.Iam.GetRoleAsync(new GetRoleRequest { RoleName = role.RoleName });
                        left.Add(role.RoleName);
                    }
                    catch (IamServiceException e) when (e.ErrorCode == "NoSuchEntity")
                    {
                    }

                    break;
                case Kund.Domain.Resources.EksClusterDesired cluster:
                    try
                    {
                        await Clients.Eks(environment.Region).DescribeClusterAsync(new DescribeClusterRequest { Name = cluster.Name });
                        left.Add(cluster.Name);
                    }
                    catch (EksServiceException e) when (e.ErrorCode == "ResourceNotFoundException")
                    {
                    }

                    break;
            }
        }

        return left;
    }

    public override void Dispose() => _clients.Dispose();
}

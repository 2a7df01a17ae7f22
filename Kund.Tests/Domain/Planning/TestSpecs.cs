using Kund.Domain.Specs;
using Kund.Tests.Support;

namespace Kund.Tests.Domain.Planning;

/// <summary>The seed spec of api.md (<see cref="SeedSpecs"/>, every default filled in), and variations of it.</summary>
internal static class TestSpecs
{
    public const string ExistingRoleArn = "arn:aws:iam::123456789012:role/platform-eks";

    public static EnvironmentSpec Seed() => SeedSpecs.Payments();

    public static EnvironmentSpec NetworkOnly() => Seed() with { Cluster = null };

    public static EnvironmentSpec PerAz() => Seed() with { Routing = new RoutingSpec { InternetGateway = true, NatGateways = NatGatewayMode.PerAz } };

    public static EnvironmentSpec NoNat() => Seed() with { Routing = new RoutingSpec { InternetGateway = true, NatGateways = NatGatewayMode.None } };

    public static EnvironmentSpec ExistingRole() =>
        Seed() with { ClusterRole = new ClusterRoleSpec { Create = false, ExistingArn = ExistingRoleArn } };
}

using Kund.Domain.Specs;
using Kund.Tests.Support;

namespace Kund.Tests.Domain.Planning;

/// <summary>
/// The seed spec of api.md (<see cref="SeedSpecs"/>) as a user sends it — every network default spelled out,
/// the cluster's compute, add-ons and access left out, as a spec stored before they existed — and
/// <see cref="Effective()"/>, what the service stores once the defaults are applied; and variations of them.
/// </summary>
internal static class TestSpecs
{
    public const string ExistingRoleArn = "arn:aws:iam::123456789012:role/platform-eks";

    public static EnvironmentSpec Seed() => SeedSpecs.Payments();

    /// <summary>The seed with every default applied, the team's sandbox policy giving its access entry: 23 nodes.</summary>
    public static EnvironmentSpec Effective() => Effective(Seed());

    public static EnvironmentSpec Effective(EnvironmentSpec spec) =>
        SpecDefaults.Apply(spec, Kund.Tests.Domain.Specs.SpecFixtures.Catalog, Kund.Tests.Domain.Specs.SpecFixtures.PolicyOf(spec));

    /// <summary>The effective seed with the cluster changed.</summary>
    public static EnvironmentSpec EffectiveWith(Func<ClusterSpec, ClusterSpec> change)
    {
        var seed = Seed();
        return Effective(seed with { Cluster = change(seed.Cluster!) });
    }

    public static EnvironmentSpec NetworkOnly() => Seed() with { Cluster = null };

    public static EnvironmentSpec PerAz() => Seed() with { Routing = new RoutingSpec { InternetGateway = true, NatGateways = NatGatewayMode.PerAz } };

    public static EnvironmentSpec Regional() => Seed() with { Routing = new RoutingSpec { InternetGateway = true, NatGateways = NatGatewayMode.Regional } };

    public static EnvironmentSpec NoNat() => Seed() with { Routing = new RoutingSpec { InternetGateway = true, NatGateways = NatGatewayMode.None } };

    public static EnvironmentSpec ExistingRole() =>
        Seed() with { ClusterRole = new ClusterRoleSpec { Create = false, ExistingArn = ExistingRoleArn } };
}

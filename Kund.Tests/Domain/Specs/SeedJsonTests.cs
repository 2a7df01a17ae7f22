using Kund.Tests.Support;

namespace Kund.Tests.Domain.Specs;

/// <summary>api.md's request body and the seed fixture every test and benchmark uses are one spec.</summary>
public sealed class SeedJsonTests
{
    [Fact]
    public void SeedJson_ReadAsTheApiReadsIt_IsTheSeedFixture() =>
        Assert.Equal(SpecFixtures.ToJson(SeedSpecs.Payments()), SpecFixtures.ToJson(SpecFixtures.FromJson(SpecFixtures.SeedJson)));
}

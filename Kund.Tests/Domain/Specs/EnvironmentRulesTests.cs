using Kund.Domain.Specs;
using static Kund.Tests.Domain.Specs.ValidationAssert;

namespace Kund.Tests.Domain.Specs;

public class EnvironmentRulesTests
{
    [Theory]
    [InlineData("abc")]
    [InlineData("payments-dev")]
    [InlineData("a1-2")]
    [InlineData("abcdefghij-abcdefghij-abcdefghij-abcdefg")]
    public void Name_DnsLabel3To40_NoError(string name) =>
        NoErrorAt(SpecFixtures.Validate(SpecFixtures.Seed with { Name = name }), SpecPaths.Name);

    [Theory]
    [InlineData("", "a name is required")]
    [InlineData("ab", "ab is 2 characters long; a name has 3 to 40")]
    [InlineData("abcdefghij-abcdefghij-abcdefghij-abcdefgh", "is 41 characters long; a name has 3 to 40")]
    [InlineData("Payments", "Payments may contain only lowercase letters, digits and hyphens")]
    [InlineData("pay_ments", "pay_ments may contain only lowercase letters, digits and hyphens")]
    [InlineData("1payments", "1payments must start with a letter")]
    [InlineData("-payments", "-payments must start with a letter")]
    [InlineData("payments-", "payments- must not end with a hyphen")]
    public void Name_NotADnsLabel_ErrorSaysWhy(string name, string message) =>
        HasError(SpecFixtures.Validate(SpecFixtures.Seed with { Name = name }), SpecPaths.Name, message);

    [Fact]
    public void Name_Uppercase_OneErrorNotTwo() =>
        Assert.Equal(["Payments may contain only lowercase letters, digits and hyphens"], SpecFixtures.Validate(SpecFixtures.Seed with { Name = "Payments" }).ErrorsAt(SpecPaths.Name));

    [Fact]
    public void Team_Empty_Error() =>
        HasError(SpecFixtures.Validate(SpecFixtures.Seed with { Team = " " }), SpecPaths.Team, "a team is required");

    [Fact]
    public void Team_Given_NoError() =>
        NoErrorAt(SpecFixtures.Validate(SpecFixtures.Seed with { Team = "team-b" }), SpecPaths.Team);

    [Fact]
    public void Region_Unknown_ErrorListsKnownRegions() =>
        HasError(
            SpecFixtures.Validate(SpecFixtures.Seed with { Region = "mars-north-1" }),
            SpecPaths.Region,
            "region mars-north-1 is not known; known regions: ap-northeast-2, us-east-1 and eu-west-1");

    [Fact]
    public void Region_Known_NoError()
    {
        var spec = SpecFixtures.Minimal with { Region = "us-east-1" };

        NoErrors(SpecFixtures.Validate(spec));
    }

    [Fact]
    public void ExpiresAt_InThePast_ErrorNamesBothInstants() =>
        HasError(
            SpecFixtures.Validate(SpecFixtures.Seed with { ExpiresAt = SpecFixtures.Now.AddDays(-1) }),
            SpecPaths.ExpiresAt,
            "expiresAt 2026-11-24T12:00:00Z is not in the future (now is 2026-11-25T12:00:00Z)");

    [Fact]
    public void ExpiresAt_Now_Error() =>
        HasError(SpecFixtures.Validate(SpecFixtures.Seed with { ExpiresAt = SpecFixtures.Now }), SpecPaths.ExpiresAt, "not in the future");

    [Fact]
    public void ExpiresAt_InTheFuture_NoError() =>
        NoErrorAt(SpecFixtures.Validate(SpecFixtures.Seed with { ExpiresAt = SpecFixtures.Now.AddDays(7) }), SpecPaths.ExpiresAt);
}

using Kund.Domain.Specs;
using static Kund.Tests.Domain.Specs.ValidationAssert;

namespace Kund.Tests.Domain.Specs;

public class TagRulesTests
{
    private static ValidationResult WithTags(Dictionary<string, string> tags) => SpecFixtures.Validate(SpecFixtures.Seed with { Tags = tags });

    private static Dictionary<string, string> Many(int count) =>
        Enumerable.Range(1, count).ToDictionary(i => $"tag{i}", i => "v");

    [Fact]
    public void Count_47_NoError() => NoErrorAt(WithTags(Many(47)), SpecPaths.Tags);

    [Fact]
    public void Count_48_ErrorExplainsKundsOwnTags() =>
        HasError(WithTags(Many(48)), SpecPaths.Tags, "48 tags are given; at most 47", "kund:environment, kund:resource and Name");

    [Theory]
    [InlineData("cost-center")]
    [InlineData("team/owner")]
    [InlineData("Cost Center:1")]
    [InlineData("awsome")]
    public void Key_Allowed_NoError(string key) => NoErrors(WithTags(new() { [key] = "1234" }));

    [Theory]
    [InlineData("aws:createdBy", "starts with aws:, which AWS reserves")]
    [InlineData("AWS:createdBy", "starts with aws:, which AWS reserves")]
    [InlineData("kund:owner", "starts with kund:, which Kund reserves")]
    [InlineData("Kund:owner", "starts with kund:, which Kund reserves")]
    [InlineData("Name", "the tag Name is set by Kund")]
    [InlineData("cost#center", "may contain only letters, digits, spaces and _ . : / = + - @")]
    public void Key_Reserved_ErrorAtThatTag(string key, string message) =>
        HasError(WithTags(new() { [key] = "1" }), SpecPaths.Tag(key), message);

    [Fact]
    public void Key_Over128Characters_Error()
    {
        var key = new string('k', 129);

        HasError(WithTags(new() { [key] = "1" }), SpecPaths.Tag(key), "is 129 characters long; at most 128");
    }

    [Fact]
    public void Key_Empty_ErrorAtTags() => HasError(WithTags(new() { [""] = "1" }), SpecPaths.Tags, "a tag key is empty");

    [Fact]
    public void Value_256Characters_NoError() => NoErrors(WithTags(new() { ["note"] = new string('v', 256) }));

    [Fact]
    public void Value_257Characters_Error() =>
        HasError(WithTags(new() { ["note"] = new string('v', 257) }), "tags.note", "the value of tag note is 257 characters long; at most 256");

    [Fact]
    public void Value_ForbiddenCharacter_Error() =>
        HasError(WithTags(new() { ["cost-center"] = "12#34" }), "tags.cost-center", "the value of tag cost-center may contain only");
}

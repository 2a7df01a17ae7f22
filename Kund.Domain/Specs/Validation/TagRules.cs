using System.Text.RegularExpressions;

namespace Kund.Domain.Specs.Validation;

/// <summary>
/// User tags go on every resource, IAM and EKS included, so they follow the strictest of their rules,
/// and leave room and names for Kund's own tags.
/// </summary>
internal static partial class TagRules
{
    /// <summary>AWS's limit of tags per resource.</summary>
    public const int AwsMaxTagsPerResource = 50;

    /// <summary>The tags Kund puts on every resource.</summary>
    public static readonly IReadOnlyList<string> KundTags = ["kund:environment", "kund:resource", "Name"];

    public const int MaxUserTags = AwsMaxTagsPerResource - 3;
    public const int MaxKeyLength = SpecLimits.TagKeyMaxLength;
    public const int MaxValueLength = SpecLimits.TagValueMaxLength;

    public static void Check(ValidationContext context)
    {
        var tags = context.Spec.Tags;
        if (tags is null)
        {
            return;
        }

        if (tags.Count > MaxUserTags)
        {
            context.Error(
                SpecPaths.Tags,
                $"{tags.Count} tags are given; at most {MaxUserTags}, as AWS allows {AwsMaxTagsPerResource} per resource and Kund adds {TextList.Join(KundTags)}");
        }

        foreach (var (key, value) in tags)
        {
            CheckKey(context, key ?? "");
            CheckValue(context, key ?? "", value ?? "");
        }
    }

    private static void CheckKey(ValidationContext context, string key)
    {
        if (key.Length == 0)
        {
            context.Error(SpecPaths.Tags, "a tag key is empty; keys have 1 to 128 characters");
            return;
        }

        var path = SpecPaths.Tag(key);
        if (key.Length > MaxKeyLength)
        {
            context.Error(path, $"the tag key {key[..20]}… is {key.Length} characters long; at most {MaxKeyLength}");
        }

        if (key.StartsWith("aws:", StringComparison.OrdinalIgnoreCase))
        {
            context.Error(path, $"the tag key {key} starts with aws:, which AWS reserves for its own tags");
        }
        else if (key.StartsWith("kund:", StringComparison.OrdinalIgnoreCase))
        {
            context.Error(path, $"the tag key {key} starts with kund:, which Kund reserves for its own tags (kund:environment, kund:resource)");
        }
        else if (string.Equals(key, "Name", StringComparison.Ordinal))
        {
            context.Error(path, "the tag Name is set by Kund to each resource's name");
        }

        if (!TagCharacters().IsMatch(key))
        {
            context.Error(path, $"the tag key {key} may contain only letters, digits, spaces and _ . : / = + - @");
        }
    }

    private static void CheckValue(ValidationContext context, string key, string value)
    {
        var path = key.Length == 0 ? SpecPaths.Tags : SpecPaths.Tag(key);
        if (value.Length > MaxValueLength)
        {
            context.Error(path, $"the value of tag {key} is {value.Length} characters long; at most {MaxValueLength}");
        }

        if (!TagCharacters().IsMatch(value))
        {
            context.Error(path, $"the value of tag {key} may contain only letters, digits, spaces and _ . : / = + - @");
        }
    }

    // The common set of IAM, EKS and EC2 tag rules.
    [GeneratedRegex(@"^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$", RegexOptions.CultureInvariant)]
    private static partial Regex TagCharacters();
}

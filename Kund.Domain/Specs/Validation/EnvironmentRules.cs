using System.Globalization;
using System.Text.RegularExpressions;

namespace Kund.Domain.Specs.Validation;

/// <summary>The environment itself: its name, team, region and expiry.</summary>
internal static partial class EnvironmentRules
{
    public const int MinNameLength = 3;
    public const int MaxNameLength = SpecLimits.NameMaxLength;

    public static void Check(ValidationContext context)
    {
        CheckName(context);
        CheckTeam(context);
        CheckRegion(context);
        CheckExpiry(context);
    }

    // The name becomes part of resource names, tags and the cluster's name, so it is a DNS label.
    private static void CheckName(ValidationContext context)
    {
        var name = context.Spec.Name ?? "";
        if (name.Length == 0)
        {
            context.Error(SpecPaths.Name, $"a name is required: a DNS label of {MinNameLength} to {MaxNameLength} characters, e.g. payments-dev");
            return;
        }

        if (name.Length is < MinNameLength or > MaxNameLength)
        {
            context.Error(SpecPaths.Name, $"{TextLimit.Clip(name)} is {name.Length} characters long; a name has {MinNameLength} to {MaxNameLength}");
        }

        if (!LowercaseLabelCharacters().IsMatch(name))
        {
            context.Error(SpecPaths.Name, $"{name} may contain only lowercase letters, digits and hyphens");
        }

        if (!char.IsAsciiLetter(name[0]))
        {
            context.Error(SpecPaths.Name, $"{name} must start with a letter");
        }

        if (name[^1] == '-')
        {
            context.Error(SpecPaths.Name, $"{name} must not end with a hyphen");
        }
    }

    private static void CheckTeam(ValidationContext context)
    {
        var team = context.Spec.Team ?? "";
        if (string.IsNullOrWhiteSpace(team))
        {
            context.Error(SpecPaths.Team, "a team is required: the team that owns the environment");
        }
        else if (team.Length > SpecLimits.TeamMaxLength)
        {
            context.Error(SpecPaths.Team, $"the team {TextLimit.Clip(team)} is {team.Length} characters long; team names have at most {SpecLimits.TeamMaxLength}");
        }
    }

    private static void CheckRegion(ValidationContext context)
    {
        if (context.Region is not null)
        {
            return;
        }

        var known = TextList.Join(context.KnownRegions);
        context.Error(
            SpecPaths.Region,
            string.IsNullOrWhiteSpace(context.Spec.Region)
                ? $"a region is required; known regions: {known}"
                : $"region {context.Spec.Region} is not known; known regions: {known}");
    }

    private static void CheckExpiry(ValidationContext context)
    {
        if (context.Spec.ExpiresAt is { } expiresAt && expiresAt <= context.Now)
        {
            context.Error(
                SpecPaths.ExpiresAt,
                $"expiresAt {Format(expiresAt)} is not in the future (now is {Format(context.Now)})");
        }
    }

    private static string Format(DateTimeOffset instant) =>
        instant.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    [GeneratedRegex("^[a-z0-9-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex LowercaseLabelCharacters();
}

using System.Globalization;
using System.Text.RegularExpressions;
using Kund.Domain.Json;
using Kund.Domain.Specs;
using Kund.Domain.Teams;

namespace Kund.Domain.Policies;

/// <summary>
/// The rules of a policy itself, before an admin's edit is stored: no negative amount or count, instance
/// type patterns of letters, digits, dots, dashes and <c>*</c>, a TTL default within its maximum, ARNs for
/// principals. Errors by the policy's JSON path (<c>ttl.dev.defaultDays</c>, <c>allowedInstanceTypes[1]</c>).
/// </summary>
public static partial class TeamPolicyRules
{
    public static ValidationResult Validate(TeamPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var result = ValidationResult.Valid;

        void Error(string path, string message) => result = result.WithError(path, message);

        NotNegative(policy.MaxMonthlyCostUsd, "maxMonthlyCostUsd", Error);
        NotNegative(policy.MonthlyBudgetUsd, "monthlyBudgetUsd", Error);
        if (policy.MaxNodes is < 0)
        {
            Error("maxNodes", Invariant($"{policy.MaxNodes} is negative; give 0 or more nodes"));
        }

        Texts(policy.AllowedRegions, "allowedRegions", Error, (path, region) =>
        {
            if (!RegionName().IsMatch(region))
            {
                Error(path, $"'{region}' is not a region name such as ap-northeast-2");
            }
        });
        Texts(policy.AllowedInstanceTypes, "allowedInstanceTypes", Error, (path, pattern) =>
        {
            if (!InstanceTypePattern().IsMatch(pattern))
            {
                Error(path, $"'{pattern}' is not an instance type pattern: letters, digits, '.', '-' and '*' as the only wildcard (t3.*, m6i.large)");
            }
        });
        Texts(policy.RequiredTags, "requiredTags", Error, (_, _) => { });
        Texts(policy.Principals, "principals", Error, (path, arn) =>
        {
            if (!PrincipalArn().IsMatch(arn))
            {
                Error(path, $"'{arn}' is not an IAM role or user ARN (arn:aws:iam::111111111111:role/name)");
            }
        });

        foreach (var (purpose, ttl) in policy.Ttl ?? new Dictionary<Purpose, TtlRule>())
        {
            var path = $"ttl.{EnumNames.NameOf(purpose)}";
            if (ttl is null)
            {
                Error(path, "give defaultDays and maxDays");
                continue;
            }

            if (ttl.DefaultDays < 1)
            {
                Error(path + ".defaultDays", Invariant($"{ttl.DefaultDays} days; an environment lives at least 1 day"));
            }

            if (ttl.MaxDays < 1)
            {
                Error(path + ".maxDays", Invariant($"{ttl.MaxDays} days; the maximum is at least 1 day"));
            }
            else if (ttl.DefaultDays > ttl.MaxDays)
            {
                Error(path + ".defaultDays", Invariant($"the default of {ttl.DefaultDays} days is above the maximum of {ttl.MaxDays}"));
            }
        }

        foreach (var (purpose, count) in policy.Approvals ?? new Dictionary<Purpose, int>())
        {
            if (count is < 1 or > 5)
            {
                Error($"approvals.{EnumNames.NameOf(purpose)}", Invariant($"{count} approvers; a request needs 1 to 5"));
            }
        }

        foreach (var (purpose, below) in policy.AutoApproveBelowUsd ?? new Dictionary<Purpose, decimal>())
        {
            NotNegative(below, $"autoApproveBelowUsd.{EnumNames.NameOf(purpose)}", Error);
            if (purpose == Purpose.Prod)
            {
                Error("autoApproveBelowUsd.prod", "prod requests are always approved by people");
            }
        }

        return result;
    }

    private static void NotNegative(decimal? amount, string path, Action<string, string> error)
    {
        if (amount is < 0)
        {
            error(path, Invariant($"{amount} is negative; give 0 or more US dollars"));
        }
    }

    private static void Texts(IReadOnlyList<string>? texts, string path, Action<string, string> error, Action<string, string> check)
    {
        for (var i = 0; i < (texts?.Count ?? 0); i++)
        {
            var at = Invariant($"{path}[{i}]");
            if (string.IsNullOrWhiteSpace(texts![i]))
            {
                error(at, "the entry is empty");
            }
            else if (texts[i].Length > 256)
            {
                error(at, Invariant($"the entry is {texts[i].Length} characters long; at most 256"));
            }
            else
            {
                check(at, texts[i]);
            }
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex("^[a-z]{2}(-[a-z]+)+-[0-9]+$", RegexOptions.CultureInvariant)]
    private static partial Regex RegionName();

    [GeneratedRegex(@"^[a-zA-Z0-9.\-*]+$", RegexOptions.CultureInvariant)]
    private static partial Regex InstanceTypePattern();

    [GeneratedRegex(@"^arn:aws[a-z\-]*:iam::[0-9]{12}:(role|user)/[\w+=,.@/\-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex PrincipalArn();
}

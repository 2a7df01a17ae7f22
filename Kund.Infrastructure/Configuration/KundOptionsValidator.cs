using Microsoft.Extensions.Options;

namespace Kund.Infrastructure.Configuration;

/// <summary>Names the setting and what is expected, so a wrong start-up setting reads as one line.</summary>
public sealed class KundOptionsValidator : IValidateOptions<KundOptions>
{
    public ValidateOptionsResult Validate(string? name, KundOptions options)
    {
        var failures = new List<string>();
        if (options.ModeOrNull() is null)
        {
            failures.Add($"Kund:Mode is '{options.Mode}'; expected {string.Join(" or ", Enum.GetNames<KundMode>())}.");
        }

        failures.AddRange(options.Sandbox.Problems());
        failures.AddRange(options.Aws.Problems());

        // A mode that names none registers as Sandbox (KundModeOf), so the key is checked as Sandbox's then.
        failures.AddRange(options.Provisioning.Problems());
        failures.AddRange(options.Audit.Problems(options.ModeOrNull() ?? KundMode.Sandbox));

        if (options.Hub.RecheckInterval <= TimeSpan.Zero)
        {
            failures.Add($"Kund:Hub:RecheckInterval is {options.Hub.RecheckInterval}; expected a positive time such as 00:01:00.");
        }

        foreach (var (setting, limit) in Quotas(options.Quotas).Where(q => q.Limit < 1))
        {
            failures.Add($"{setting} is {limit}; expected a quota of at least 1.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static IEnumerable<(string Name, int Limit)> Quotas(QuotaSettings quotas)
    {
        yield return ("Kund:Quotas:Vpcs", quotas.Vpcs);
        yield return ("Kund:Quotas:ElasticIps", quotas.ElasticIps);
        foreach (var (region, inRegion) in quotas.Regions)
        {
            if (inRegion.Vpcs is { } vpcs)
            {
                yield return ($"Kund:Quotas:Regions:{region}:Vpcs", vpcs);
            }

            if (inRegion.ElasticIps is { } elasticIps)
            {
                yield return ($"Kund:Quotas:Regions:{region}:ElasticIps", elasticIps);
            }
        }
    }
}

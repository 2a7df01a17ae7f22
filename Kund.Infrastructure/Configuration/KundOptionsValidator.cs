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
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

using Microsoft.Extensions.Options;

namespace Kund.Infrastructure.Configuration;

/// <summary>Names the setting and what is expected, so a wrong start-up setting reads as one line.</summary>
public sealed class KundOptionsValidator : IValidateOptions<KundOptions>
{
    public ValidateOptionsResult Validate(string? name, KundOptions options)
    {
        var failures = new List<string>();
        if (!Enum.TryParse<KundMode>(options.Mode, ignoreCase: true, out _) || int.TryParse(options.Mode, out _))
        {
            failures.Add($"Kund:Mode is '{options.Mode}'; expected {string.Join(" or ", Enum.GetNames<KundMode>())}.");
        }

        if (!double.IsFinite(options.Sandbox.TimeScale) || options.Sandbox.TimeScale < 1)
        {
            failures.Add($"Kund:Sandbox:TimeScale is {options.Sandbox.TimeScale}; expected a number of at least 1 (real AWS durations are divided by it).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

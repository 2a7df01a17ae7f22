using Kund.Infrastructure.Configuration;
using Microsoft.Extensions.Options;

namespace Kund.Web;

/// <summary>Recognises start-up failures caused by configuration and describes them in one line.</summary>
internal static class StartupFailure
{
    public static bool TryDescribe(Exception exception, out string line)
    {
        switch (exception)
        {
            case StartupConfigurationException configuration:
                line = configuration.Message;
                return true;
            case OptionsValidationException validation:
                line = string.Join(" ", validation.Failures);
                return true;
            case InvalidOperationException binder when binder.Message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal):
                // A value the binder cannot convert: its own message names the key ("… at 'Kund:Sandbox:TimeScale' to type …").
                line = binder.Message;
                return true;
            case AggregateException { InnerExceptions.Count: 1 } aggregate:
                return TryDescribe(aggregate.InnerExceptions[0], out line);
            default:
                line = "";
                return false;
        }
    }
}

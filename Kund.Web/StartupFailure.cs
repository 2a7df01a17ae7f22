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
            case AggregateException { InnerExceptions.Count: 1 } aggregate:
                return TryDescribe(aggregate.InnerExceptions[0], out line);
            default:
                line = "";
                return false;
        }
    }
}

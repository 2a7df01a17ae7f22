using Amazon.Runtime;
using Kund.Infrastructure.Aws;
using Kund.Infrastructure.Configuration;

namespace Kund.Tests.Infrastructure.Aws;

internal static class AwsTestClients
{
    /// <summary>Clients over a recording handler; a huge time scale makes retry backoff instant.</summary>
    public static AwsClients Over(RecordingHandler handler, TimeProvider? timeProvider = null, int maxAttempts = 3, double timeScale = 100_000) =>
        new(
            new AwsOptions { Region = "ap-northeast-2", Mode = KundMode.Sandbox, TimeScale = timeScale, MaxAttempts = maxAttempts },
            new AwsTransport(MessageHandler: handler),
            timeProvider ?? TimeProvider.System,
            new BasicAWSCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"));
}

namespace Kund.Infrastructure.Aws;

/// <summary>
/// The seam under every AWS client: null members mean the network. The composition root hands in the
/// sandbox's factory (and handler) in Sandbox mode; tests hand in a recording handler.
/// </summary>
/// <param name="HttpClientFactory">Given to <c>AmazonEC2Config.HttpClientFactory</c> and used by the IAM and EKS clients too.</param>
/// <param name="MessageHandler">Used by the IAM and EKS clients when no factory is given (tests).</param>
public sealed record AwsTransport(Amazon.Runtime.HttpClientFactory? HttpClientFactory = null, HttpMessageHandler? MessageHandler = null)
{
    /// <summary>Real AWS over the network.</summary>
    public static AwsTransport Network { get; } = new();

    public bool IsNetwork => HttpClientFactory is null && MessageHandler is null;
}

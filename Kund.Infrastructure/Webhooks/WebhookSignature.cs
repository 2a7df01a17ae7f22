using System.Security.Cryptography;
using System.Text;

namespace Kund.Infrastructure.Webhooks;

/// <summary>The <c>X-Kund-Signature</c> header of api.md: <c>sha256=</c> and the lower-case hex HMAC-SHA256 of the body's bytes with the webhook's secret.</summary>
public static class WebhookSignature
{
    public const string Header = "X-Kund-Signature";

    public static string Of(string secret, string body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(body)));
}

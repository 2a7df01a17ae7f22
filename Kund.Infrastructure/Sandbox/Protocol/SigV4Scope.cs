using System.Text.RegularExpressions;

namespace Kund.Infrastructure.Sandbox.Protocol;

/// <summary>
/// The credential scope of a SigV4 <c>Authorization</c> header. The sandbox checks the header's form and
/// reads region and service from it; it does not verify the signature.
/// </summary>
internal sealed partial record SigV4Scope(string AccessKeyId, string Date, string Region, string Service)
{
    public static SigV4Scope? TryParse(string? authorization)
    {
        if (authorization is null)
        {
            return null;
        }

        var match = HeaderPattern().Match(authorization);
        return match.Success
            ? new SigV4Scope(match.Groups["key"].Value, match.Groups["date"].Value, match.Groups["region"].Value, match.Groups["service"].Value)
            : null;
    }

    [GeneratedRegex(
        @"^AWS4-HMAC-SHA256\s+Credential=(?<key>[A-Za-z0-9]+)/(?<date>\d{8})/(?<region>[a-z0-9-]+)/(?<service>[a-z0-9-]+)/aws4_request,\s*SignedHeaders=[a-z0-9;-]+,\s*Signature=[0-9a-f]{64}$",
        RegexOptions.CultureInvariant,
        matchTimeoutMilliseconds: 1000)]
    private static partial Regex HeaderPattern();
}

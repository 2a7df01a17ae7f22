using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Amazon.Runtime;
using Amazon.Runtime.Internal.Auth;
using Kund.Infrastructure.Aws.Http;

namespace Kund.Infrastructure.Sandbox.Protocol;

/// <summary>What a signature check found: the scope (service and region), and the error when it failed.</summary>
/// <param name="Authorization">The signature as an <c>Authorization</c> header, also for a presigned URL.</param>
/// <param name="Query">The query without the presigned URL's <c>X-Amz-*</c> signing parameters.</param>
internal sealed record SigV4Check(SigV4Scope? Scope, SandboxException? Error, string? Authorization, string Query);

/// <summary>
/// Verifies Signature Version 4 the way AWS does, for the one key the sandbox endpoint knows: from the
/// <c>Authorization</c> header, or from a presigned URL's <c>X-Amz-*</c> query parameters. The canonical
/// request is the one Kund signs with (<see cref="SigV4Signer.CanonicalRequest"/>), over the headers the
/// client says it signed; the signature is AWSSDK.Core's.
/// </summary>
internal static class SigV4Verifier
{
    private static readonly string[] PresignParameters =
        ["X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Date", "X-Amz-Expires", "X-Amz-SignedHeaders", "X-Amz-Signature", "X-Amz-Security-Token"];

    /// <param name="headers">The request's headers by lower-case name, repeated ones joined by commas.</param>
    public static SigV4Check Check(
        string method, Uri uri, IReadOnlyDictionary<string, string> headers, byte[] body, string accessKeyId, string secretAccessKey)
    {
        var pairs = QueryPairs(uri.Query);
        var presigned = pairs.Any(p => p.Key == "X-Amz-Signature");
        var query = presigned ? string.Join('&', pairs.Where(p => !PresignParameters.Contains(p.Key)).Select(p => p.Raw)) : uri.Query.TrimStart('?');
        var authorization = presigned
            ? $"{Get(pairs, "X-Amz-Algorithm")} Credential={Get(pairs, "X-Amz-Credential")}, SignedHeaders={Get(pairs, "X-Amz-SignedHeaders")}, Signature={Get(pairs, "X-Amz-Signature")}"
            : headers.GetValueOrDefault("authorization");
        var scope = SigV4Scope.TryParse(authorization);
        if (scope is null || authorization is null)
        {
            return new SigV4Check(null, SandboxAuthErrors.Unsigned(authorization is not null), authorization, query);
        }

        if (!string.Equals(scope.AccessKeyId, accessKeyId, StringComparison.Ordinal))
        {
            return new SigV4Check(scope, SandboxAuthErrors.UnknownKey(scope.Service), authorization, query);
        }

        var amzDate = presigned ? Get(pairs, "X-Amz-Date") : headers.GetValueOrDefault("x-amz-date");
        if (!DateTime.TryParseExact(amzDate, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var signedAt))
        {
            return new SigV4Check(scope, SandboxAuthErrors.Unsigned(headerPresent: true), authorization, query);
        }

        var signedHeaders = authorization[(authorization.IndexOf("SignedHeaders=", StringComparison.Ordinal) + "SignedHeaders=".Length)..].Split(',')[0];
        var canonicalHeaders = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in signedHeaders.Split(';'))
        {
            canonicalHeaders[name] = headers.GetValueOrDefault(name) ?? string.Empty;
        }

        // The signature is over the URL without itself; the other signing parameters stay in.
        var signedQuery = presigned ? string.Join('&', pairs.Where(p => p.Key != "X-Amz-Signature").Select(p => p.Raw)) : uri.Query.TrimStart('?');
        var signedUri = new Uri(uri.GetLeftPart(UriPartial.Path) + (signedQuery.Length == 0 ? string.Empty : "?" + signedQuery));
        var bodyHash = Convert.ToHexStringLower(SHA256.HashData(body));
        var payloadHashes = headers.GetValueOrDefault("x-amz-content-sha256") is { } declared
            ? declared == "UNSIGNED-PAYLOAD" || declared == bodyHash ? [declared] : Array.Empty<string>()
            : presigned ? [bodyHash, "UNSIGNED-PAYLOAD"] : [bodyHash];
        var credentials = new ImmutableCredentials(accessKeyId, secretAccessKey, null);
        var given = Encoding.ASCII.GetBytes(authorization[(authorization.LastIndexOf("Signature=", StringComparison.Ordinal) + "Signature=".Length)..]);
        foreach (var payloadHash in payloadHashes)
        {
            var canonical = SigV4Signer.CanonicalRequest(method, signedUri, canonicalHeaders, payloadHash);
            var expected = AWS4Signer.ComputeSignature(credentials, scope.Region, signedAt, scope.Service, signedHeaders, canonical).Signature;
            if (CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), given))
            {
                return new SigV4Check(scope, null, authorization, query);
            }
        }

        return new SigV4Check(scope, SandboxAuthErrors.BadSignature(scope.Service), authorization, query);
    }

    private static List<(string Key, string Raw)> QueryPairs(string query) =>
        [.. query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries).Select(raw => (Uri.UnescapeDataString(raw.Split('=', 2)[0]), raw))];

    private static string? Get(List<(string Key, string Raw)> pairs, string key) =>
        pairs.Where(p => p.Key == key).Select(p => p.Raw.Split('=', 2) is [_, var value] ? Uri.UnescapeDataString(value) : string.Empty).FirstOrDefault();
}

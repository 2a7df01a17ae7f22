using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Amazon.Runtime;
using Amazon.Runtime.Internal.Auth;

namespace Kund.Infrastructure.Aws.Http;

/// <summary>
/// Signs a request with Signature Version 4. The canonical request is built here (the SDK's own
/// canonicalisation works on its internal <c>IRequest</c>); the signing key derivation and signature
/// come from AWSSDK.Core's <see cref="AWS4Signer.ComputeSignature(ImmutableCredentials, string, DateTime, string, string, string)"/>.
/// </summary>
internal static class SigV4Signer
{
    public static void Sign(HttpRequestMessage request, byte[] body, ImmutableCredentials credentials, string region, string service, DateTimeOffset now)
    {
        var uri = request.RequestUri ?? throw new InvalidOperationException("A request to sign needs an absolute URI.");
        var signedAt = now.UtcDateTime;
        var amzDate = signedAt.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var payloadHash = Convert.ToHexStringLower(SHA256.HashData(body));

        var headers = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["host"] = uri.IsDefaultPort ? uri.Host : $"{uri.Host}:{uri.Port}",
            ["x-amz-content-sha256"] = payloadHash,
            ["x-amz-date"] = amzDate,
        };
        if (credentials.UseToken)
        {
            headers["x-amz-security-token"] = credentials.Token;
        }

        if (request.Content?.Headers.ContentType is { } contentType)
        {
            headers["content-type"] = contentType.ToString();
        }

        var signedHeaders = string.Join(';', headers.Keys);
        var canonical = CanonicalRequest(request.Method.Method, uri, headers, payloadHash);

        var result = AWS4Signer.ComputeSignature(credentials, region, signedAt, service, signedHeaders, canonical);

        foreach (var (name, value) in headers)
        {
            if (name is not "host" and not "content-type")
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }
        }

        request.Headers.TryAddWithoutValidation("Authorization", result.ForAuthorizationHeader);
    }

    /// <summary>The SigV4 canonical request over <paramref name="headers"/> (lower-case names, sorted ordinally).</summary>
    internal static string CanonicalRequest(string method, Uri uri, SortedDictionary<string, string> headers, string payloadHash)
    {
        var canonical = new StringBuilder()
            .Append(method).Append('\n')
            .Append(CanonicalPath(uri)).Append('\n')
            .Append(CanonicalQuery(uri)).Append('\n');
        foreach (var (name, value) in headers)
        {
            canonical.Append(name).Append(':').Append(CollapseSpaces(value.Trim())).Append('\n');
        }

        return canonical.Append('\n').Append(string.Join(';', headers.Keys)).Append('\n').Append(payloadHash).ToString();
    }

    private static string CollapseSpaces(string value)
    {
        var builder = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            if (c != ' ' || builder.Length == 0 || builder[^1] != ' ')
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    private static string CanonicalPath(Uri uri)
    {
        var path = uri.AbsolutePath;
        if (path.Length == 0)
        {
            return "/";
        }

        // Each segment is decoded then encoded once more, as SigV4 wants for every service but S3.
        return string.Join('/', path.Split('/').Select(segment => Encode(Encode(Uri.UnescapeDataString(segment)))));
    }

    private static string CanonicalQuery(Uri uri)
    {
        var query = uri.Query.TrimStart('?');
        if (query.Length == 0)
        {
            return "";
        }

        return string.Join('&', query.Split('&')
            .Select(pair => pair.Split('=', 2))
            .Select(parts => (Key: Encode(Uri.UnescapeDataString(parts[0])), Value: Encode(Uri.UnescapeDataString(parts.Length > 1 ? parts[1] : ""))))
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .ThenBy(p => p.Value, StringComparer.Ordinal)
            .Select(p => $"{p.Key}={p.Value}"));
    }

    /// <summary>RFC 3986 encoding: everything but unreserved characters.</summary>
    internal static string Encode(string value) => Uri.EscapeDataString(value);
}

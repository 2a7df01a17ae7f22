using System.Globalization;
using System.Security.Cryptography;
using Amazon.Runtime;
using Amazon.Runtime.Internal.Auth;
using Kund.Infrastructure.Aws.Http;
using Kund.Infrastructure.Sandbox;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Kund.Tests.Support;

/// <summary>Kund in Sandbox mode on a real Kestrel port on loopback, for AWS's own clients at <c>/sandbox/aws</c>.</summary>
public class SandboxEndpointApp : KundAppFactory
{
    public Uri BaseAddress { get; private set; } = default!;

    /// <summary><c>http://127.0.0.1:{port}/sandbox/aws</c>, what a client's endpoint URL is set to.</summary>
    public Uri Endpoint => new(BaseAddress, "/sandbox/aws");

    public SandboxCloud Cloud => Services.GetRequiredService<SandboxCloud>();

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        UseKestrel(0);
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!;
        BaseAddress = new Uri(addresses.Addresses.First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal));
    }
}

/// <summary>Signs raw requests for the sandbox endpoint, as AWS's clients do (header) or a presigned URL.</summary>
public static class SandboxSigning
{
    public static BasicAWSCredentials Credentials { get; } = new(SandboxEndpoint.AccessKeyId, SandboxEndpoint.SecretAccessKey);

    /// <summary>A request signed in its <c>Authorization</c> header for <paramref name="service"/> in <paramref name="region"/>.</summary>
    public static HttpRequestMessage Signed(HttpMethod method, Uri uri, string service, string region, string? formBody = null, string secret = SandboxEndpoint.SecretAccessKey, string accessKey = SandboxEndpoint.AccessKeyId)
    {
        var body = formBody is null ? [] : System.Text.Encoding.UTF8.GetBytes(formBody);
        var request = new HttpRequestMessage(method, uri);
        if (formBody is not null)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = new("application/x-www-form-urlencoded") { CharSet = "utf-8" };
        }

        SigV4Signer.Sign(request, body, new ImmutableCredentials(accessKey, secret, null), region, service, DateTimeOffset.UtcNow);
        return request;
    }

    /// <summary>A presigned GET URL (signed headers: host only), as <c>aws … presign</c> and the SDKs' presigners make it.</summary>
    public static string PresignedPath(string host, string pathAndQuery, string service, string region)
    {
        var now = DateTime.UtcNow;
        var amzDate = now.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var credential = $"{SandboxEndpoint.AccessKeyId}/{now:yyyyMMdd}/{region}/{service}/aws4_request";
        var separator = pathAndQuery.Contains('?', StringComparison.Ordinal) ? '&' : '?';
        var unsigned = $"{pathAndQuery}{separator}X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential={Uri.EscapeDataString(credential)}" +
                       $"&X-Amz-Date={amzDate}&X-Amz-Expires=300&X-Amz-SignedHeaders=host";
        var headers = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["host"] = host };
        var canonical = SigV4Signer.CanonicalRequest("GET", new Uri($"http://{host}{unsigned}"), headers, Convert.ToHexStringLower(SHA256.HashData(Array.Empty<byte>())));
        var signature = AWS4Signer.ComputeSignature(Credentials.GetCredentials(), region, now, service, "host", canonical).Signature;
        return $"{unsigned}&X-Amz-Signature={signature}";
    }
}

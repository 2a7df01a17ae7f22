using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Xml.Linq;
using Kund.Infrastructure.Sandbox.Protocol;

namespace Kund.Infrastructure.Sandbox;

/// <summary>A request as it reached the sandbox endpoint over HTTP.</summary>
/// <param name="Uri">The URL exactly as the client sent it (host, path with the endpoint's prefix, query).</param>
/// <param name="Headers">Headers by lower-case name, repeated ones joined by commas, as the client sent them.</param>
public sealed record SandboxEndpointRequest(string Method, Uri Uri, IReadOnlyDictionary<string, string> Headers, byte[] Body);

/// <summary>
/// The sandbox cloud for AWS's own clients (the CLI, the SDKs) at one URL: the service comes from the SigV4
/// credential scope, the signature is verified for <see cref="AccessKeyId"/> and <see cref="SecretAccessKey"/>,
/// and the request then goes to the same <see cref="SandboxHttpHandler"/> over the same <see cref="SandboxCloud"/>
/// that Kund's own clients use in-process, so both see one cloud.
/// </summary>
public sealed class SandboxEndpoint : IDisposable
{
    /// <summary>The key AWS's clients sign with (api.md, "Sandbox endpoint").</summary>
    public const string AccessKeyId = "AKIASANDBOX111111111";

    public const string SecretAccessKey = "sandbox-secret";

    private readonly SandboxHttpHandler _handler;
    private readonly HttpMessageInvoker _invoker;

    public SandboxEndpoint(SandboxCloud cloud)
    {
        _handler = new SandboxHttpHandler(cloud);
        _invoker = new HttpMessageInvoker(_handler, disposeHandler: false);
    }

    /// <param name="pathPrefix">Where the endpoint is mounted (<c>/sandbox/aws</c>): REST paths are read after it.</param>
    public async Task<HttpResponseMessage> SendAsync(SandboxEndpointRequest request, string pathPrefix, CancellationToken cancellationToken)
    {
        var check = SigV4Verifier.Check(request.Method, request.Uri, request.Headers, request.Body, AccessKeyId, SecretAccessKey);
        var path = request.Uri.AbsolutePath.StartsWith(pathPrefix, StringComparison.Ordinal) ? request.Uri.AbsolutePath[pathPrefix.Length..] : request.Uri.AbsolutePath;
        var forwarded = new HttpRequestMessage(
            new HttpMethod(request.Method),
            // A string, not a UriBuilder: the path keeps the client's escapes (an ARN's %3A and %2F) as they were signed.
            new Uri($"https://{check.Scope?.Service ?? "unknown"}.{check.Scope?.Region ?? "us-east-1"}.amazonaws.com" +
                    $"{(path.Length == 0 ? "/" : path)}{(check.Query.Length == 0 ? string.Empty : "?" + check.Query)}"))
        {
            Content = new ByteArrayContent(request.Body),
        };
        if (request.Headers.GetValueOrDefault("content-type") is { } contentType && MediaTypeHeaderValue.TryParse(contentType, out var parsed))
        {
            forwarded.Content.Headers.ContentType = parsed;
        }

        if (request.Headers.GetValueOrDefault("x-amz-target") is { } target)
        {
            forwarded.Headers.TryAddWithoutValidation("X-Amz-Target", target);
        }

        if (check.Scope is not { } scope || !_handler.Serves(scope.Service))
        {
            return UnknownService(check.Scope?.Service, check.Error ?? SandboxAuthErrors.Unsigned(headerPresent: true));
        }

        if (check.Error is { } error)
        {
            return _handler.Refuse(scope.Service, error, forwarded);
        }

        forwarded.Headers.TryAddWithoutValidation("Authorization", check.Authorization);
        return await _invoker.SendAsync(forwarded, cancellationToken);
    }

    public void Dispose()
    {
        _invoker.Dispose();
        _handler.Dispose();
    }

    /// <summary>
    /// A request whose service is unknown (unsigned, or signed for a service the sandbox does not serve), in
    /// the Query protocol's error form, which AWS's front doors answer with before any service is chosen.
    /// </summary>
    private static HttpResponseMessage UnknownService(string? service, SandboxException unsigned)
    {
        var error = service is null
            ? unsigned
            : new SandboxException("UnrecognizedService", $"The sandbox serves ec2, elasticloadbalancing, iam, eks, tagging and sts, not '{service}'.", HttpStatusCode.BadRequest);
        var root = new XElement(
            "ErrorResponse",
            new XElement("Error", new XElement("Type", "Sender"), new XElement("Code", error.Code), new XElement("Message", error.Message)),
            new XElement("RequestId", Guid.NewGuid().ToString()));
        return new HttpResponseMessage(error.Status)
        {
            Content = new StringContent(root.ToString(SaveOptions.DisableFormatting), Encoding.UTF8, "text/xml"),
        };
    }
}

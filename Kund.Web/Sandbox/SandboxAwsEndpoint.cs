using System.Net;
using Kund.Infrastructure.Configuration;
using Kund.Infrastructure.Sandbox;
using Microsoft.AspNetCore.Http.Features;

namespace Kund.Web.Sandbox;

/// <summary>
/// Sandbox mode's AWS for the user's own tools: <c>aws --endpoint-url http://localhost:5080/sandbox/aws …</c>.
/// Outside Kund's sign-in (AWS's clients sign with SigV4, which <see cref="SandboxEndpoint"/> verifies),
/// and from loopback only unless <c>Kund:Sandbox:AllowRemote</c>, as the rest of Sandbox mode.
/// </summary>
internal static class SandboxAwsEndpoint
{
    public const string Path = "/sandbox/aws";

    /// <summary>AWS's requests are small; a larger body is refused before it is read.</summary>
    private const long MaxBodyBytes = 1024 * 1024;

    public static void MapSandboxAws(this IEndpointRouteBuilder endpoints, KundOptions options)
    {
        if (options.ParsedMode != KundMode.Sandbox)
        {
            return;
        }

        endpoints.Map(Path + "/{**operation}", (HttpContext context, SandboxEndpoint sandbox) => ServeAsync(context, sandbox, options.Sandbox.AllowRemote))
            .AllowAnonymous()
            .ExcludeFromDescription();
    }

    private static async Task ServeAsync(HttpContext context, SandboxEndpoint sandbox, bool allowRemote)
    {
        if (!allowRemote && context.Connection.RemoteIpAddress is { } remote && !IPAddress.IsLoopback(remote))
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            await context.Response.WriteAsync("The sandbox endpoint answers loopback only (Kund:Sandbox:AllowRemote).", context.RequestAborted);
            return;
        }

        if (context.Request.ContentLength > MaxBodyBytes)
        {
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            await context.Response.WriteAsync($"At most {MaxBodyBytes} bytes.", context.RequestAborted);
            return;
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxBodyBytes;
        }

        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        var headers = context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => string.Join(',', h.Value.ToArray()), StringComparer.Ordinal);
        var request = new SandboxEndpointRequest(context.Request.Method, RequestUri(context), headers, body.ToArray());

        using var response = await sandbox.SendAsync(request, Path, context.RequestAborted);
        context.Response.StatusCode = (int)response.StatusCode;
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            if (!string.Equals(name, "Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                context.Response.Headers[name] = values.ToArray();
            }
        }

        await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
    }

    /// <summary>The URL as the client signed it: the raw target, not the decoded path.</summary>
    private static Uri RequestUri(HttpContext context)
    {
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        var target = raw is { Length: > 0 } && raw.StartsWith('/')
            ? raw
            : context.Request.PathBase.Add(context.Request.Path).ToUriComponent() + context.Request.QueryString.ToUriComponent();
        return new Uri($"{context.Request.Scheme}://{context.Request.Host.ToUriComponent()}{target}");
    }
}

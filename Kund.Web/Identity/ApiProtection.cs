using System.Globalization;
using System.Threading.RateLimiting;
using Kund.Infrastructure.Identity;
using Microsoft.AspNetCore.Http.Features;

namespace Kund.Web.Identity;

/// <summary>The <c>Kund:Api</c> section: how much one caller may ask of <c>/api</c>.</summary>
public sealed class ApiProtectionSettings
{
    public const string SectionName = "Kund:Api";

    /// <summary>Requests per minute per token (or per client address without one).</summary>
    public int RequestsPerMinute { get; set; } = 600;

    /// <summary>Largest request body <c>/api</c> reads; larger is 413. Specs are a few KiB.</summary>
    public long MaxRequestBodyBytes { get; set; } = 256 * 1024;
}

/// <summary>
/// Rate limiting and body limits for <c>/api</c>, by path, so that every endpoint the API grows is covered
/// without opting in. Runs after authentication: a valid token is its own partition.
/// </summary>
internal static class ApiProtection
{
    public static void AddKundApiProtection(this WebApplicationBuilder builder)
    {
        var settings = new ApiProtectionSettings();
        builder.Configuration.GetSection(ApiProtectionSettings.SectionName).Bind(settings);
        builder.Services.AddSingleton(settings);
        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                context.Request.Path.StartsWithSegments("/api")
                    ? RateLimitPartition.GetFixedWindowLimiter(PartitionKey(context), _ => new FixedWindowRateLimiterOptions
                    {
                        PermitLimit = Math.Max(1, settings.RequestsPerMinute),
                        Window = TimeSpan.FromMinutes(1),
                        QueueLimit = 0,
                    })
                    : RateLimitPartition.GetNoLimiter(""));
            limiter.OnRejected = async (rejected, cancellationToken) =>
            {
                var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromMinutes(1);
                rejected.HttpContext.Response.Headers.RetryAfter =
                    Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                await Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests", detail: "Slow down; see Retry-After.")
                    .ExecuteAsync(rejected.HttpContext);
            };
        });
    }

    public static void UseKundApiProtection(this WebApplication app)
    {
        var settings = app.Services.GetRequiredService<ApiProtectionSettings>();
        app.UseRateLimiter();
        app.UseWhen(context => context.Request.Path.StartsWithSegments("/api"), api => api.Use(async (context, next) =>
        {
            if (context.Request.ContentLength > settings.MaxRequestBodyBytes)
            {
                await Results.Problem(
                        statusCode: StatusCodes.Status413PayloadTooLarge,
                        title: "Request body too large",
                        detail: $"At most {settings.MaxRequestBodyBytes} bytes.")
                    .ExecuteAsync(context);
                return;
            }

            // Bodies without a length (chunked) are cut off by the server at the same size.
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            {
                limit.MaxRequestBodySize = settings.MaxRequestBodyBytes;
            }

            await next(context);
        }));
    }

    /// <summary>
    /// The token for a valid token (by the hash the database keys it by, never its text), else the client
    /// address: each token has its own allowance, as the README says, so one busy CI token does not
    /// throttle its owner's other tokens.
    /// </summary>
    private static string PartitionKey(HttpContext context) =>
        context.User.Identity?.AuthenticationType == KundSchemes.Token && ApiTokenAuthenticationHandler.ReadToken(context.Request) is { } token
            ? "token:" + ApiTokenFormat.Hash(token)
            : "ip:" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown");
}

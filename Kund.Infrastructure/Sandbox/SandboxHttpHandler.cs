using System.Net;
using Kund.Infrastructure.Sandbox.Protocol;

namespace Kund.Infrastructure.Sandbox;

/// <summary>
/// The sandbox cloud as an HTTP transport: it answers EC2 (Query), IAM (Query) and EKS (REST-JSON) requests
/// the way AWS does, so the real SDK clients run unchanged above it. The service comes from the SigV4
/// credential scope (or, for an unsigned request, the host name); unsigned requests are refused as AWS
/// refuses them. Then, per operation: call counted, EC2 throttling, injected latency and faults, the operation.
/// </summary>
public sealed class SandboxHttpHandler : HttpMessageHandler
{
    private readonly SandboxCloud _cloud;
    private readonly Dictionary<string, ISandboxProtocol> _protocols;

    public SandboxHttpHandler(SandboxCloud cloud)
    {
        _cloud = cloud;
        _protocols = new Dictionary<string, ISandboxProtocol>(StringComparer.Ordinal)
        {
            ["ec2"] = new Ec2QueryProtocol(cloud),
            ["iam"] = new IamQueryProtocol(cloud),
            ["eks"] = new EksRestJsonProtocol(cloud),
            ["elasticloadbalancing"] = new Elbv2QueryProtocol(cloud),
            ["tagging"] = new TaggingJsonProtocol(cloud),
            ["sts"] = new StsQueryProtocol(cloud),
        };
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? string.Empty : await request.Content.ReadAsStringAsync(cancellationToken);
        var authorization = request.Headers.TryGetValues("Authorization", out var values) ? values.FirstOrDefault() : null;
        var scope = SigV4Scope.TryParse(authorization);
        var uri = request.RequestUri ?? new Uri("https://unknown.amazonaws.com/");
        var service = scope?.Service ?? ServiceFromHost(uri.Host);
        if (service is null || !_protocols.TryGetValue(service, out var protocol))
        {
            return Stamp(new HttpResponseMessage(HttpStatusCode.NotFound), request, Guid.NewGuid().ToString());
        }

        var sandboxRequest = new SandboxRequest(
            service, scope?.Region ?? string.Empty, request.Method, uri.AbsolutePath, uri.Query, body, Guid.NewGuid().ToString(),
            request.Headers.TryGetValues("X-Amz-Target", out var targets) ? targets.FirstOrDefault() : null);
        _cloud.RequestLog.Record(sandboxRequest, protocol.OperationOf(sandboxRequest), request.Content?.Headers.ContentType?.ToString());
        var response = SkewRefusal(protocol, sandboxRequest, request, scope)
            ?? await RespondAsync(protocol, sandboxRequest, authorization, scope, cancellationToken);
        if (_cloud.CallerClockSkew != TimeSpan.Zero)
        {
            // AWS's clock, which a skewed caller corrects its own by.
            response.Headers.Date = SimulatedNow;
        }

        return Stamp(response, request, sandboxRequest.RequestId);
    }

    /// <summary>The services this handler answers, by their SigV4 signing name.</summary>
    internal bool Serves(string service) => _protocols.ContainsKey(service);

    /// <summary>An error worded as <paramref name="service"/> words it (a request refused before it reached an operation).</summary>
    internal HttpResponseMessage Refuse(string service, SandboxException error, HttpRequestMessage request)
    {
        var requestId = Guid.NewGuid().ToString();
        var sandboxRequest = new SandboxRequest(service, string.Empty, request.Method, request.RequestUri?.AbsolutePath ?? "/", request.RequestUri?.Query, string.Empty, requestId);
        return Stamp(_protocols[service].Error(error, sandboxRequest), request, requestId);
    }

    private async Task<HttpResponseMessage> RespondAsync(
        ISandboxProtocol protocol, SandboxRequest request, string? authorization, SigV4Scope? scope, CancellationToken cancellationToken)
    {
        if (scope is null)
        {
            return protocol.Error(SandboxAuthErrors.For(request.Service, headerPresent: authorization is not null), request);
        }

        if (!SandboxRegions.IsKnown(scope.Region))
        {
            return protocol.Error(SandboxAuthErrors.BadRegion(request.Service, scope.Region), request);
        }

        var operation = protocol.OperationOf(request);
        if (operation is null)
        {
            return protocol.UnknownOperation(request);
        }

        _cloud.Calls.Called(operation);
        if (request.Service == "ec2" && _cloud.Options.ThrottlingEnabled && !_cloud.Throttle.TryAcquire(request.Region, operation))
        {
            _cloud.Calls.WasThrottled(operation);
            return protocol.Error(new SandboxException("RequestLimitExceeded", "Request limit exceeded.", HttpStatusCode.ServiceUnavailable), request);
        }

        var (fault, fails) = _cloud.Faults.Draw(operation);
        if (fault is { Latency: var latency } && latency > TimeSpan.Zero)
        {
            await Task.Delay(latency, _cloud.Time, cancellationToken);
        }

        if (fails)
        {
            _cloud.Calls.WasFaulted(operation);
            return protocol.Error(new SandboxException(fault!.Code, fault.EffectiveMessage, fault.Status), request);
        }

        try
        {
            return protocol.Execute(operation, request);
        }
        catch (SandboxException error)
        {
            return protocol.Error(error, request);
        }
        catch (Exception error) when (error is FormatException or InvalidOperationException or OverflowException)
        {
            // A value of the wrong form (a bool that is not one, a JSON field of another type): the client's fault.
            return protocol.Error(SandboxAuthErrors.Malformed(request.Service, error.Message), request);
        }
    }

    /// <summary>The cloud's clock as a caller whose own clock is off by <see cref="SandboxCloud.CallerClockSkew"/> would meet it.</summary>
    private DateTimeOffset SimulatedNow => _cloud.Time.GetUtcNow() + _cloud.CallerClockSkew;

    private HttpResponseMessage? SkewRefusal(ISandboxProtocol protocol, SandboxRequest sandboxRequest, HttpRequestMessage request, SigV4Scope? scope)
    {
        if (_cloud.CallerClockSkew == TimeSpan.Zero || scope is null
            || SandboxClock.ParseAmzDate(request.Headers.TryGetValues("X-Amz-Date", out var dates) ? dates.FirstOrDefault() : null) is not { } signedAt
            || SandboxClock.Refusal(sandboxRequest.Service, signedAt, SimulatedNow) is not { } refusal)
        {
            return null;
        }

        _cloud.Calls.WasRefusedForClockSkew();
        return protocol.Error(refusal, sandboxRequest);
    }

    private static string? ServiceFromHost(string host) => host.Split('.') switch
    {
        ["ec2", ..] => "ec2",
        ["iam", ..] => "iam",
        ["eks", ..] => "eks",
        ["elasticloadbalancing", ..] => "elasticloadbalancing",
        ["tagging", ..] => "tagging",
        _ => null,
    };

    private static HttpResponseMessage Stamp(HttpResponseMessage response, HttpRequestMessage request, string requestId)
    {
        response.RequestMessage = request;
        response.Headers.TryAddWithoutValidation("x-amzn-RequestId", requestId);
        return response;
    }
}

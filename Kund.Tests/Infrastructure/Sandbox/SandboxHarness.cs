using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Amazon;
using Amazon.EC2;
using Amazon.Runtime;
using Kund.Infrastructure.Sandbox;
using Kund.Infrastructure.Sandbox.Persistence;
using Microsoft.Extensions.Time.Testing;

namespace Kund.Tests.Infrastructure.Sandbox;

/// <summary>A sandbox cloud on fake time with a real <see cref="AmazonEC2Client"/> and a raw HTTP client above it.</summary>
internal sealed class SandboxHarness : IDisposable
{
    public const string Region = "ap-northeast-2";

    private readonly SandboxHttpClientFactory _factory;

    public SandboxHarness(Action<SandboxOptions>? configure = null, ISandboxStateStore? store = null, FakeTimeProvider? time = null)
    {
        Time = time ?? new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));
        var options = new SandboxOptions();
        configure?.Invoke(options);
        Cloud = new SandboxCloud(options, Time, store ?? new InMemorySandboxStateStore());
        _factory = new SandboxHttpClientFactory(Cloud);
        Ec2 = CreateEc2Client(_factory, RegionEndpoint.APNortheast2);
        Http = new HttpClient(new SandboxHttpHandler(Cloud));
    }

    public FakeTimeProvider Time { get; }

    public SandboxCloud Cloud { get; }

    public AmazonEC2Client Ec2 { get; }

    public HttpClient Http { get; }

    /// <summary>An EC2 client as production builds it, with SDK retries off: their delays are real time.</summary>
    public static AmazonEC2Client CreateEc2Client(SandboxHttpClientFactory factory, RegionEndpoint region) => new(
        new BasicAWSCredentials("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
        new AmazonEC2Config { RegionEndpoint = region, HttpClientFactory = factory, MaxErrorRetry = 0 });

    public void Advance(TimeSpan by) => Time.Advance(by);

    /// <summary>A request with a well-formed SigV4 header (the sandbox does not check the signature itself).</summary>
    public static HttpRequestMessage Signed(HttpMethod method, string url, string service, string region, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, url) { Content = content };
        var date = DateTime.UtcNow.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        request.Headers.TryAddWithoutValidation(
            "Authorization",
            $"AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/{date}/{region}/{service}/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature={new string('a', 64)}");
        return request;
    }

    public Task<HttpResponseMessage> Iam(params (string Key, string Value)[] parameters)
    {
        var form = new FormUrlEncodedContent([new("Version", "2010-05-08"), .. parameters.Select(p => new KeyValuePair<string, string>(p.Key, p.Value))]);
        return Http.SendAsync(Signed(HttpMethod.Post, "https://iam.amazonaws.com/", "iam", "us-east-1", form));
    }

    public Task<HttpResponseMessage> Eks(HttpMethod method, string path, string? json = null, string region = Region)
    {
        var content = json is null ? null : new StringContent(json, Encoding.UTF8, new MediaTypeHeaderValue("application/json"));
        return Http.SendAsync(Signed(method, $"https://eks.{region}.amazonaws.com{path}", "eks", region, content));
    }

    public void Dispose()
    {
        Ec2.Dispose();
        Http.Dispose();
        _factory.Dispose();
        Cloud.Dispose();
    }
}

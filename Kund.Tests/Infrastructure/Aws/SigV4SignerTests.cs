using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Amazon.EC2.Model;
using Amazon.Runtime;
using Amazon.Runtime.Internal.Auth;
using Kund.Infrastructure.Aws.Http;

namespace Kund.Tests.Infrastructure.Aws;

public sealed class SigV4SignerTests
{
    private static readonly ImmutableCredentials Credentials = new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", null);

    /// <summary>
    /// The sandbox does not verify signatures, so this pins the canonical request against the SDK itself:
    /// the EC2 client signs a request, and the same headers canonicalised here must give the same signature.
    /// </summary>
    [Fact]
    public async Task CanonicalRequest_SdkSignedEc2Request_ReproducesTheSdkSignature()
    {
        var handler = new RecordingHandler(_ => RecordingHandler.Xml(
            "<DescribeVpcsResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\"><requestId>r</requestId><vpcSet/></DescribeVpcsResponse>"));
        using var clients = AwsTestClients.Over(handler);

        await clients.Ec2("ap-northeast-2").DescribeVpcsAsync(new DescribeVpcsRequest { Filters = [new Filter("tag:kund:resource", ["rtb/private a"])] });

        var request = Assert.Single(handler.Requests);
        var authorization = request.Headers["Authorization"];
        var signedHeaders = Part(authorization, "SignedHeaders=");
        var headers = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in signedHeaders.Split(';'))
        {
            headers[name] = name switch
            {
                "host" => request.Uri.Host,
                "content-type" => request.ContentType!,
                _ => request.Headers[name],
            };
        }

        var payloadHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(request.Body)));
        var canonical = SigV4Signer.CanonicalRequest("POST", request.Uri, headers, payloadHash);
        var signedAt = DateTime.ParseExact(request.Headers["X-Amz-Date"], "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
        var result = AWS4Signer.ComputeSignature(Credentials, "ap-northeast-2", signedAt, "ec2", signedHeaders, canonical);

        Assert.Equal(Part(authorization, "Signature="), result.Signature);
    }

    [Fact]
    public void Sign_QueryWithSpacesAndUnsortedKeys_SignsTheEncodedSortedQuery()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://eks.ap-northeast-2.amazonaws.com/cluster-versions?nextToken=a%2Fb&clusterType=eks");

        SigV4Signer.Sign(request, [], Credentials, "ap-northeast-2", "eks", new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));

        var headers = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["host"] = "eks.ap-northeast-2.amazonaws.com",
            ["x-amz-content-sha256"] = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            ["x-amz-date"] = "20261125T120000Z",
        };
        var canonical = SigV4Signer.CanonicalRequest("GET", request.RequestUri!, headers, headers["x-amz-content-sha256"]);
        Assert.Contains("\nclusterType=eks&nextToken=a%2Fb\n", canonical, StringComparison.Ordinal);
        var authorization = string.Join(",", request.Headers.GetValues("Authorization"));
        Assert.Contains("Credential=AKIDEXAMPLE/20261125/ap-northeast-2/eks/aws4_request", authorization, StringComparison.Ordinal);
        Assert.Contains("SignedHeaders=host;x-amz-content-sha256;x-amz-date,", authorization, StringComparison.Ordinal);
    }

    private static string Part(string authorization, string prefix)
    {
        var start = authorization.IndexOf(prefix, StringComparison.Ordinal) + prefix.Length;
        var end = authorization.IndexOf(',', start);
        return (end < 0 ? authorization[start..] : authorization[start..end]).Trim();
    }
}

using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using k8s;
using Kund.Infrastructure.Kubeconfig;

namespace Kund.Tests.Infrastructure.Kubeconfig;

/// <summary>The kubeconfig as the Kubernetes client library reads it: the server, the CA it trusts and the exec of aws eks get-token.</summary>
public class KubeconfigBuilderTests
{
    private const string Arn = "arn:aws:eks:ap-northeast-2:111111111111:cluster/payments-dev";
    private const string Endpoint = "https://0A1B2C3D4E5F.gr7.ap-northeast-2.eks.amazonaws.com";

    [Fact]
    public void Build_ReadByKubernetesClient_ServerCaAndTheGetTokenItRuns()
    {
        using var ca = SelfSignedCa();
        var cluster = new KubeconfigCluster("payments-dev", Arn, "ap-northeast-2", Endpoint, Base64Pem(ca));
        using var aws = new FakeAwsCli();

        using var yaml = new MemoryStream(Encoding.UTF8.GetBytes(KubeconfigBuilder.Build(cluster)));
        var config = KubernetesClientConfiguration.BuildConfigFromConfigFile(yaml);

        Assert.Equal(Endpoint, config.Host);
        Assert.Equal(ca.Thumbprint, Assert.Single(config.SslCaCerts).Thumbprint);
        Assert.Equal(Arn, config.CurrentContext);
        Assert.False(config.SkipTlsVerify);
        // The library ran the user's exec while it read the file: the aws on the PATH got the CLI's arguments.
        Assert.Equal(["--region", "ap-northeast-2", "eks", "get-token", "--cluster-name", "payments-dev", "--output", "json"], aws.Arguments());
    }

    [Theory]
    [InlineData("payments-dev", "ap-northeast-2")]
    [InlineData("1234", "us-east-1")]
    [InlineData("true", "eu-west-1")]
    public async Task Build_ExecOfGetToken_ArgumentsAsTheCliWritesThem(string name, string region)
    {
        using var ca = SelfSignedCa();
        var arn = $"arn:aws:eks:{region}:111111111111:cluster/{name}";
        var cluster = new KubeconfigCluster(name, arn, region, Endpoint, Base64Pem(ca));

        using var yaml = new MemoryStream(Encoding.UTF8.GetBytes(KubeconfigBuilder.Build(cluster)));
        var config = await KubernetesClientConfiguration.LoadKubeConfigAsync(yaml);

        var user = Assert.Single(config.Users);
        Assert.Equal(arn, user.Name);
        var exec = user.UserCredentials.ExternalExecution;
        Assert.Equal("client.authentication.k8s.io/v1beta1", exec.ApiVersion);
        Assert.Equal("aws", exec.Command);
        Assert.Equal(["--region", region, "eks", "get-token", "--cluster-name", name, "--output", "json"], exec.Arguments);
        Assert.Equal($"aws eks update-kubeconfig --region {region} --name {name}", cluster.UpdateKubeconfigCommand);
    }

    /// <summary>
    /// An <c>aws</c> first on the PATH for as long as it lives, which notes its arguments and answers as
    /// <c>aws eks get-token</c> does (an ExecCredential with a token).
    /// </summary>
    private sealed class FakeAwsCli : IDisposable
    {
        private readonly string directory = Directory.CreateTempSubdirectory("kund-aws-").FullName;
        private readonly string? path = Environment.GetEnvironmentVariable("PATH");

        public FakeAwsCli()
        {
            var script = Path.Combine(directory, "aws");
            File.WriteAllText(script, $$$"""
                #!/bin/sh
                printf '%s\n' "$@" > '{{{directory}}}/args'
                echo '{"apiVersion":"{{{KubeconfigBuilder.ExecApiVersion}}}","kind":"ExecCredential","status":{"token":"k8s-aws-v1.fake"}}'
                """);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }

            Environment.SetEnvironmentVariable("PATH", directory + Path.PathSeparator + path);
        }

        public string[] Arguments() => File.ReadAllLines(Path.Combine(directory, "args"));

        public void Dispose()
        {
            Environment.SetEnvironmentVariable("PATH", path);
            Directory.Delete(directory, recursive: true);
        }
    }

    private static X509Certificate2 SelfSignedCa()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=kubernetes", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        var now = DateTimeOffset.UtcNow;
        return request.CreateSelfSigned(now.AddMinutes(-1), now.AddYears(1));
    }

    /// <summary>As EKS reports <c>certificateAuthority.data</c>: the PEM, base64-encoded.</summary>
    private static string Base64Pem(X509Certificate2 certificate) =>
        Convert.ToBase64String(Encoding.ASCII.GetBytes(certificate.ExportCertificatePem()));
}

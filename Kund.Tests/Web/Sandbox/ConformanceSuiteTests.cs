using System.Diagnostics;
using Kund.Infrastructure.Aws.Eks;
using Kund.Infrastructure.Aws.Elbv2;
using Kund.Infrastructure.Aws.Iam;
using Kund.Infrastructure.Aws.Tagging;
using Kund.Infrastructure.Sandbox.Protocol;
using Kund.Tests.Support;

namespace Kund.Tests.Web.Sandbox;

/// <summary>
/// AWS's official JavaScript SDK v3 clients (conformance/, installed by ./test.sh) against Kund's sandbox
/// endpoint: every operation Kund's drivers use, the shapes the official clients parse, AWS's waiters.
/// </summary>
public class ConformanceSuiteTests(ConformanceSuiteTests.ConformanceApp app) : IClassFixture<ConformanceSuiteTests.ConformanceApp>
{
    private const string Region = "ap-northeast-2";
    private static readonly (string Cidr, string Zone)[] Subnets = [("10.72.0.0/24", "ap-northeast-2a"), ("10.72.1.0/24", "ap-northeast-2b")];
    private static readonly string[] Services = ["default/web", "default/api"];

    [Fact]
    public async Task OfficialJavaScriptClients_EveryOperationKundUses_Pass()
    {
        var vpc = app.Cloud.CreateVpc(Region, "10.72.0.0/16", null).Id;
        var subnets = Subnets.Select(s => app.Cloud.CreateSubnet(Region, vpc, s.Cidr, s.Zone, null).Id).ToList();
        var balancers = Services.Select(service => app.Cloud.CreateKubernetesLoadBalancer(Region, "conf", subnets, service).Arn).ToList();
        app.Cloud.Calls.Reset();

        var (exitCode, output) = await RunNodeAsync(
            new Dictionary<string, string>
            {
                ["KUND_SANDBOX_ENDPOINT"] = app.Endpoint.ToString(),
                ["KUND_CONFORMANCE_LB_VPC"] = vpc,
                ["KUND_CONFORMANCE_LB_ARNS"] = string.Join(',', balancers),
            },
            "--test", "--test-concurrency=1", "--test-reporter=spec", "tests/");

        Assert.True(exitCode == 0, $"The conformance suite failed (exit {exitCode}):{Environment.NewLine}{output}");
        var reached = app.Cloud.Calls.Snapshot().Keys.ToHashSet(StringComparer.Ordinal);
        var missing = OperationsKundUses().Where(o => !reached.Contains(o)).Order(StringComparer.Ordinal).ToList();
        Assert.True(missing.Count == 0, $"Operations Kund uses that the conformance suite never sent: {string.Join(", ", missing)}");
    }

    /// <summary>
    /// What Kund's drivers call: the EC2 operations the sandbox serves them, and every operation of Kund's own IAM,
    /// EKS, ELBv2 and Tagging clients (their methods; a default method that only pages another is not one).
    /// </summary>
    internal static IEnumerable<string> OperationsKundUses() =>
        Ec2QueryProtocol.Operations
            .Concat(new[] { typeof(IIamClient), typeof(IEksClient), typeof(IElbv2Client), typeof(ITaggingClient) }
                .SelectMany(client => client.GetMethods().Where(m => m.IsAbstract))
                .Select(m => m.Name.EndsWith("Async", StringComparison.Ordinal) ? m.Name[..^"Async".Length] : m.Name))
            .Append("GetCallerIdentity")
            .Distinct(StringComparer.Ordinal);

    /// <summary>Node in conformance/ with <paramref name="arguments"/>; its exit code and everything it printed.</summary>
    internal static async Task<(int ExitCode, string Output)> RunNodeAsync(IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var folder = Path.Combine(Screenshots.RepositoryRoot(), "conformance");
        Assert.True(Directory.Exists(Path.Combine(folder, "node_modules", "@aws-sdk")),
            $"AWS's JavaScript clients are not installed in {folder}: run ./test.sh, or `npm ci --prefix conformance`.");
        var start = new ProcessStartInfo("node", arguments)
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            return (-1, $"timed out after 3 minutes{Environment.NewLine}{await stdout}{await stderr}");
        }

        return (process.ExitCode, await stdout + await stderr);
    }

    /// <summary>The sandbox endpoint on a real port; no throttling or IAM delay, which are not what this suite checks.</summary>
    public sealed class ConformanceApp : SandboxEndpointApp
    {
        public ConformanceApp()
        {
            Settings["Kund:Sandbox:ThrottlingEnabled"] = "false";
            Settings["Kund:Sandbox:IamReadAfterWriteWindow"] = "00:00:00";
        }
    }
}

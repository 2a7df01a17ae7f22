using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using k8s;
using Kund.Infrastructure.Kubeconfig;
using Kund.Infrastructure.Sandbox;
using Kund.Infrastructure.Sandbox.Model;
using Kund.Tests.Support;

namespace Kund.Tests.Web.Sandbox;

/// <summary>
/// The AWS CLI against the sandbox endpoint, running the very commands the README and docs/sandbox-endpoint.md
/// tell users to run (read from those files, the port the test's own), with the key they tell users to export,
/// against a sandbox holding the cluster they name.
/// </summary>
public partial class AwsCliTests(SandboxEndpointApp app) : IClassFixture<SandboxEndpointApp>
{
    private const string Region = "ap-northeast-2";
    private const string EksTrust = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"eks.amazonaws.com"},"Action":"sts:AssumeRole"}]}""";

    [Theory]
    [InlineData("README.md")]
    [InlineData("docs/sandbox-endpoint.md")]
    public async Task DocumentedCommands_RealAwsCli_DescribeTheClusterAndWriteItsKubeconfig(string document)
    {
        var (environment, commands) = Documented(document);
        Assert.Equal(SandboxEndpoint.AccessKeyId, environment.GetValueOrDefault("AWS_ACCESS_KEY_ID"));
        Assert.Equal(SandboxEndpoint.SecretAccessKey, environment.GetValueOrDefault("AWS_SECRET_ACCESS_KEY"));
        var cluster = Assert.Single(commands.Where(c => c.Contains("describe-cluster", StringComparer.Ordinal)).Select(NameOf).Distinct());
        Assert.Contains(commands, c => c.Contains("update-kubeconfig", StringComparer.Ordinal) && NameOf(c) == cluster);
        var seeded = await SeedClusterAsync(cluster);
        var aws = AwsCli.Path;

        var folder = Directory.CreateTempSubdirectory("kund-aws-cli-").FullName;
        try
        {
            var kubeconfig = Path.Combine(folder, "kubeconfig");
            foreach (var command in commands)
            {
                var (exitCode, stdout, stderr) = await AwsCli.RunAsync(aws, command, environment, folder, kubeconfig);
                var line = string.Join(' ', command);
                Assert.True(exitCode == 0, $"`{line}` exited {exitCode}:{Environment.NewLine}{stdout}{stderr}");
                switch (Verb(command))
                {
                    case ["eks", "describe-cluster"]:
                        var described = JsonDocument.Parse(stdout).RootElement.GetProperty("cluster");
                        Assert.Equal(cluster, described.GetProperty("name").GetString());
                        Assert.Equal("ACTIVE", described.GetProperty("status").GetString());
                        Assert.Equal(seeded.Arn, described.GetProperty("arn").GetString());
                        Assert.Equal(seeded.Endpoint, described.GetProperty("endpoint").GetString());
                        Assert.Equal(seeded.CertificateAuthorityData, described.GetProperty("certificateAuthority").GetProperty("data").GetString());
                        break;
                    case ["eks", "update-kubeconfig"]:
                        Assert.Contains(seeded.Arn, stdout, StringComparison.Ordinal);
                        await AssertKubeconfigAsync(kubeconfig, seeded);
                        break;
                    case ["ec2", "describe-vpcs"]:
                        var vpcs = JsonDocument.Parse(stdout).RootElement.GetProperty("Vpcs").EnumerateArray().Select(v => v.GetProperty("VpcId").GetString());
                        Assert.Contains(seeded.VpcId, vpcs);
                        break;
                    case ["sts", "get-caller-identity"]:
                        Assert.Equal(app.Cloud.AccountId, JsonDocument.Parse(stdout).RootElement.GetProperty("Account").GetString());
                        break;
                    default:
                        Assert.Fail($"`{line}` is documented, and this test does not know what it should print.");
                        break;
                }
            }

            Assert.True(File.Exists(kubeconfig), $"{document}'s commands wrote no kubeconfig at KUBECONFIG");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>
    /// What <c>update-kubeconfig</c> wrote, as the Kubernetes client reads it: the sandbox's cluster by its ARN and
    /// endpoint, and the same cluster, context and user as Kund's own kubeconfig download.
    /// </summary>
    private static async Task AssertKubeconfigAsync(string file, SandboxCluster seeded)
    {
        Assert.True(File.Exists(file), $"update-kubeconfig wrote nothing at {file}");
        var written = await KubernetesClientConfiguration.LoadKubeConfigAsync(new FileInfo(file));
        var cluster = Assert.Single(written.Clusters);
        Assert.Equal(seeded.Arn, cluster.Name);
        Assert.Equal(seeded.Endpoint, cluster.ClusterEndpoint.Server);
        Assert.Equal(seeded.CertificateAuthorityData, cluster.ClusterEndpoint.CertificateAuthorityData);
        Assert.Equal(seeded.Arn, written.CurrentContext);
        var context = Assert.Single(written.Contexts);
        Assert.Equal((seeded.Arn, seeded.Arn, seeded.Arn), (context.Name, context.ContextDetails.Cluster, context.ContextDetails.User));
        var user = Assert.Single(written.Users);
        Assert.Equal(seeded.Arn, user.Name);
        var exec = user.UserCredentials.ExternalExecution;
        Assert.Equal("aws", exec.Command);
        Assert.Contains("get-token", exec.Arguments);
        Assert.Equal(seeded.Name, exec.Arguments[exec.Arguments.IndexOf("--cluster-name") + 1]);

        // docs/sandbox-endpoint.md: the same cluster, context and user as the environment page's download.
        using var download = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(
            KubeconfigBuilder.Build(new KubeconfigCluster(seeded.Name, seeded.Arn, seeded.Region, seeded.Endpoint, seeded.CertificateAuthorityData))));
        var kund = await KubernetesClientConfiguration.LoadKubeConfigAsync(download);
        var kundCluster = Assert.Single(kund.Clusters);
        var kundExec = Assert.Single(kund.Users).UserCredentials.ExternalExecution;
        Assert.Equal(
            (kund.CurrentContext, kundCluster.Name, kundCluster.ClusterEndpoint.Server, kundCluster.ClusterEndpoint.CertificateAuthorityData, Assert.Single(kund.Users).Name),
            (written.CurrentContext, cluster.Name, cluster.ClusterEndpoint.Server, cluster.ClusterEndpoint.CertificateAuthorityData, user.Name));
        Assert.Equal((kundExec.ApiVersion, kundExec.Command), (exec.ApiVersion, exec.Command));
        Assert.Equal(kundExec.Arguments, exec.Arguments);
    }

    /// <summary>A cluster named <paramref name="name"/>, ACTIVE, in its own VPC (made by the first test that needs it).</summary>
    private async Task<SandboxCluster> SeedClusterAsync(string name)
    {
        var cloud = app.Cloud;
        if (!cloud.ListClusters(Region).Contains(name))
        {
            var vpc = cloud.CreateVpc(Region, "10.76.0.0/16", null);
            var subnets = new[] { ("10.76.0.0/24", "ap-northeast-2a"), ("10.76.1.0/24", "ap-northeast-2b") }
                .Select(s => cloud.CreateSubnet(Region, vpc.Id, s.Item1, s.Item2, null).Id).ToList();
            var role = cloud.CreateRole($"{name}-eks-cluster", null, EksTrust, null, null);
            await Eventually(() => cloud.CreateCluster(Region, new SandboxClusterRequest(
                name, null, role.Arn, subnets, [], null, null, null, [], new Dictionary<string, string> { ["kund:environment"] = "aws-cli" }, null)));
        }

        return await Eventually(() => cloud.DescribeCluster(Region, name) is var c && c.StatusAt(cloud.Now, cloud.Timings) == "ACTIVE"
            ? c
            : throw new InvalidOperationException($"{name} is {c.StatusAt(cloud.Now, cloud.Timings)}"));
    }

    /// <summary><paramref name="attempt"/> until it succeeds (the sandbox's scaled time: a role propagating, a cluster creating), for at most a minute.</summary>
    private static async Task<T> Eventually<T>(Func<T> attempt)
    {
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (true)
        {
            try
            {
                return attempt();
            }
            catch (Exception) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
    }

    /// <summary>The variables a document's first shell block exports, and its <c>aws</c> commands with the test's port for 5080.</summary>
    private (Dictionary<string, string> Environment, List<string[]> Commands) Documented(string document)
    {
        var text = File.ReadAllText(Path.Combine(Screenshots.RepositoryRoot(), document));
        var block = ShellBlocks().Matches(text).Select(m => m.Groups["body"].Value).FirstOrDefault(b => b.Contains("--endpoint-url", StringComparison.Ordinal));
        Assert.True(block is not null, $"{document} has no ```bash block with aws --endpoint-url");
        var lines = block.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var environment = lines.Where(l => l.StartsWith("export ", StringComparison.Ordinal))
            .SelectMany(l => l["export ".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(pair => pair.Split('=', 2))
            .ToDictionary(pair => pair[0], pair => pair[1], StringComparer.Ordinal);
        var port = app.BaseAddress.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var commands = lines.Where(l => l.StartsWith("aws ", StringComparison.Ordinal))
            .Select(l => l["aws ".Length..].Replace("localhost:5080", $"localhost:{port}", StringComparison.Ordinal).Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .ToList();
        Assert.True(commands.Count > 0, $"{document}'s shell block has no aws command");
        Assert.All(commands, c => Assert.Contains($"http://localhost:{port}/sandbox/aws", c));
        return (environment, commands);
    }

    /// <summary>The service and its command (<c>eks describe-cluster</c>): what is left without the options and their values.</summary>
    private static string[] Verb(string[] command)
    {
        var words = new List<string>();
        for (var i = 0; i < command.Length; i++)
        {
            if (command[i].StartsWith("--", StringComparison.Ordinal))
            {
                i++;
                continue;
            }

            words.Add(command[i]);
        }

        return [.. words.Take(2)];
    }

    private static string NameOf(string[] command) => command.SkipWhile(a => a != "--name").Skip(1).FirstOrDefault() ?? "";

    [GeneratedRegex(@"```bash\n(?<body>.*?)```", RegexOptions.Singleline)]
    private static partial Regex ShellBlocks();
}

/// <summary>The real AWS CLI: found on the PATH or where pyenv keeps it, and run with nothing of the host's AWS configuration.</summary>
internal static class AwsCli
{
    private static readonly Lazy<string> Found = new(Find);

    /// <summary>The CLI's path; the test fails, naming where it looked, when there is none.</summary>
    public static string Path => Found.Value;

    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(
        string aws, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment, string folder, string kubeconfig)
    {
        var start = new ProcessStartInfo(aws, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = folder };
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("AWS_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }

        // No profile, config or credentials of the host's: only what the document exports.
        start.Environment["AWS_CONFIG_FILE"] = System.IO.Path.Combine(folder, "aws-config");
        start.Environment["AWS_SHARED_CREDENTIALS_FILE"] = System.IO.Path.Combine(folder, "aws-credentials");
        start.Environment["AWS_EC2_METADATA_DISABLED"] = "true";
        start.Environment["KUBECONFIG"] = kubeconfig;
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            return (-1, await stdout, $"timed out after 2 minutes{Environment.NewLine}{await stderr}");
        }

        return (process.ExitCode, await stdout, await stderr);
    }

    private static string Find()
    {
        var pyenvRoot = Environment.GetEnvironmentVariable("PYENV_ROOT");
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var candidates = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Concat(new[] { pyenvRoot is null ? null : System.IO.Path.Combine(pyenvRoot, "shims"), System.IO.Path.Combine(home, ".pyenv", "shims"), "/root/.pyenv/shims" }.OfType<string>())
            .Select(folder => System.IO.Path.Combine(folder, "aws"))
            .Distinct(StringComparer.Ordinal)
            .ToList();

        // The first that says it is the AWS CLI (another test may put a stand-in named aws on the PATH for a while).
        foreach (var candidate in candidates.Where(File.Exists))
        {
            if (Version(candidate) is { } version && version.StartsWith("aws-cli/", StringComparison.Ordinal))
            {
                return candidate;
            }
        }

        Assert.Fail($"The AWS CLI (`aws`) was not found: looked in {string.Join(", ", candidates)}. Install it (pip's awscli, or Debian's awscli package) to run the documented commands.");
        return "";
    }

    private static string? Version(string aws)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(aws, "--version") { RedirectStandardOutput = true, RedirectStandardError = true })!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromSeconds(30)))
            {
                process.Kill(entireProcessTree: true);
                return null;
            }

            // Some releases print it on stderr, others on stdout.
            return (stdout.Result + stderr.Result).Trim();
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Text;
using Kund.Bench.Support;
using Kund.Domain.Planning;

namespace Kund.Bench.Scenarios;

/// <summary>
/// Terraform walking the same graph: one <c>terraform_data</c> per node with a <c>local-exec</c> sleep of the
/// node's simulated duration and its dependencies as <c>depends_on</c>, applied with the same parallelism.
/// <c>terraform_data</c> comes with Terraform itself, so nothing is downloaded.
/// </summary>
public static class TerraformComparison
{
    /// <summary>Terraform on PATH, or null.</summary>
    public static string? Find() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, "terraform"))
            .FirstOrDefault(File.Exists);

    /// <summary>Wall time of each <c>terraform apply</c> from an empty state (plan included, init not), in seconds.</summary>
    public static async Task<List<double>> MeasureAsync(string terraform, ResourceGraph graph, LatencyModel durations, int runs, int parallelism)
    {
        var dir = Directory.CreateTempSubdirectory("kund-terraform-");
        try
        {
            await File.WriteAllTextAsync(Path.Combine(dir.FullName, "main.tf"), Configuration(graph, durations));
            await RunAsync(terraform, dir.FullName, "init -input=false -no-color");
            var results = new List<double>();
            for (var i = -1; i < runs; i++)
            {
                foreach (var state in dir.GetFiles("terraform.tfstate*"))
                {
                    state.Delete();
                }

                var start = Stopwatch.GetTimestamp();
                await RunAsync(terraform, dir.FullName, $"apply -auto-approve -input=false -no-color -lock=false -parallelism={parallelism}");
                var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
                if (i >= 0)
                {
                    results.Add(seconds);
                }
            }

            return results;
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static string Configuration(ResourceGraph graph, LatencyModel durations)
    {
        var text = new StringBuilder();
        foreach (var node in graph.TopologicalOrder)
        {
            text.Append(CultureInfo.InvariantCulture, $"resource \"terraform_data\" \"{Name(node.Key)}\" {{\n");
            var seconds = durations.CreateDuration(node.Kind).TotalSeconds;
            if (seconds > 0)
            {
                text.Append(CultureInfo.InvariantCulture, $"  provisioner \"local-exec\" {{\n    command = \"sleep {seconds:0.000}\"\n  }}\n");
            }

            if (node.DependsOn.Count > 0)
            {
                text.Append(CultureInfo.InvariantCulture, $"  depends_on = [{string.Join(", ", node.DependsOn.Select(d => $"terraform_data.{Name(d)}"))}]\n");
            }

            text.Append("}\n\n");
        }

        return text.ToString();
    }

    private static string Name(string key) => "n_" + new string([.. key.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_')]);

    private static async Task RunAsync(string terraform, string directory, string arguments)
    {
        var info = new ProcessStartInfo(terraform, arguments)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.Environment["TF_IN_AUTOMATION"] = "1";
        info.Environment["CHECKPOINT_DISABLE"] = "1";
        using var process = Process.Start(info) ?? throw new BenchmarkFailedException($"could not start {terraform}");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Report.Require(process.ExitCode == 0, $"terraform {arguments.Split(' ')[0]} exited {process.ExitCode}: {await error}{await output}");
    }
}

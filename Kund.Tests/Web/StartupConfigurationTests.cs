using System.Diagnostics;

namespace Kund.Tests.Web;

/// <summary>A wrong setting stops start-up with one line that names it, and a non-zero exit code.</summary>
public class StartupConfigurationTests
{
    [Theory]
    [InlineData("Kund__Mode", "Bogus", "Kund:Mode is 'Bogus'; expected Sandbox or Aws.")]
    [InlineData("Kund__Sandbox__TimeScale", "0", "Kund:Sandbox:TimeScale is 0; expected a number of at least 1")]
    [InlineData("Kund__Sandbox__TimeScale", "fast", "'Kund:Sandbox:TimeScale'")]
    public async Task Start_WrongSetting_OneLineErrorAndExitCode2(string variable, string value, string expected)
    {
        var (exitCode, stdout, stderr) = await RunKundAsync(new()
        {
            [variable] = value,
            ["ConnectionStrings__Kund"] = "Host=127.0.0.1;Port=1;Database=none",
        });

        Assert.Equal(2, exitCode);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("kund: ", line, StringComparison.Ordinal);
        Assert.Contains(expected, line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stdout + stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_NoConnectionString_NamesTheSetting()
    {
        var (exitCode, _, stderr) = await RunKundAsync(new() { ["ConnectionStrings__Kund"] = "" });

        Assert.Equal(2, exitCode);
        Assert.Contains("ConnectionStrings:Kund is not set", stderr, StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunKundAsync(Dictionary<string, string> environment)
    {
        var web = typeof(Program).Assembly.Location;
        var start = new ProcessStartInfo("dotnet", [web])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(web)!,
        };
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        start.Environment.Remove("ConnectionStrings__Kund");
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await stdout, await stderr);
    }
}

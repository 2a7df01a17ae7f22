using Kund.Tests.Support;

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

    private static Task<(int ExitCode, string Stdout, string Stderr)> RunKundAsync(Dictionary<string, string> environment) =>
        KundProcess.RunAsync([], environment);
}

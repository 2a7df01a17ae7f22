using Kund.Tests.Support;

namespace Kund.Tests.Web;

/// <summary>A wrong setting stops start-up with one line that names it, and a non-zero exit code.</summary>
public class StartupConfigurationTests
{
    [Theory]
    [InlineData("Kund__Mode", "Bogus", "Kund:Mode is 'Bogus'; expected Sandbox or Aws.")]
    [InlineData("Kund__Sandbox__TimeScale", "0", "Kund:Sandbox:TimeScale is 0; expected a number of at least 1")]
    [InlineData("Kund__Sandbox__TimeScale", "fast", "'Kund:Sandbox:TimeScale'")]
    [InlineData("Kund__Sandbox__CloudUrl", "node-1:5080/sandbox/aws", "Kund:Sandbox:CloudUrl is 'node-1:5080/sandbox/aws'; expected an absolute http or https URL")]
    [InlineData("Kund__Audit__CheckpointInterval", "00:00:00", "Kund:Audit:CheckpointInterval is 00:00:00; expected a positive time")]
    [InlineData("Kund__Audit__Key", "short", "The audit key from Kund:Audit:Key has 5 bytes; it needs at least 32.")]
    [InlineData("Kund__Provisioning__MaxAttempts", "0", "Kund:Provisioning:MaxAttempts is 0; expected a number from 1 to 100.")]
    [InlineData("Kund__Provisioning__HeartbeatInterval", "00:00:20", "Kund:Provisioning:HeartbeatInterval must be at most half of Kund:Provisioning:LeaseDuration")]
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

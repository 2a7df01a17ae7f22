using System.Collections.Concurrent;
using System.Diagnostics;
using Kund.Tests.Support;

namespace Kund.Tests.Web;

/// <summary>A first start on an empty database, as an operator sees it: nothing failed, so no line says <c>fail:</c>.</summary>
public sealed class FirstStartLogTests : IAsyncLifetime
{
    private readonly TestDatabase database = new();

    public Task InitializeAsync() => database.InitializeAsync();

    public Task DisposeAsync() => database.DisposeAsync();

    [Fact]
    public async Task FirstStart_EmptyDatabase_LogsNoFailLine()
    {
        var web = typeof(Program).Assembly.Location;
        var start = new ProcessStartInfo("dotnet", [web])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(web)!,
        };
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        start.Environment["ConnectionStrings__Kund"] = database.ConnectionString;
        start.Environment["Kund__Mode"] = "Sandbox";
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["Logging__Console__FormatterName"] = "simple";
        start.Environment["Kund__Sandbox__StatePath"] = Path.Combine(Path.GetTempPath(), $"kund-first-start-{Guid.NewGuid():N}.json");

        var lines = new ConcurrentQueue<string>();
        var listening = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        void Read(string? line)
        {
            if (line is null)
            {
                return;
            }

            lines.Enqueue(line);
            if (line.Trim() is var text && text.StartsWith("Now listening on: ", StringComparison.Ordinal))
            {
                listening.TrySetResult(text["Now listening on: ".Length..]);
            }
        }

        using var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => Read(e.Data);
        process.ErrorDataReceived += (_, e) => Read(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var address = await listening.Task.WaitAsync(TimeSpan.FromSeconds(90));
            // A first visit belongs to a first start too: the sign-in page and readiness.
            using var http = new HttpClient { BaseAddress = new Uri(address) };
            Assert.True((await http.GetAsync("/readyz")).IsSuccessStatusCode);
            Assert.True((await http.GetAsync("/account/sign-in")).IsSuccessStatusCode);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        var log = string.Join('\n', lines);
        Assert.False(lines.Any(line => line.StartsWith("fail:", StringComparison.Ordinal) || line.StartsWith("crit:", StringComparison.Ordinal)), log);
        Assert.Contains("Application started", log, StringComparison.Ordinal);
    }
}

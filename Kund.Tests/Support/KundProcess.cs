using System.Diagnostics;

namespace Kund.Tests.Support;

/// <summary>Runs the built Kund.Web.dll as an operator would, with environment variables for configuration.</summary>
public static class KundProcess
{
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string[] args, Dictionary<string, string> environment)
    {
        var web = typeof(Program).Assembly.Location;
        var start = new ProcessStartInfo("dotnet", [web, .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(web)!,
        };
        start.Environment.Remove("ConnectionStrings__Kund");
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
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

/// <summary>
/// Kund.Web.dll running as a separate process on a loopback port until killed: what a kill -9 test needs.
/// Its output is kept (<see cref="Log"/>) for the failure message.
/// </summary>
public sealed class RunningKund : IAsyncDisposable
{
    private readonly Process process;
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> lines = new();

    private RunningKund(Process process, Uri address)
    {
        this.process = process;
        Address = address;
    }

    public Uri Address { get; private set; }

    public int ProcessId => process.Id;

    public string Log => string.Join('\n', lines);

    public static async Task<RunningKund> StartAsync(Dictionary<string, string> environment)
    {
        var web = typeof(Program).Assembly.Location;
        var start = new ProcessStartInfo("dotnet", [web])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(web)!,
        };
        start.Environment.Remove("ConnectionStrings__Kund");
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["Logging__Console__FormatterName"] = "simple";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var listening = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = Process.Start(start)!;
        var running = new RunningKund(process, new Uri("http://127.0.0.1/"));
        void Read(string? line)
        {
            if (line is null)
            {
                return;
            }

            running.lines.Enqueue(line);
            if (line.Trim() is var text && text.StartsWith("Now listening on: ", StringComparison.Ordinal))
            {
                listening.TrySetResult(text["Now listening on: ".Length..]);
            }
        }

        process.OutputDataReceived += (_, e) => Read(e.Data);
        process.ErrorDataReceived += (_, e) => Read(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            running.Address = new Uri(await listening.Task.WaitAsync(TimeSpan.FromSeconds(60)));
        }
        catch (TimeoutException)
        {
            await running.KillAsync();
            throw new TimeoutException($"Kund did not start listening within 60 s:\n{running.Log}");
        }

        return running;
    }

    /// <summary>SIGKILL (kill -9) of the process and its children: no shutdown, nothing flushed, nothing released.</summary>
    public async Task KillAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        await process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        process.Dispose();
    }
}

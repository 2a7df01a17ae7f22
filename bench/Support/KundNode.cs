using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace Kund.Bench.Support;

/// <summary>
/// One Kund node as an operator runs it: Kund.Web.dll in a process of its own on a loopback port, configured by
/// environment variables. What it prints is kept for a failure message; it can be killed without any shutdown.
/// </summary>
public sealed class KundNode : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();

    private KundNode(string name, Process process)
    {
        Name = name;
        _process = process;
    }

    public string Name { get; }

    public Uri Address { get; private set; } = new("http://127.0.0.1/");

    public int ProcessId => _process.Id;

    public bool Killed { get; private set; }

    /// <summary>The last lines the node printed.</summary>
    public string Tail => string.Join('\n', _lines.TakeLast(20));

    public static async Task<KundNode> StartAsync(string name, IReadOnlyDictionary<string, string> environment)
    {
        var web = typeof(Kund.Web.WebServiceCollectionExtensions).Assembly.Location;
        var start = new ProcessStartInfo("dotnet", [web])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(web)!,
        };
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["Logging__Console__FormatterName"] = "simple";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var listening = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var node = new KundNode(name, Process.Start(start) ?? throw new InvalidOperationException($"{name} did not start"));
        void Read(string? line)
        {
            if (line is null)
            {
                return;
            }

            node._lines.Enqueue(line);
            while (node._lines.Count > 200)
            {
                node._lines.TryDequeue(out _);
            }

            if (line.Trim() is var text && text.StartsWith("Now listening on: ", StringComparison.Ordinal))
            {
                listening.TrySetResult(text["Now listening on: ".Length..]);
            }
        }

        node._process.OutputDataReceived += (_, e) => Read(e.Data);
        node._process.ErrorDataReceived += (_, e) => Read(e.Data);
        node._process.BeginOutputReadLine();
        node._process.BeginErrorReadLine();
        try
        {
            node.Address = new Uri(await listening.Task.WaitAsync(TimeSpan.FromSeconds(90)));
        }
        catch (TimeoutException)
        {
            await node.KillAsync();
            throw new BenchmarkFailedException($"{name} did not start listening within 90 s:\n{node.Tail}");
        }

        return node;
    }

    /// <summary>CPU seconds and peak resident memory (<c>VmHWM</c>) so far, from <c>/proc</c>; zeros once the process is gone.</summary>
    public (double CpuSeconds, long PeakBytes) Usage()
    {
        try
        {
            _process.Refresh();
            var cpu = _process.TotalProcessorTime.TotalSeconds;
            var hwm = File.ReadLines($"/proc/{_process.Id}/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            var kib = hwm is null ? 0 : long.Parse(hwm.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
            return (cpu, kib * 1024);
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or FormatException)
        {
            return (0, 0);
        }
    }

    /// <summary>SIGKILL: no shutdown, no lease released, nothing flushed.</summary>
    public async Task KillAsync()
    {
        Killed = true;
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }
}

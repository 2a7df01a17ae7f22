using System.Diagnostics;
using System.Globalization;

namespace Kund.Bench.Support;

/// <summary>Prints results as Markdown, headed by the machine, the date and the command.</summary>
public static class Report
{
    public static void Header(string[] args)
    {
        Console.WriteLine($"# Kund benchmarks — {DateTimeOffset.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)}");
        Console.WriteLine($"command: dotnet run --project bench -c Release -- {string.Join(' ', args)}");
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores ({CpuModel()}), {MemoryTotal()} RAM, {Environment.OSVersion}, .NET {Environment.Version}");
        Console.WriteLine($"load average at start: {LoadAverage()}");
        Console.WriteLine();
    }

    public static void Section(string title)
    {
        Console.WriteLine();
        Console.WriteLine($"## {title}");
    }

    public static void Line(string text) => Console.WriteLine(text);

    /// <summary>The machine's load averages (1, 5 and 15 minutes) as /proc/loadavg has them, for the figures beside it.</summary>
    public static string LoadAverage()
    {
        try
        {
            return string.Join(", ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    /// <summary>Fails the run with <paramref name="message"/> when <paramref name="condition"/> is false.</summary>
    public static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new BenchmarkFailedException(message);
        }
    }

    public static double ProcessCpuSeconds() => Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;

    private static string CpuModel()
    {
        try
        {
            return File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown CPU";
        }
        catch (IOException)
        {
            return "unknown CPU";
        }
    }

    private static string MemoryTotal()
    {
        try
        {
            var line = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal", StringComparison.Ordinal));
            var kb = long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
            return $"{kb / 1024.0 / 1024.0:F1} GiB";
        }
        catch (IOException)
        {
            return "unknown";
        }
    }
}

/// <summary>A benchmark whose outcome breaks its own precondition (an environment that never got ready).</summary>
public sealed class BenchmarkFailedException(string message) : Exception(message);

using System.Globalization;

namespace Kund.Infrastructure.Jobs;

/// <summary>The <c>Kund:Provisioning</c> section of <c>KundOptions</c>: how workers lease and run jobs.</summary>
public sealed class ProvisioningOptions
{
    /// <summary>How long a lease lasts without a heartbeat; a crashed worker's job is taken over after this.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often a worker renews the leases it holds; at most half of <see cref="LeaseDuration"/>.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often an idle worker looks for due jobs when no notification wakes it.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Environments one node works on at once.</summary>
    public int MaxConcurrentJobs { get; set; } = 128;

    /// <summary>Resources of one environment created or deleted at once.</summary>
    public int MaxParallelism { get; set; } = 10;

    /// <summary>After an unexpected error a job is retried this many times, with a growing delay, before the environment fails.</summary>
    public int MaxAttempts { get; set; } = 5;

    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>False stops this node from running jobs (a web-only node).</summary>
    public bool RunWorker { get; set; } = true;

    /// <summary>What is wrong with the section, one line per setting.</summary>
    public IEnumerable<string> Problems()
    {
        var times = new (string Name, TimeSpan Value, TimeSpan Min, TimeSpan Max)[]
        {
            (nameof(LeaseDuration), LeaseDuration, TimeSpan.FromMilliseconds(100), TimeSpan.FromHours(1)),
            (nameof(HeartbeatInterval), HeartbeatInterval, TimeSpan.FromMilliseconds(20), TimeSpan.FromMinutes(20)),
            (nameof(PollInterval), PollInterval, TimeSpan.FromMilliseconds(50), TimeSpan.FromMinutes(10)),
            (nameof(RetryDelay), RetryDelay, TimeSpan.Zero, TimeSpan.FromHours(1)),
        };
        foreach (var (name, value, min, max) in times.Where(t => t.Value < t.Min || t.Value > t.Max))
        {
            yield return $"Kund:Provisioning:{name} is {value.ToString("c", CultureInfo.InvariantCulture)}; expected a time from {min.ToString("c", CultureInfo.InvariantCulture)} to {max.ToString("c", CultureInfo.InvariantCulture)}.";
        }

        var counts = new (string Name, int Value, int Max)[]
        {
            (nameof(MaxConcurrentJobs), MaxConcurrentJobs, 1000),
            (nameof(MaxParallelism), MaxParallelism, 1000),
            (nameof(MaxAttempts), MaxAttempts, 100),
        };
        foreach (var (name, value, max) in counts.Where(c => c.Value < 1 || c.Value > c.Max))
        {
            yield return $"Kund:Provisioning:{name} is {value.ToString(CultureInfo.InvariantCulture)}; expected a number from 1 to {max.ToString(CultureInfo.InvariantCulture)}.";
        }

        if (HeartbeatInterval * 2 > LeaseDuration)
        {
            yield return "Kund:Provisioning:HeartbeatInterval must be at most half of Kund:Provisioning:LeaseDuration, so a lease is renewed before it lapses.";
        }
    }
}

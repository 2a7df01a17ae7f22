using System.ComponentModel.DataAnnotations;

namespace Kund.Infrastructure.Jobs;

/// <summary>The <c>Kund:Provisioning</c> section: how workers lease and run jobs.</summary>
public sealed class ProvisioningOptions
{
    public const string SectionName = "Kund:Provisioning";

    /// <summary>How long a lease lasts without a heartbeat; a crashed worker's job is taken over after this.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often a worker renews the leases it holds; well under <see cref="LeaseDuration"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00.020", "00:20:00")]
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often an idle worker looks for due jobs when no notification wakes it.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Environments one node works on at once.</summary>
    [Range(1, 1000)]
    public int MaxConcurrentJobs { get; set; } = 128;

    /// <summary>Resources of one environment created or deleted at once.</summary>
    [Range(1, 1000)]
    public int MaxParallelism { get; set; } = 10;

    /// <summary>After an unexpected error a job is retried this many times, with a growing delay, before the environment fails.</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 5;

    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>False stops this node from running jobs (a web-only node).</summary>
    public bool RunWorker { get; set; } = true;
}

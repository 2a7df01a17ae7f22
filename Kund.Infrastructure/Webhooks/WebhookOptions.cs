namespace Kund.Infrastructure.Webhooks;

/// <summary><c>Kund:Webhooks</c>: how deliveries are sent and retried.</summary>
public sealed class WebhookOptions
{
    public const string SectionName = "Kund:Webhooks";

    /// <summary>Whether this node sends deliveries (every node may; a delivery is claimed by one).</summary>
    public bool RunSender { get; set; } = true;

    /// <summary>How often the sender looks for due deliveries when nothing woke it.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The wait after the first failed attempt; each further one doubles it, up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>A delivery not delivered this long after its event is given up (marked Failed).</summary>
    public TimeSpan GiveUpAfter { get; set; } = TimeSpan.FromDays(1);

    /// <summary>How long the receiver has to answer one attempt.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Deliveries one pass sends at most (in parallel, at most one per webhook and environment).</summary>
    public int BatchSize { get; set; } = 20;

    /// <summary>The wait before attempt <paramref name="failed"/> + 1: doubling from the first delay, capped.</summary>
    public TimeSpan RetryDelay(int failed)
    {
        var doubled = FirstRetryDelay.Ticks * Math.Pow(2, Math.Clamp(failed - 1, 0, 30));
        return doubled >= MaxRetryDelay.Ticks ? MaxRetryDelay : TimeSpan.FromTicks((long)doubled);
    }

    /// <summary>What is wrong with these settings, or null.</summary>
    public string? Problem() =>
        PollInterval <= TimeSpan.Zero ? $"{SectionName}:PollInterval must be positive, not {PollInterval}."
        : FirstRetryDelay <= TimeSpan.Zero ? $"{SectionName}:FirstRetryDelay must be positive, not {FirstRetryDelay}."
        : MaxRetryDelay < FirstRetryDelay ? $"{SectionName}:MaxRetryDelay must be at least FirstRetryDelay ({FirstRetryDelay}), not {MaxRetryDelay}."
        : GiveUpAfter <= TimeSpan.Zero ? $"{SectionName}:GiveUpAfter must be positive, not {GiveUpAfter}."
        : Timeout <= TimeSpan.Zero ? $"{SectionName}:Timeout must be positive, not {Timeout}."
        : BatchSize < 1 ? $"{SectionName}:BatchSize must be at least 1, not {BatchSize}."
        : null;
}

namespace Kund.Infrastructure.Progress;

/// <summary>The kinds of <see cref="ProgressKey"/>.</summary>
public enum ProgressScope
{
    Environment,
    Team,
    ApprovalQueue,
}

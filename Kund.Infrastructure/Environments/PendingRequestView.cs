namespace Kund.Infrastructure.Environments;

/// <summary>
/// What an approver decides on: a request to create (with the spec's warnings) or to destroy (with what
/// will be deleted and the monthly cost that stops). On the view while something waits for an approver.
/// </summary>
/// <param name="RequestedBy">Who asked: the draft's creator, or who asked for the destroy.</param>
/// <param name="AskedByCaller">The caller wrote this request, so the four-eyes rule keeps them from approving it.</param>
public sealed record PendingRequestView(PendingRequestKind Kind, string RequestedBy, DateTimeOffset RequestedAt, bool AskedByCaller)
{
    /// <summary>For a create: what the spec check warns of (a single NAT gateway, a public endpoint…).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>For a create: who approved it so far.</summary>
    public IReadOnlyList<string> Approvals { get; init; } = [];

    /// <summary>For a create: the distinct approvers so far that count (no author, each person once).</summary>
    public int ApprovalsCount { get; init; }

    /// <summary>For a create: how many distinct approvers it needs ("1 of 2").</summary>
    public int ApprovalsNeeded { get; init; } = 1;

    /// <summary>
    /// For a create in the approvals queue: what of its team's policy, as it is now, the request breaks (a policy
    /// changed after it was submitted, a budget others took meanwhile), each with the rule's message; empty
    /// when it complies. Approving one that does not needs a comment.
    /// </summary>
    public IReadOnlyList<PolicyViolation> PolicyViolations { get; init; } = [];

    /// <summary>For a destroy: the cloud resources that will be deleted.</summary>
    public IReadOnlyList<PendingDeletion> Deletions { get; init; } = [];

    /// <summary>For a destroy: what the environment costs a month now, which stops once it is gone.</summary>
    public decimal? MonthlyCostStopsUsd { get; init; }
}

/// <summary>One rule of a team's policy a waiting request breaks: the spec's path and the rule's message.</summary>
public sealed record PolicyViolation(string Path, string Message);

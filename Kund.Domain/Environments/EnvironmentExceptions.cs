namespace Kund.Domain.Environments;

/// <summary>
/// An action the environment's status does not allow (the API answers 409). The message names both
/// statuses: "cannot approve: the environment is Draft, approval needs PendingApproval".
/// </summary>
public sealed class InvalidTransitionException : Exception
{
    public InvalidTransitionException(EnvironmentStatus from, EnvironmentAction action)
        : this(from, action, DescribeRefusal(from, action))
    {
    }

    public InvalidTransitionException(EnvironmentStatus from, EnvironmentAction action, string message)
        : base(message)
    {
        From = from;
        Action = action;
        AllowedFrom = EnvironmentTransitions.AllowedFrom(action);
    }

    public InvalidTransitionException()
        : base("The environment's status does not allow this action.")
    {
        AllowedFrom = [];
    }

    public InvalidTransitionException(string message)
        : base(message)
    {
        AllowedFrom = [];
    }

    public InvalidTransitionException(string message, Exception innerException)
        : base(message, innerException)
    {
        AllowedFrom = [];
    }

    /// <summary>The status the environment was in.</summary>
    public EnvironmentStatus From { get; }

    /// <summary>What was attempted.</summary>
    public EnvironmentAction Action { get; }

    /// <summary>The statuses in which <see cref="Action"/> would have been allowed.</summary>
    public IReadOnlyList<EnvironmentStatus> AllowedFrom { get; }

    private static string DescribeRefusal(EnvironmentStatus from, EnvironmentAction action)
    {
        var (verb, noun) = Words(action);
        var allowed = EnvironmentTransitions.AllowedFrom(action).Select(status => status.ToString()).ToList();
        var needs = allowed.Count <= 1
            ? string.Join("", allowed)
            : $"{string.Join(", ", allowed.Take(allowed.Count - 1))} or {allowed[^1]}";
        return $"cannot {verb}: the environment is {from}, {noun} needs {needs}";
    }

    internal static (string Verb, string Noun) Words(EnvironmentAction action) => action switch
    {
        EnvironmentAction.UpdateSpec => ("change the spec", "a spec change"),
        EnvironmentAction.Revise => ("revise", "a revision"),
        EnvironmentAction.Submit => ("submit", "submission"),
        EnvironmentAction.Approve => ("approve", "approval"),
        EnvironmentAction.Reject => ("reject", "rejection"),
        EnvironmentAction.Cancel => ("cancel", "cancelling"),
        EnvironmentAction.StartProvisioning => ("start provisioning", "provisioning"),
        EnvironmentAction.MarkReady => ("mark ready", "marking ready"),
        EnvironmentAction.MarkFailed => ("mark failed", "marking failed"),
        EnvironmentAction.StartDestroy => ("destroy", "destroying"),
        EnvironmentAction.ApproveDestroy => ("approve the destroy", "approving a destroy"),
        EnvironmentAction.RejectDestroy => ("reject the destroy", "rejecting a destroy"),
        EnvironmentAction.WithdrawDestroy => ("withdraw the destroy", "withdrawing a destroy"),
        EnvironmentAction.MarkDestroyed => ("mark destroyed", "marking destroyed"),
        EnvironmentAction.HandOver => ("hand over to Terraform", "handing over to Terraform"),
        EnvironmentAction.StartChange => ("apply a change", "a change"),
        EnvironmentAction.Stop => ("stop the run", "stopping a run"),
    };
}

/// <summary>
/// The four-eyes rule was broken: the person who asked for a change tried to approve it (the API answers 403).
/// </summary>
public sealed class FourEyesViolationException : Exception
{
    public FourEyesViolationException(string actor, EnvironmentAction action)
        : base($"{actor} asked for this and cannot also {InvalidTransitionException.Words(action).Verb} it; another approver must (four-eyes rule)")
    {
        Actor = actor;
        Action = action;
    }

    public FourEyesViolationException()
        : this("Someone", EnvironmentAction.Approve)
    {
    }

    public FourEyesViolationException(string message)
        : base(message)
    {
        Actor = "";
    }

    public FourEyesViolationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Actor = "";
    }

    /// <summary>Who tried to approve their own request.</summary>
    public string Actor { get; }

    public EnvironmentAction Action { get; }
}

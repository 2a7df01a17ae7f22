namespace Kund.Domain.Environments;

/// <summary>What <see cref="TeamEnvironment.StartDestroy"/> did.</summary>
public enum DestroyStart
{
    /// <summary>The environment is now Destroying.</summary>
    Started,

    /// <summary>A prod environment: the request is recorded and waits for another person's <see cref="TeamEnvironment.ApproveDestroy"/>.</summary>
    AwaitingApproval,
}

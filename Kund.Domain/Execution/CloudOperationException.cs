namespace Kund.Domain.Execution;

/// <summary>How the executor should treat a failed cloud call.</summary>
public enum CloudErrorKind
{
    /// <summary>Throttling (<c>RequestLimitExceeded</c>, <c>Throttling</c>): retry with backoff.</summary>
    Throttled,

    /// <summary>A 5xx or a dropped connection: retry with backoff.</summary>
    Transient,

    /// <summary>
    /// Eventual consistency, e.g. a new IAM role that EKS cannot assume yet: retry with backoff, but only
    /// within <see cref="CloudOperationException.RetryWindow"/> of the node's first attempt.
    /// </summary>
    NotYetConsistent,

    /// <summary>Anything else: the node fails with the cloud's message.</summary>
    Permanent,
}

/// <summary>A cloud call failed. <see cref="Code"/> is the cloud's error code, the message is the cloud's own.</summary>
public sealed class CloudOperationException : Exception
{
    public CloudOperationException(CloudErrorKind kind, string code, string message, Exception? innerException = null, TimeSpan? retryWindow = null)
        : base(message, innerException)
    {
        Kind = kind;
        Code = code;
        RetryWindow = retryWindow;
    }

    public CloudOperationException()
        : this(CloudErrorKind.Permanent, "Unknown", "The cloud call failed.")
    {
    }

    public CloudOperationException(string message)
        : this(CloudErrorKind.Permanent, "Unknown", message)
    {
    }

    public CloudOperationException(string message, Exception innerException)
        : this(CloudErrorKind.Permanent, "Unknown", message, innerException)
    {
    }

    public CloudErrorKind Kind { get; }

    public string Code { get; }

    /// <summary>For <see cref="CloudErrorKind.NotYetConsistent"/>: how long after the first attempt retrying still makes sense.</summary>
    public TimeSpan? RetryWindow { get; }

    public bool IsRetryable => Kind != CloudErrorKind.Permanent;
}

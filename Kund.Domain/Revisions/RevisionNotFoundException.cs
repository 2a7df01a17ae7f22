namespace Kund.Domain.Revisions;

/// <summary>The environment has no revision with that number (or the caller may not see the environment).</summary>
public sealed class RevisionNotFoundException : Exception
{
    public RevisionNotFoundException(Guid environmentId, int number)
        : base($"Environment {environmentId} has no revision {number}.")
    {
        EnvironmentId = environmentId;
        Number = number;
    }

    public RevisionNotFoundException()
        : base("No such revision.")
    {
    }

    public RevisionNotFoundException(string message)
        : base(message)
    {
    }

    public RevisionNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public Guid EnvironmentId { get; }

    public int Number { get; }
}

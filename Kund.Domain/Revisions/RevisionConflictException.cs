namespace Kund.Domain.Revisions;

/// <summary>
/// A revision (or the environment it changes) is not in a status that allows the act: answered 409,
/// naming the current status and the statuses that would allow it.
/// </summary>
public sealed class RevisionConflictException : Exception
{
    public RevisionConflictException(string currentStatus, IReadOnlyList<string> allowedFrom, string message)
        : base(message)
    {
        CurrentStatus = currentStatus;
        AllowedFrom = allowedFrom;
    }

    public RevisionConflictException()
        : this("", [], "The revision's status does not allow this.")
    {
    }

    public RevisionConflictException(string message)
        : this("", [], message)
    {
    }

    public RevisionConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
        CurrentStatus = "";
        AllowedFrom = [];
    }

    public string CurrentStatus { get; }

    public IReadOnlyList<string> AllowedFrom { get; }
}

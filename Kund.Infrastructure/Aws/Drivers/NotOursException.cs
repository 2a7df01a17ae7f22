namespace Kund.Infrastructure.Aws.Drivers;

/// <summary>
/// A resource of the node's name exists but is not Kund's for this environment and node (AWS keys cluster
/// and role names by account, so another team's can share the name). <see cref="AwsDriver"/> turns it
/// into a permanent failure when creating and into "nothing of ours here" when destroying.
/// </summary>
internal sealed class NotOursException : Exception
{
    public NotOursException(string code, string message)
        : base(message)
    {
        Code = code;
    }

    public NotOursException()
        : this("NotOurs", "The resource is not Kund's for this environment.")
    {
    }

    public NotOursException(string message, Exception innerException)
        : base(message, innerException)
    {
        Code = "NotOurs";
    }

    public string Code { get; } = "NotOurs";
}

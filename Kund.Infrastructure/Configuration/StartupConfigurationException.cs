namespace Kund.Infrastructure.Configuration;

/// <summary>A setting that stops Kund from starting; the message is one line naming the setting.</summary>
public sealed class StartupConfigurationException : Exception
{
    public StartupConfigurationException(string message)
        : base(message)
    {
    }

    public StartupConfigurationException()
    {
    }

    public StartupConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

using Kund.Domain.Environments;

namespace Kund.Infrastructure.Drift;

/// <summary>A drift check asked for an environment that is not Ready (the API answers 409 naming both statuses).</summary>
public sealed class DriftCheckRefusedException(EnvironmentStatus status)
    : Exception($"cannot check drift: the environment is {status}, a drift check needs {EnvironmentStatus.Ready}")
{
    public EnvironmentStatus Status { get; } = status;
}

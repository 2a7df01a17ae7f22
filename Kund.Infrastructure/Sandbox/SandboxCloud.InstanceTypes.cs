namespace Kund.Infrastructure.Sandbox;

/// <summary>
/// The instance types each region offers (<see cref="SandboxInstanceTypes"/>), and AWS withdrawing one from
/// a region, for tests of a catalog that follows the cloud. A catalog, not a resource: it is not saved.
/// </summary>
public sealed partial class SandboxCloud
{
    private readonly HashSet<(string Region, string InstanceType)> _withdrawnInstanceTypes = [];

    /// <summary>The instance types <paramref name="region"/> offers now, ordered by name; none for an unknown region.</summary>
    public IReadOnlyList<string> InstanceTypeOfferings(string region)
    {
        lock (_gate)
        {
            return SandboxInstanceTypes.Offered.TryGetValue(region, out var offered)
                ? [.. offered.Where(type => !_withdrawnInstanceTypes.Contains((region, type)))]
                : [];
        }
    }

    /// <summary>Stops offering <paramref name="instanceType"/> in <paramref name="region"/>, as AWS does when it retires a type there.</summary>
    public void WithdrawInstanceType(string region, string instanceType)
    {
        lock (_gate)
        {
            _withdrawnInstanceTypes.Add((region, instanceType));
        }
    }
}

using System.Collections.Concurrent;

namespace Kund.Infrastructure.Sandbox;

/// <summary>
/// Faults set per operation at runtime. Which calls fail is drawn from one seeded random source,
/// so a run with the same seed and the same call order fails the same calls.
/// </summary>
public sealed class SandboxFaults
{
    private readonly ConcurrentDictionary<string, OperationFault> _faults = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly Random _random;

    public SandboxFaults(int seed, IReadOnlyDictionary<string, OperationFault>? initial = null)
    {
#pragma warning disable CA5394 // Fault injection needs a reproducible sequence, not a secure one.
        _random = new Random(seed);
#pragma warning restore CA5394
        foreach (var (operation, fault) in initial ?? new Dictionary<string, OperationFault>())
        {
            Set(operation, fault);
        }
    }

    /// <summary>Sets (or replaces) the fault of <paramref name="operation"/>, e.g. <c>CreateVpc</c>.</summary>
    public void Set(string operation, OperationFault fault)
    {
        if (fault.ErrorRate is < 0 or > 1 || double.IsNaN(fault.ErrorRate))
        {
            throw new ArgumentOutOfRangeException(nameof(fault), fault.ErrorRate, "ErrorRate must be between 0 and 1.");
        }

        _faults[operation] = fault;
    }

    public bool Clear(string operation) => _faults.TryRemove(operation, out _);

    public OperationFault? Get(string operation) => _faults.GetValueOrDefault(operation);

    /// <summary>The fault of <paramref name="operation"/> and whether this call fails.</summary>
    internal (OperationFault? Fault, bool Fails) Draw(string operation)
    {
        if (!_faults.TryGetValue(operation, out var fault))
        {
            return (null, false);
        }

        if (fault.ErrorRate <= 0 || fault.EndState is not null)
        {
            return (fault, false);
        }

        return (fault, Hit(fault));
    }

    /// <summary>The fault whose <see cref="OperationFault.EndState"/> this call of <paramref name="operation"/> ends in, if any.</summary>
    internal OperationFault? DrawEndState(string operation) =>
        _faults.TryGetValue(operation, out var fault) && fault.EndState is not null && fault.ErrorRate > 0 && Hit(fault) ? fault : null;

    private bool Hit(OperationFault fault)
    {
        lock (_gate)
        {
#pragma warning disable CA5394 // See constructor.
            return _random.NextDouble() < fault.ErrorRate;
#pragma warning restore CA5394
        }
    }
}

namespace Kund.Infrastructure.Sandbox.Persistence;

/// <summary>Keeps the state in memory: enough for tests, and for a second cloud over the same store.</summary>
public sealed class InMemorySandboxStateStore : ISandboxStateStore
{
    private readonly Lock _gate = new();
    private SandboxStateSnapshot? _saved;

    public SandboxStateSnapshot? Load()
    {
        lock (_gate)
        {
            return _saved;
        }
    }

    public void Save(SandboxStateSnapshot snapshot)
    {
        lock (_gate)
        {
            if (_saved is null || snapshot.Version >= _saved.Version)
            {
                _saved = snapshot;
            }
        }
    }
}

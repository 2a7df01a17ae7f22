namespace Kund.Infrastructure.Sandbox.Persistence;

/// <summary>Where the sandbox cloud keeps its state between runs.</summary>
public interface ISandboxStateStore
{
    /// <summary>The last saved state, or null when nothing was saved yet.</summary>
    SandboxStateSnapshot? Load();

    /// <summary>Saves <paramref name="snapshot"/> unless a newer version was already saved.</summary>
    void Save(SandboxStateSnapshot snapshot);
}

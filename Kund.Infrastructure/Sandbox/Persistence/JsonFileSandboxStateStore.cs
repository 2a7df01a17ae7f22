using System.Text.Json;

namespace Kund.Infrastructure.Sandbox.Persistence;

/// <summary>
/// Keeps the state in one JSON file. Writes go to a temporary file that is then renamed over the old one,
/// so a crash mid-write leaves the previous state, never half a file.
/// </summary>
public sealed class JsonFileSandboxStateStore(string path) : ISandboxStateStore
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    private readonly Lock _gate = new();
    private long _savedVersion = -1;

    public string Path { get; } = System.IO.Path.GetFullPath(path);

    public SandboxStateSnapshot? Load()
    {
        lock (_gate)
        {
            if (!File.Exists(Path))
            {
                return null;
            }

            using var stream = File.OpenRead(Path);
            var snapshot = JsonSerializer.Deserialize<SandboxStateSnapshot>(stream, JsonOptions);
            _savedVersion = snapshot?.Version ?? -1;
            return snapshot;
        }
    }

    public void Save(SandboxStateSnapshot snapshot)
    {
        lock (_gate)
        {
            // Saves are coalesced on background threads: an older snapshot may arrive after a newer one.
            if (snapshot.Version < _savedVersion)
            {
                return;
            }

            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
            var temporary = $"{Path}.{Environment.ProcessId}.tmp";
            using (var stream = File.Create(temporary))
            {
                JsonSerializer.Serialize(stream, snapshot, JsonOptions);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, Path, overwrite: true);
            _savedVersion = snapshot.Version;
        }
    }
}

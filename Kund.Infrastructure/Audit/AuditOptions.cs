using System.Text;
using Kund.Domain.Audit;
using Kund.Infrastructure.Configuration;

namespace Kund.Infrastructure.Audit;

/// <summary>
/// The <c>Kund:Audit</c> section of <see cref="KundOptions"/>: the chain's key, kept out of the database, and
/// how often a checkpoint is signed.
/// </summary>
public sealed class AuditOptions
{
    /// <summary>
    /// The sandbox's key when none is configured. Not a secret (it is in the source): a sandbox's audit
    /// chain proves nothing to someone who has read this line. Aws mode refuses to start without its own.
    /// </summary>
    public const string SandboxKey = "kund-sandbox-audit-key/not-a-secret/set-Kund:Audit:Key";

    /// <summary>The key as text (at least 32 bytes of UTF-8), e.g. from a secret store's environment variable.</summary>
    public string? Key { get; set; }

    /// <summary>A file holding the key (its text, trimmed), e.g. a mounted secret.</summary>
    public string? KeyFile { get; set; }

    /// <summary>How often the background checkpointer verifies the newest rows and signs a checkpoint.</summary>
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>What is wrong with the section in <paramref name="mode"/>, one line per setting.</summary>
    public IEnumerable<string> Problems(KundMode mode)
    {
        if (CheckpointInterval <= TimeSpan.Zero)
        {
            yield return $"Kund:Audit:CheckpointInterval is {CheckpointInterval}; expected a positive time such as 00:10:00.";
        }

        string? keyProblem = null;
        try
        {
            ResolveKey(mode);
        }
        catch (StartupConfigurationException exception)
        {
            keyProblem = exception.Message;
        }

        if (keyProblem is not null)
        {
            yield return keyProblem;
        }
    }

    /// <summary>The key to use, or why there is none; <see cref="KeyFile"/> wins over <see cref="Key"/>.</summary>
    public AuditKey ResolveKey(KundMode mode)
    {
        string text;
        string source;
        if (!string.IsNullOrWhiteSpace(KeyFile))
        {
            try
            {
                text = File.ReadAllText(KeyFile).Trim();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new StartupConfigurationException($"Kund:Audit:KeyFile is '{KeyFile}', which cannot be read: {ex.Message}", ex);
            }

            source = $"the file of Kund:Audit:KeyFile ('{KeyFile}')";
        }
        else if (!string.IsNullOrWhiteSpace(Key))
        {
            text = Key;
            source = "Kund:Audit:Key";
        }
        else if (mode == KundMode.Sandbox)
        {
            text = SandboxKey;
            source = "the sandbox default";
        }
        else
        {
            throw new StartupConfigurationException(
                $"Kund:Audit:Key (or Kund:Audit:KeyFile) is not set; Aws mode needs the audit chain's key, at least {AuditKey.MinimumBytes} bytes, kept outside the database.");
        }

        var bytes = Encoding.UTF8.GetBytes(text);
        return bytes.Length < AuditKey.MinimumBytes
            ? throw new StartupConfigurationException($"The audit key from {source} has {bytes.Length} bytes; it needs at least {AuditKey.MinimumBytes}.")
            : new AuditKey(bytes);
    }
}

using System.IO.Compression;
using System.Text;
using Kund.Domain.Environments;
using Kund.Domain.Execution;
using Kund.Domain.Planning;
using Kund.Domain.Resources;
using Kund.Infrastructure.Environments;
using Kund.Infrastructure.Identity;
using Kund.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Kund.Infrastructure.Terraform;

/// <summary>What <see cref="TerraformExportSource.FindAsync"/> found: the export, or why there is nothing to export.</summary>
public abstract record TerraformLookup(string EnvironmentName)
{
    public sealed record Found(string EnvironmentName, TerraformFiles Files, DateTimeOffset At) : TerraformLookup(EnvironmentName)
    {
        /// <summary>A zip of the three files, dated by the environment's last change so the same state gives the same bytes.</summary>
        public byte[] Zip()
        {
            using var buffer = new MemoryStream();
            using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
            {
                foreach (var (name, text) in new[] { (TerraformFiles.Versions, Files.VersionsTf), (TerraformFiles.Main, Files.MainTf), (TerraformFiles.Imports, Files.ImportsTf) })
                {
                    var entry = zip.CreateEntry(name, CompressionLevel.Optimal);
                    entry.LastWriteTime = At;
                    using var stream = entry.Open();
                    stream.Write(Encoding.UTF8.GetBytes(text));
                }
            }

            return buffer.ToArray();
        }
    }

    /// <summary>No resource of the environment exists in the cloud (not provisioned yet, or destroyed).</summary>
    public sealed record NothingCreated(string EnvironmentName, EnvironmentStatus Status) : TerraformLookup(EnvironmentName);
}

/// <summary>
/// The Terraform export of an environment from what its runs recorded: the resources in state Created, shaped by
/// the environment's spec. Another team's environment is not found, as everywhere.
/// </summary>
public sealed class TerraformExportSource(KundDbContext db)
{
    public async Task<TerraformLookup> FindAsync(KundUser caller, Guid id, CancellationToken cancellationToken)
    {
        var environment = await db.Set<TeamEnvironment>().VisibleTo(caller).AsNoTracking().SingleOrDefaultAsync(e => e.Id == id, cancellationToken)
            ?? throw new EnvironmentNotFoundException(id);
        var records = await db.Set<ResourceRecord>().AsNoTracking()
            .Where(r => r.EnvironmentId == id && r.State == ResourceState.Created && r.CloudId != null)
            .ToListAsync(cancellationToken);
        if (records.Count == 0 || environment.Status is EnvironmentStatus.Destroying or EnvironmentStatus.Destroyed)
        {
            return new TerraformLookup.NothingCreated(environment.Name, environment.Status);
        }

        var files = TerraformExport.Build(
            new EnvironmentRef(environment.Id, environment.Name, environment.Spec.Region, environment.Spec.Tags ?? new Dictionary<string, string>()),
            ResourceGraphBuilder.Build(environment.Spec),
            [.. records.Select(r => r.ToRecorded())]);
        return new TerraformLookup.Found(environment.Name, files, environment.UpdatedAt);
    }
}

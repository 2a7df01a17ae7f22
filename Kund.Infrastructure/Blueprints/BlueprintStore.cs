using System.Text.Json.Nodes;
using Kund.Domain.Blueprints;
using Kund.Domain.Specs;
using Kund.Infrastructure.Audit;
using Kund.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Kund.Infrastructure.Blueprints;

/// <summary>What a publish came to: the new version, the document's errors by path, or a version that is not the next.</summary>
public abstract record BlueprintPublish
{
    public sealed record Published(BlueprintVersion Version) : BlueprintPublish;

    public sealed record Invalid(ValidationResult Result) : BlueprintPublish;

    /// <summary>Versions are published in order and never replaced: <paramref name="Expected"/> is the only one accepted now.</summary>
    public sealed record NotNext(string Name, int Version, int Expected) : BlueprintPublish;
}

/// <summary>The blueprints and their versions in PostgreSQL; each publish is audited with its author in the same transaction.</summary>
public sealed class BlueprintStore(KundDbContext db, IAuditTrail audit, TimeProvider time)
{
    public async Task<BlueprintPublish> PublishAsync(string author, string text, CancellationToken cancellationToken)
    {
        JsonNode? root;
        try
        {
            root = BlueprintYaml.ToJson(text);
        }
        catch (FormatException exception)
        {
            return new BlueprintPublish.Invalid(ValidationResult.Valid.WithError(BlueprintDocument.DocumentPath, exception.Message));
        }

        var (blueprint, result) = BlueprintDocument.Parse(root);
        if (blueprint is null)
        {
            return new BlueprintPublish.Invalid(result);
        }

        var latest = await db.Set<BlueprintVersion>().Where(b => b.Name == blueprint.Name).MaxAsync(b => (int?)b.Version, cancellationToken) ?? 0;
        if (blueprint.Version != latest + 1)
        {
            return new BlueprintPublish.NotNext(blueprint.Name, blueprint.Version, latest + 1);
        }

        var version = new BlueprintVersion
        {
            Name = blueprint.Name,
            Version = blueprint.Version,
            Description = blueprint.Description,
            Document = root!.ToJsonString(),
            Source = text,
            Author = author,
            PublishedAt = time.GetUtcNow(),
        };
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.Add(version);
        await audit.RecordAsync(
            db,
            new AuditEntry(author, AuditActions.BlueprintPublished, Subject: $"{version.Name} v{version.Version}", Details: new Dictionary<string, string?> { ["author"] = author }),
            cancellationToken);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException exception) when (exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // Someone published the same version a moment before.
            return new BlueprintPublish.NotNext(blueprint.Name, blueprint.Version, blueprint.Version + 1);
        }

        await transaction.CommitAsync(cancellationToken);
        return new BlueprintPublish.Published(version);
    }

    /// <summary>Every blueprint with its versions, oldest version first.</summary>
    public async Task<IReadOnlyList<BlueprintVersion>> ListAsync(CancellationToken cancellationToken) =>
        await db.Set<BlueprintVersion>().AsNoTracking().OrderBy(b => b.Name).ThenBy(b => b.Version).ToListAsync(cancellationToken);

    public Task<BlueprintVersion?> FindAsync(string name, int version, CancellationToken cancellationToken) =>
        db.Set<BlueprintVersion>().AsNoTracking().SingleOrDefaultAsync(b => b.Name == name && b.Version == version, cancellationToken);

    /// <summary>A stored version as the blueprint it was published as.</summary>
    public static Blueprint Read(BlueprintVersion version) =>
        BlueprintDocument.Parse(JsonNode.Parse(version.Document)).Blueprint
            ?? throw new InvalidOperationException($"Stored blueprint {version.Name} v{version.Version} no longer reads.");
}

using System.Data;
using System.Globalization;
using System.Text.Json;
using Kund.Domain.Audit;
using Kund.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Kund.Infrastructure.Audit;

/// <summary>What a verify did: the chain's verdict, where it started, and the checkpoint it signed.</summary>
public sealed record AuditVerifyOutcome(AuditVerification Chain, long? FromCheckpointId, long Walked, AuditCheckpoint? Checkpoint);

/// <summary>
/// Checks the audit chain against the audit key and the signed checkpoints. Incremental: when the newest
/// checkpoint still holds (its row is there with the hash it signed, and as many rows up to it), only the
/// rows after it are walked; otherwise, or when asked, the whole chain is walked from the genesis, checking
/// every checkpoint on the way, so the answer names the first row that breaks. A valid verify signs a new
/// checkpoint at the head. Everything is read in one snapshot while appends go on.
/// </summary>
public sealed class AuditVerifier(KundDbContext db, AuditKey key, TimeProvider time, ILogger<AuditVerifier> logger)
{
    public const string ReasonVerify = "verify";
    public const string ReasonInterval = "interval";

    /// <summary>An incremental verify that signs a checkpoint.</summary>
    public async Task<AuditVerification> VerifyAsync(CancellationToken cancellationToken) =>
        (await VerifyAsync(full: false, ReasonVerify, cancellationToken)).Chain;

    public async Task<AuditVerifyOutcome> VerifyAsync(bool full, string reason, CancellationToken cancellationToken)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var opened = connection.State != ConnectionState.Open;
        if (opened)
        {
            await connection.OpenAsync(cancellationToken);
        }

        try
        {
            AuditVerifyOutcome outcome;
            long headId;
            string headHash;
            await using (var snapshot = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken))
            {
                await using (var readOnly = new NpgsqlCommand("set transaction read only", connection, snapshot))
                {
                    await readOnly.ExecuteNonQueryAsync(cancellationToken);
                }

                (outcome, headId, headHash) = await CheckAsync(connection, snapshot, full, cancellationToken);
                await snapshot.CommitAsync(cancellationToken);
            }

            if (!outcome.Chain.Valid)
            {
                logger.LogError("Audit chain does not verify at row {FirstBrokenId}: {Reason}", outcome.Chain.FirstBrokenId, outcome.Chain.Reason);
                return outcome;
            }

            if (headId == 0 || (reason == ReasonInterval && outcome.FromCheckpointId is not null && outcome.Walked == 0))
            {
                // Nothing to anchor, or nothing new since the last checkpoint.
                return outcome;
            }

            var checkpoint = await SignAsync(headId, headHash, outcome.Chain.Checked, reason, cancellationToken);
            return outcome with { Checkpoint = checkpoint };
        }
        finally
        {
            if (opened)
            {
                await connection.CloseAsync();
            }
        }
    }

    private async Task<AuditCheckpoint> SignAsync(long headId, string headHash, long count, string reason, CancellationToken cancellationToken)
    {
        var at = AuditChain.Truncate(time.GetUtcNow());
        var checkpoint = AuditCheckpoint.Create(at, headId, headHash, count, reason, AuditChain.SignCheckpoint(key, headId, headHash, count, at));
        db.Add(checkpoint);
        await db.SaveChangesAsync(cancellationToken);
        db.Entry(checkpoint).State = EntityState.Detached;

        // The log is the second place a checkpoint lives: whoever can rewrite the tables cannot rewrite it.
        logger.LogInformation(
            "Audit checkpoint {CheckpointId} ({Reason}): {Count} rows up to row {HeadId}, head hash {HeadHash}, signature {Signature}",
            checkpoint.Id, reason, count, headId, headHash, checkpoint.Signature);
        return checkpoint;
    }

    private async Task<(AuditVerifyOutcome Outcome, long HeadId, string HeadHash)> CheckAsync(
        NpgsqlConnection connection, NpgsqlTransaction snapshot, bool full, CancellationToken cancellationToken)
    {
        var checkpoints = await CheckpointsAsync(connection, snapshot, cancellationToken);
        foreach (var checkpoint in checkpoints)
        {
            if (AuditChain.SignCheckpoint(key, checkpoint.HeadId, checkpoint.HeadHash, checkpoint.Count, checkpoint.At) != checkpoint.Signature)
            {
                var forged = new AuditVerification(false, 0, checkpoint.HeadId, $"checkpoint {checkpoint.Id} is not signed with Kund's audit key: it was forged or altered");
                return (new AuditVerifyOutcome(forged, null, 0, null), 0, "");
            }
        }

        var latest = checkpoints.Count > 0 ? checkpoints[^1] : null;
        if (!full && latest is not null && await AnchorHoldsAsync(connection, snapshot, latest, cancellationToken))
        {
            var (chain, walked, headId, headHash) = await WalkAsync(connection, snapshot, latest, [], cancellationToken);
            return (new AuditVerifyOutcome(chain, latest.Id, walked, null), headId, headHash);
        }

        var (whole, all, lastId, lastHash) = await WalkAsync(connection, snapshot, null, checkpoints, cancellationToken);
        return (new AuditVerifyOutcome(whole, null, all, null), lastId, lastHash);
    }

    /// <summary>Whether the checkpoint's row is there with the hash it signed, after as many rows as it signed.</summary>
    private static async Task<bool> AnchorHoldsAsync(NpgsqlConnection connection, NpgsqlTransaction snapshot, AuditCheckpoint checkpoint, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            """
            select (select "Hash" from audit_events where "Id" = $1),
                   (select count(*) from audit_events where "Id" <= $1)
            """,
            connection,
            snapshot);
        command.Parameters.AddWithValue(checkpoint.HeadId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return !reader.IsDBNull(0) && reader.GetString(0) == checkpoint.HeadHash && reader.GetInt64(1) == checkpoint.Count;
    }

    /// <summary>
    /// Walks the rows after <paramref name="from"/> (or all of them), checking each link and hash, and each
    /// of <paramref name="along"/> where its row is met; a checkpoint never met means rows were removed.
    /// </summary>
    private async Task<(AuditVerification Chain, long Walked, long HeadId, string HeadHash)> WalkAsync(
        NpgsqlConnection connection, NpgsqlTransaction snapshot, AuditCheckpoint? from, List<AuditCheckpoint> along, CancellationToken cancellationToken)
    {
        var pending = new Queue<AuditCheckpoint>(along.OrderBy(c => c.HeadId).ThenBy(c => c.Id));
        var expectedPrevious = from?.HeadHash ?? AuditChain.GenesisHash;
        var headId = from?.HeadId ?? 0;
        var count = from?.Count ?? 0;
        long walked = 0;
        await foreach (var row in ReadAsync(connection, snapshot, headId, cancellationToken))
        {
            count++;
            walked++;
            if (AuditChain.Breaks(key, row, expectedPrevious) is { } broken)
            {
                return (new AuditVerification(false, count, row.Id, broken), walked, headId, expectedPrevious);
            }

            while (pending.TryPeek(out var checkpoint) && checkpoint.HeadId <= row.Id)
            {
                pending.Dequeue();
                if (checkpoint.HeadId < row.Id || checkpoint.HeadHash != row.Hash || checkpoint.Count != count)
                {
                    return (new AuditVerification(false, count, row.Id, Differs(checkpoint, row.Id, count)), walked, headId, expectedPrevious);
                }
            }

            expectedPrevious = row.Hash;
            headId = row.Id;
        }

        if (pending.TryPeek(out var beyond))
        {
            var reason = string.Create(
                CultureInfo.InvariantCulture,
                $"checkpoint {beyond.Id} signed {beyond.Count} rows up to row {beyond.HeadId}, but the chain ends at row {headId} after {count} rows: rows after {headId} were removed");
            return (new AuditVerification(false, count, beyond.HeadId, reason), walked, headId, expectedPrevious);
        }

        return (new AuditVerification(true, count, null), walked, headId, expectedPrevious);
    }

    private static string Differs(AuditCheckpoint checkpoint, long rowId, long count) => string.Create(
        CultureInfo.InvariantCulture,
        $"checkpoint {checkpoint.Id} signed {checkpoint.Count} rows up to row {checkpoint.HeadId} with hash {checkpoint.HeadHash[..12]}…; the chain has {count} rows up to row {rowId}: rows were removed or rewritten");

    private static async Task<List<AuditCheckpoint>> CheckpointsAsync(NpgsqlConnection connection, NpgsqlTransaction snapshot, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            """select "Id", "At", "HeadId", "HeadHash", "Count", "Reason", "Signature" from audit_checkpoints order by "Id" """,
            connection,
            snapshot);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var checkpoints = new List<AuditCheckpoint>();
        while (await reader.ReadAsync(cancellationToken))
        {
            checkpoints.Add(AuditCheckpoint.Read(
                reader.GetInt64(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetInt64(2), reader.GetString(3), reader.GetInt64(4), reader.GetString(5), reader.GetString(6)));
        }

        return checkpoints;
    }

    private static async IAsyncEnumerable<AuditLink> ReadAsync(
        NpgsqlConnection connection, NpgsqlTransaction snapshot, long afterId, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            """
            select "Id", "At", "Actor", "Action", "Team", "EnvironmentId", "Subject", "Details"::text, "PreviousHash", "Hash"
            from audit_events where "Id" > $1 order by "Id"
            """,
            connection,
            snapshot);
        command.Parameters.AddWithValue(afterId);
        await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SequentialAccess, cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            // Sequential access: columns are read strictly in order.
            var id = reader.GetInt64(0);
            var at = reader.GetFieldValue<DateTimeOffset>(1);
            var actor = reader.GetString(2);
            var action = reader.GetString(3);
            var team = reader.IsDBNull(4) ? null : reader.GetString(4);
            Guid? environmentId = reader.IsDBNull(5) ? null : reader.GetGuid(5);
            var subject = reader.IsDBNull(6) ? null : reader.GetString(6);
            var details = JsonSerializer.Deserialize<Dictionary<string, string?>>(reader.GetString(7)) ?? [];
            var previousHash = reader.GetString(8);
            var hash = reader.GetString(9);
            yield return new AuditLink(id, new AuditContent(at, actor, action, team, environmentId, subject, details), previousHash, hash);
        }
    }
}

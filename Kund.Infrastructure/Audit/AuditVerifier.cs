using System.Runtime.CompilerServices;
using System.Text.Json;
using Kund.Domain.Audit;
using Kund.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Kund.Infrastructure.Audit;

/// <summary>Walks the whole chain in id order, streaming rows so a million of them fit in little memory.</summary>
public sealed class AuditVerifier(KundDbContext db)
{
    public async Task<AuditVerification> VerifyAsync(CancellationToken cancellationToken)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var opened = connection.State != System.Data.ConnectionState.Open;
        if (opened)
        {
            await connection.OpenAsync(cancellationToken);
        }

        try
        {
            return await AuditChain.VerifyAsync(ReadAsync(connection, cancellationToken), cancellationToken);
        }
        finally
        {
            if (opened)
            {
                await connection.CloseAsync();
            }
        }
    }

    private static async IAsyncEnumerable<AuditLink> ReadAsync(NpgsqlConnection connection, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            """
            select "Id", "At", "Actor", "Action", "Team", "EnvironmentId", "Subject", "Details"::text, "PreviousHash", "Hash"
            from audit_events order by "Id"
            """,
            connection);
        await using var reader = await command.ExecuteReaderAsync(System.Data.CommandBehavior.SequentialAccess, cancellationToken);
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

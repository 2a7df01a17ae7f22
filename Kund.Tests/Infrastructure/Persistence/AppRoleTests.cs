using Kund.Domain.Audit;
using Kund.Infrastructure.Audit;
using Kund.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace Kund.Tests.Infrastructure.Persistence;

/// <summary>
/// Issue 11.7: Kund runs as a role that owns nothing and is no superuser, so it cannot switch the audit
/// trigger off (session_replication_role, ALTER TABLE … DISABLE TRIGGER) nor rewrite audit rows; and the
/// trigger is ENABLE ALWAYS, so even a superuser's replica mode does not bypass it.
/// </summary>
public class AppRoleTests(MigratedDatabase database) : IClassFixture<MigratedDatabase>
{
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));

    [Theory]
    [InlineData("set session_replication_role = replica")]
    [InlineData("alter table audit_events disable trigger audit_events_no_update_or_delete")]
    [InlineData("alter table audit_events disable trigger all")]
    [InlineData("alter table audit_events enable replica trigger audit_events_no_update_or_delete")]
    [InlineData("""alter table audit_events add column "Forged" text""")]
    [InlineData("drop trigger audit_events_no_update_or_delete on audit_events")]
    [InlineData("""update audit_events set "Actor" = 'mallory@kund.dev'""")]
    [InlineData("delete from audit_events")]
    [InlineData("truncate audit_events")]
    [InlineData("""update audit_checkpoints set "Count" = 0""")]
    [InlineData("delete from audit_checkpoints")]
    [InlineData("alter role kund_app superuser")]
    [InlineData("create table forged (id int)")]
    public async Task AppRole_ChangesHistoryOrSchema_PermissionDenied(string sql)
    {
        await RecordAsync();
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);

        var error = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());

        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, error.SqlState);
    }

    [Fact]
    public async Task AppRole_NotSuperuserAndOwnsNothing()
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            select r.rolsuper, r.rolcreaterole, r.rolcreatedb, r.rolbypassrls,
                   (select count(*) from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public' and c.relowner = r.oid)
            from pg_roles r where r.rolname = current_user
            """,
            connection);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());

        Assert.Equal((false, false, false, false, 0L), (reader.GetBoolean(0), reader.GetBoolean(1), reader.GetBoolean(2), reader.GetBoolean(3), reader.GetInt64(4)));
    }

    [Fact]
    public async Task AppRole_AppendsAndReadsAudit()
    {
        await RecordAsync();
        await using var db = database.CreateContext();

        Assert.True(await db.Set<AuditEvent>().AnyAsync());
    }

    [Fact]
    public async Task Superuser_ReplicaMode_TriggerStillRefuses()
    {
        await RecordAsync();
        var superuser = new NpgsqlConnectionStringBuilder(Environment.GetEnvironmentVariable(TestDatabase.ServerVariable))
        {
            Database = new NpgsqlConnectionStringBuilder(database.ConnectionString).Database,
        };
        await using var connection = new NpgsqlConnection(superuser.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            set session_replication_role = replica;
            update audit_events set "Actor" = 'mallory@kund.dev';
            """,
            connection);

        var error = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());

        Assert.Contains("append-only", error.MessageText, StringComparison.Ordinal);
    }

    private async Task RecordAsync()
    {
        await using var db = database.CreateContext();
        await using var transaction = await db.Database.BeginTransactionAsync();
        await new AuditTrail(time, new AuditKey(System.Text.Encoding.UTF8.GetBytes(AuditOptions.SandboxKey)))
            .RecordAsync(db, new AuditEntry("alice@kund.dev", AuditActions.EnvironmentCreated, "team-a", Guid.NewGuid()), CancellationToken.None);
        await db.SaveChangesAsync();
        await transaction.CommitAsync();
    }
}

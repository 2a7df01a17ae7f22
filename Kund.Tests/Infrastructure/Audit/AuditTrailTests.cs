using Kund.Domain.Audit;
using Kund.Infrastructure.Audit;
using Kund.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace Kund.Tests.Infrastructure.Audit;

public class AuditTrailTests(MigratedDatabase database) : IClassFixture<MigratedDatabase>
{
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero));
    private readonly AuditKey key = new(System.Text.Encoding.UTF8.GetBytes(AuditOptions.SandboxKey));

    [Fact]
    public async Task RecordAsync_SeveralUnitsOfWork_ChainVerifies()
    {
        await RecordAsync(new AuditEntry("alice@kund.dev", AuditActions.EnvironmentCreated, "team-a", Guid.NewGuid()));
        await RecordAsync(
            new AuditEntry("carol@kund.dev", AuditActions.EnvironmentApproved, "team-a", Guid.NewGuid(), Details: new Dictionary<string, string?> { ["comment"] = "ok" }),
            new AuditEntry("system", AuditActions.ResourceCreated, "team-a", Guid.NewGuid(), "vpc vpc-0123456789abcdef0"));

        await using var db = database.CreateContext();
        var result = await new AuditVerifier(db, key, time, NullLogger<AuditVerifier>.Instance).VerifyAsync(CancellationToken.None);

        Assert.True(result.Valid);
        Assert.True(result.Checked >= 3);
        Assert.Null(result.FirstBrokenId);
    }

    [Fact]
    public async Task Update_AppendOnlyTrigger_Refused()
    {
        await RecordAsync(new AuditEntry("alice@kund.dev", AuditActions.EnvironmentSubmitted));

        // As the owner role: the application's role lacks the privilege altogether (AppRoleTests); the trigger stops the owner too.
        await using var db = database.CreateOwnerContext();

        var update = await Assert.ThrowsAsync<PostgresException>(() => db.Database.ExecuteSqlRawAsync("""update audit_events set "Actor" = 'mallory'"""));
        var delete = await Assert.ThrowsAsync<PostgresException>(() => db.Database.ExecuteSqlRawAsync("delete from audit_events"));
        var truncate = await Assert.ThrowsAsync<PostgresException>(() => db.Database.ExecuteSqlRawAsync("truncate audit_events"));

        Assert.Contains("append-only", update.MessageText, StringComparison.Ordinal);
        Assert.Contains("DELETE", delete.MessageText, StringComparison.Ordinal);
        Assert.Contains("TRUNCATE", truncate.MessageText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RecordAsync_NoTransaction_Refused()
    {
        await using var db = database.CreateContext();

        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            new AuditTrail(time, key).RecordAsync(db, new AuditEntry("alice@kund.dev", AuditActions.TokenCreated), CancellationToken.None));
    }

    private async Task RecordAsync(params AuditEntry[] entries)
    {
        await using var db = database.CreateContext();
        await using var transaction = await db.Database.BeginTransactionAsync();
        var trail = new AuditTrail(time, key);
        foreach (var entry in entries)
        {
            await trail.RecordAsync(db, entry, CancellationToken.None);
            time.Advance(TimeSpan.FromSeconds(1));
        }

        await db.SaveChangesAsync();
        await transaction.CommitAsync();
    }
}

using Kund.Domain.Environments;
using Kund.Infrastructure.Environments;
using Kund.Tests.Support;
using Kund.Tests.Web.Identity;
using Npgsql;

namespace Kund.Tests.Web.Api;

/// <summary>The audit chain holds after a whole lifecycle, and a row rewritten behind the trigger's back is found.</summary>
public class AuditVerifyApiTests(KundAppFactory app) : IClassFixture<KundAppFactory>
{
    [Fact]
    public async Task Verify_RowAlteredWithTriggerDisabled_InvalidAtThatRow()
    {
        var draft = await app.WithAsync<EnvironmentService, TeamEnvironment>(s => s.CreateDraftAsync(Callers.Alice, SeedSpecs.Payments("audited"), CancellationToken.None));
        await app.WithAsync<EnvironmentService, TeamEnvironment>(s => s.SubmitAsync(Callers.Alice, draft.Id, CancellationToken.None));
        await app.WithAsync<EnvironmentService, TeamEnvironment>(s => s.ApproveAsync(Callers.Carol, draft.Id, "fine", CancellationToken.None));
        await app.WaitForStatusAsync(draft.Id, TimeSpan.FromSeconds(90), EnvironmentStatus.Ready);
        await app.WithAsync<EnvironmentService, TeamEnvironment>(s => s.DestroyAsync(Callers.Alice, draft.Id, CancellationToken.None));
        await app.WaitForStatusAsync(draft.Id, TimeSpan.FromSeconds(90), EnvironmentStatus.Destroyed);
        using var dave = await app.ClientForAsync(IdentityTestSupport.Dave);

        var intact = await dave.GetObjectAsync("/api/audit/verify");
        Assert.True((bool)intact["valid"]!);
        var count = (long)intact["checked"]!;
        Assert.True(count > 30, $"only {count} rows");
        Assert.Null(intact["firstBrokenId"]);

        // The application's own role cannot rewrite history: it lacks the privilege (issue 11.7).
        await using (var appRole = new NpgsqlConnection(app.Database.AppConnectionString))
        {
            await appRole.OpenAsync();
            await using var denied = new NpgsqlCommand("""update audit_events set "Actor" = 'mallory' where "Id" = (select min("Id") from audit_events)""", appRole);
            var error = await Assert.ThrowsAsync<PostgresException>(() => denied.ExecuteNonQueryAsync());
            Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, error.SqlState);
        }

        // The database's owner is stopped by the trigger.
        await using var connection = new NpgsqlConnection(app.Database.ConnectionString);
        await connection.OpenAsync();
        await using (var refused = new NpgsqlCommand("""update audit_events set "Actor" = 'mallory' where "Id" = (select min("Id") from audit_events)""", connection))
        {
            var error = await Assert.ThrowsAsync<PostgresException>(() => refused.ExecuteNonQueryAsync());
            Assert.Contains("append-only", error.MessageText, StringComparison.Ordinal);
        }

        long tampered;
        await using (var pick = new NpgsqlCommand("""select "Id" from audit_events where "Action" = 'environment.approved'""", connection))
        {
            tampered = (long)(await pick.ExecuteScalarAsync())!;
        }

        await using (var alter = new NpgsqlCommand(
            $"""
            alter table audit_events disable trigger audit_events_no_update_or_delete;
            update audit_events set "Actor" = 'mallory@kund.dev' where "Id" = {tampered};
            alter table audit_events enable trigger audit_events_no_update_or_delete;
            """,
            connection))
        {
            await alter.ExecuteNonQueryAsync();
        }

        // A row before the last checkpoint is walked again by a full verify (an incremental one trusts what a checkpoint signed).
        var broken = await dave.GetObjectAsync("/api/audit/verify?full=true");
        Assert.False((bool)broken["valid"]!);
        Assert.Equal(tampered, (long)broken["firstBrokenId"]!);
    }
}

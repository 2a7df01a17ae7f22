using Kund.Domain.Environments;
using Kund.Infrastructure.Environments;
using Kund.Tests.Support;
using Kund.Tests.Web.Identity;
using Npgsql;

namespace Kund.Tests.Web.Api;

/// <summary>Issue 11.8: removing the newest rows leaves every link intact; the signed checkpoint still names them.</summary>
public class AuditTruncationApiTests(KundAppFactory app) : IClassFixture<KundAppFactory>
{
    [Fact]
    public async Task Verify_NewestRowsDeleted_InvalidNamingTheCheckpointedRow()
    {
        await LifecycleAsync("audit-tail");
        using var dave = await app.ClientForAsync(IdentityTestSupport.Dave);
        var before = await dave.GetObjectAsync("/api/audit/verify?full=true");
        Assert.True((bool)before["valid"]!, (string?)before["reason"]);
        var head = (long)before["checkpoint"]!["headId"]!;
        var count = (long)before["checkpoint"]!["count"]!;

        // The owner removes the three newest rows behind the trigger's back: every remaining link still holds.
        await using (var connection = new NpgsqlConnection(app.Database.ConnectionString))
        {
            await connection.OpenAsync();
            await using var delete = new NpgsqlCommand(
                """
                alter table audit_events disable trigger audit_events_no_update_or_delete;
                delete from audit_events where "Id" in (select "Id" from audit_events order by "Id" desc limit 3);
                alter table audit_events enable always trigger audit_events_no_update_or_delete;
                """,
                connection);
            await delete.ExecuteNonQueryAsync();
        }

        var incremental = await dave.GetObjectAsync("/api/audit/verify");
        var full = await dave.GetObjectAsync("/api/audit/verify?full=true");

        foreach (var result in new[] { incremental, full })
        {
            Assert.False((bool)result["valid"]!);
            Assert.Equal(head, (long)result["firstBrokenId"]!);
            Assert.Contains("removed", (string)result["reason"]!, StringComparison.Ordinal);
            Assert.Null(result["checkpoint"]);
        }

        Assert.Equal(count - 3, (long)full["checked"]!);
    }

    private async Task LifecycleAsync(string name)
    {
        var draft = await app.WithAsync<EnvironmentService, TeamEnvironment>(s => s.CreateDraftAsync(Callers.Alice, SeedSpecs.Payments(name), CancellationToken.None));
        await app.WithAsync<EnvironmentService, TeamEnvironment>(s => s.SubmitAsync(Callers.Alice, draft.Id, CancellationToken.None));
        await app.WithAsync<EnvironmentService, TeamEnvironment>(s => s.ApproveAsync(Callers.Carol, draft.Id, "fine", CancellationToken.None));
        await app.WaitForStatusAsync(draft.Id, TimeSpan.FromSeconds(90), EnvironmentStatus.Ready);
    }
}

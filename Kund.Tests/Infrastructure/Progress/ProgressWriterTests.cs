using System.Threading.Channels;
using Kund.Domain.Environments;
using Kund.Domain.Resources;
using Kund.Infrastructure.Environments;
using Kund.Infrastructure.Persistence;
using Kund.Infrastructure.Progress;
using Kund.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Kund.Tests.Infrastructure.Progress;

/// <summary>Progress events: numbered without gaps under concurrency, relayed on commit only, whatever their text. (Seq 1 is the draft's own.)</summary>
public class ProgressWriterTests(KundAppFactory app) : IClassFixture<KundAppFactory>
{
    [Fact]
    public async Task Append_TwentyWritersAtOnce_SequenceHasNoGapsOrDuplicates()
    {
        var id = await DraftAsync("progress-concurrent");

        await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(() => AppendAsync(id, $"writer {i}", commit: true))));

        var events = await EventsAsync(id);
        Assert.Equal(Enumerable.Range(1, 21).Select(i => (long)i), events.Select(e => e.Sequence));
        Assert.Equal(20, events.Count(e => e.Message.StartsWith("writer ", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Append_RolledBack_NeitherStoredNorRelayed()
    {
        var id = await DraftAsync("progress-rollback");
        var relayed = Channel.CreateUnbounded<ProgressNotification>();
        using var subscription = app.Services.GetRequiredService<ProgressBroadcaster>()
            .SubscribeAll(n => n.EnvironmentId == id && n.Seq > 1 ? relayed.Writer.WriteAsync(n).AsTask() : Task.CompletedTask);

        await AppendAsync(id, "rolled back", commit: false);
        await AppendAsync(id, "committed", commit: true);

        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var first = await relayed.Reader.ReadAsync(patience.Token);
        Assert.Equal(("committed", 2L), (first.Message, first.Seq));
        Assert.Equal(["Draft created by alice@kund.dev", "committed"], (await EventsAsync(id)).Select(e => e.Message));
    }

    [Theory]
    [InlineData("é")]
    [InlineData("\"")]
    [InlineData("\u0001")]
    [InlineData("😀")]
    public async Task Append_LongestMessageOfCharactersJsonEscapes_CommittedAndRelayed(string character)
    {
        var id = await DraftAsync($"progress-long-{(int)character[0]}");
        var relayed = Channel.CreateUnbounded<ProgressNotification>();
        using var subscription = app.Services.GetRequiredService<ProgressBroadcaster>()
            .SubscribeAll(n => n.EnvironmentId == id && n.Seq > 1 ? relayed.Writer.WriteAsync(n).AsTask() : Task.CompletedTask);
        var message = string.Concat(Enumerable.Repeat(character, 3000 / character.Length));

        await AppendAsync(id, message, commit: true);

        var stored = (await EventsAsync(id))[^1];
        Assert.Equal(message[..2000], stored.Message);
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var notification = await relayed.Reader.ReadAsync(patience.Token);
        Assert.Equal(stored.Sequence, notification.Seq);
        Assert.StartsWith(notification.Message.TrimEnd('…'), stored.Message, StringComparison.Ordinal);
        Assert.True(notification.Message.Length >= 100, $"relayed only {notification.Message.Length} characters");
    }

    private async Task<Guid> DraftAsync(string name) =>
        (await app.WithAsync<EnvironmentService, TeamEnvironment>(s => s.CreateDraftAsync(Callers.Alice, SeedSpecs.Payments(name), CancellationToken.None))).Id;

    private async Task AppendAsync(Guid id, string message, bool commit)
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<KundDbContext>>().CreateDbContextAsync();
        await using var transaction = await db.Database.BeginTransactionAsync();
        await app.Services.GetRequiredService<ProgressWriter>().AppendAsync(db, id, "team-a", message, 50, "vpc", ResourceState.Creating);
        if (commit)
        {
            await transaction.CommitAsync();
        }
        else
        {
            await transaction.RollbackAsync();
        }
    }

    private Task<IReadOnlyList<ProgressEvent>> EventsAsync(Guid id) =>
        app.WithAsync<EnvironmentQueries, IReadOnlyList<ProgressEvent>>(q => q.GetEventsAsync(Callers.Carol, id, 0, CancellationToken.None));
}

using CsCheck;
using Kund.Infrastructure.Sandbox.Persistence;
using Kund.Infrastructure.Sandbox.Throttling;
using Microsoft.Extensions.Time.Testing;

namespace Kund.Tests.Infrastructure.Sandbox;

public sealed class SandboxStateStoreTests
{
    [Fact]
    public void JsonFileStore_OlderSnapshotAfterNewer_KeepsNewer()
    {
        var directory = Path.Combine(Path.GetTempPath(), $"kund-store-{Guid.NewGuid():N}");
        try
        {
            var store = new JsonFileSandboxStateStore(Path.Combine(directory, "state.json"));
            store.Save(SandboxStateSnapshot.Empty with { Version = 5 });
            store.Save(SandboxStateSnapshot.Empty with { Version = 3 });

            var loaded = new JsonFileSandboxStateStore(Path.Combine(directory, "state.json")).Load();

            Assert.Equal(5, loaded!.Version);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void JsonFileStore_NoFileYet_LoadsNull()
    {
        var store = new JsonFileSandboxStateStore(Path.Combine(Path.GetTempPath(), $"kund-missing-{Guid.NewGuid():N}.json"));

        Assert.Null(store.Load());
    }

    [Fact]
    public void TokenBucket_AnyCallPattern_NeverGrantsMoreThanCapacityPlusRefill()
    {
        Gen.Int[0, 2000].Array[1, 200].Sample(gapsInMilliseconds =>
        {
            var time = new FakeTimeProvider();
            var bucket = new TokenBucket(10, 1, time);
            var granted = 0;
            foreach (var gap in gapsInMilliseconds)
            {
                time.Advance(TimeSpan.FromMilliseconds(gap));
                granted += bucket.TryTake() ? 1 : 0;
            }

            var elapsedSeconds = gapsInMilliseconds.Sum() / 1000.0;
            return granted <= 10 + Math.Floor(elapsedSeconds) + 1 && granted >= Math.Min(gapsInMilliseconds.Length, 10);
        });
    }
}

using Kund.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Kund.Tests.Support;

/// <summary>A fresh database with Kund's migrations applied, for tests below the web host.</summary>
public sealed class MigratedDatabase : IAsyncLifetime
{
    private readonly TestDatabase database = new();

    public string ConnectionString => database.ConnectionString;

    public KundDbContext CreateContext() =>
        new(new DbContextOptionsBuilder<KundDbContext>().UseNpgsql(database.ConnectionString).Options);

    public async Task InitializeAsync()
    {
        await database.InitializeAsync();
        await using var db = CreateContext();
        await db.Database.MigrateAsync();
    }

    public Task DisposeAsync() => database.DisposeAsync();
}

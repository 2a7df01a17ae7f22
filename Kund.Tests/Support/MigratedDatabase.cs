using Kund.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kund.Tests.Support;

/// <summary>
/// A fresh database with Kund's migrations applied as the owner role and the application role granted,
/// as Kund does at start, for tests below the web host. <see cref="CreateContext"/> is the application's role.
/// </summary>
public sealed class MigratedDatabase : IAsyncLifetime
{
    private readonly TestDatabase database = new();

    public string ConnectionString => database.AppConnectionString;

    public string OwnerConnectionString => database.ConnectionString;

    public KundDbContext CreateContext() =>
        new(new DbContextOptionsBuilder<KundDbContext>().UseNpgsql(database.AppConnectionString).Options);

    public KundDbContext CreateOwnerContext() =>
        new(new DbContextOptionsBuilder<KundDbContext>().UseNpgsql(database.ConnectionString).Options);

    public async Task InitializeAsync()
    {
        await database.InitializeAsync();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Kund"] = database.AppConnectionString,
            [$"ConnectionStrings:{SchemaMigrations.MigrationsConnectionStringName}"] = database.ConnectionString,
        }).Build();
        await new SchemaMigrations(configuration, NullLogger<SchemaMigrations>.Instance).ApplyAsync(CancellationToken.None);
    }

    public Task DisposeAsync() => database.DisposeAsync();
}

using Npgsql;

namespace Kund.Bench.Support;

/// <summary>
/// A fresh database for one measurement on the server of <c>KUND_BENCH_CONNECTION</c> (or the test
/// server of <c>KUND_TEST_CONNECTION</c>), dropped when the measurement is done.
/// </summary>
public sealed class BenchDatabase : IAsyncDisposable
{
    private readonly string _server;

    private readonly bool _owned;

    private BenchDatabase(string server, string name, bool owned = true)
    {
        _owned = owned;
        _server = server;
        Name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(server) { Database = name, MaxPoolSize = 100 }.ConnectionString;
    }

    public string Name { get; }

    public string ConnectionString { get; }

    public static string ServerConnection()
    {
        var server = Environment.GetEnvironmentVariable("KUND_BENCH_CONNECTION") ?? Environment.GetEnvironmentVariable("KUND_TEST_CONNECTION");
        return string.IsNullOrWhiteSpace(server)
            ? throw new InvalidOperationException("Set KUND_BENCH_CONNECTION (./bench.sh does) or KUND_TEST_CONNECTION (./test.sh does) to a PostgreSQL server where databases may be created.")
            : server;
    }

    public static async Task<BenchDatabase> CreateAsync(string label)
    {
        var server = ServerConnection();
        var database = new BenchDatabase(server, $"kund_bench_{label}_{Guid.NewGuid():N}"[..40]);
        await using var connection = new NpgsqlConnection(database.Admin);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"create database \"{database.Name}\"", connection);
        await command.ExecuteNonQueryAsync();
        return database;
    }

    /// <summary>Connections open on this database right now, as PostgreSQL counts them.</summary>
    public async Task<long> ConnectionCountAsync()
    {
        await using var connection = new NpgsqlConnection(Admin);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select count(*) from pg_stat_activity where datname = @name", connection);
        command.Parameters.AddWithValue("name", Name);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>A database someone else created and will drop (the fan-out server runs on its parent's).</summary>
    public static BenchDatabase Existing(string connectionString) =>
        new(connectionString, new NpgsqlConnectionStringBuilder(connectionString).Database!, owned: false);

    public async ValueTask DisposeAsync()
    {
        // KUND_KEEP_DB (with bench.sh, which then leaves the server running too) keeps it for a look afterwards.
        if (!_owned || Environment.GetEnvironmentVariable("KUND_KEEP_DB") is { Length: > 0 })
        {
            return;
        }

        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(Admin);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"drop database if exists \"{Name}\" with (force)", connection);
        await command.ExecuteNonQueryAsync();
    }

    private string Admin => new NpgsqlConnectionStringBuilder(_server) { Database = "postgres", Pooling = false }.ConnectionString;
}


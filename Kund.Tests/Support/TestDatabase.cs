using Npgsql;

namespace Kund.Tests.Support;

/// <summary>
/// A fresh PostgreSQL database for one test class, on the server ./test.sh starts
/// (<c>KUND_TEST_CONNECTION</c>), dropped again when the class is done.
/// </summary>
public sealed class TestDatabase : IAsyncLifetime
{
    public const string ServerVariable = "KUND_TEST_CONNECTION";

    public TestDatabase()
    {
        var server = Environment.GetEnvironmentVariable(ServerVariable);
        if (string.IsNullOrWhiteSpace(server))
        {
            throw new InvalidOperationException(
                $"{ServerVariable} is not set. Run the tests with ./test.sh (it starts a private PostgreSQL), or point {ServerVariable} at a PostgreSQL server where databases may be created.");
        }

        Name = $"kund_test_{Guid.NewGuid():N}";
        ServerConnectionString = new NpgsqlConnectionStringBuilder(server) { Database = "postgres", Pooling = false }.ConnectionString;
        ConnectionString = new NpgsqlConnectionStringBuilder(server) { Database = Name }.ConnectionString;
    }

    public string Name { get; }

    public string ConnectionString { get; }

    private string ServerConnectionString { get; }

    public async Task InitializeAsync()
    {
        await using var connection = new NpgsqlConnection(ServerConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"create database \"{Name}\"", connection);
        await command.ExecuteNonQueryAsync();
    }

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(ServerConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"drop database if exists \"{Name}\" with (force)", connection);
        await command.ExecuteNonQueryAsync();
    }
}

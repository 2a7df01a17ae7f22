using Npgsql;

namespace Kund.Tests.Support;

/// <summary>
/// A fresh PostgreSQL database for one test class, on the server ./test.sh starts
/// (<c>KUND_TEST_CONNECTION</c>), dropped again when the class is done. It belongs to the owner role
/// (<see cref="ConnectionString"/>: migrations, and what a test does as the database's owner); the app
/// runs as the application role (<see cref="AppConnectionString"/>), as in production.
/// </summary>
public sealed class TestDatabase : IAsyncLifetime
{
    public const string ServerVariable = "KUND_TEST_CONNECTION";

    /// <summary>The roles scripts/postgres.sh creates; made here too when the server is someone else's.</summary>
    public const string OwnerRole = "kund_owner";

    public const string AppRole = "kund_app";

    // Roles are per server, shared by every test class of the run.
    private static readonly SemaphoreSlim RolesOnce = new(1, 1);
    private static bool rolesReady;

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
        ConnectionString = new NpgsqlConnectionStringBuilder(server) { Database = Name, Username = OwnerRole, Password = OwnerRole }.ConnectionString;
        AppConnectionString = new NpgsqlConnectionStringBuilder(server) { Database = Name, Username = AppRole, Password = AppRole }.ConnectionString;
    }

    public string Name { get; }

    /// <summary>The owner role's connection: Kund's migrations, and a test acting as the database's owner.</summary>
    public string ConnectionString { get; }

    /// <summary>The application role's connection (<c>ConnectionStrings:Kund</c>).</summary>
    public string AppConnectionString { get; }

    private string ServerConnectionString { get; }

    public async Task InitializeAsync()
    {
        await using var connection = new NpgsqlConnection(ServerConnectionString);
        await connection.OpenAsync();
        await EnsureRolesAsync(connection);
        await using var command = new NpgsqlCommand($"create database \"{Name}\" owner {OwnerRole}", connection);
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

    private static async Task EnsureRolesAsync(NpgsqlConnection connection)
    {
        await RolesOnce.WaitAsync();
        try
        {
            if (rolesReady)
            {
                return;
            }

            await using var command = new NpgsqlCommand(
                $"""
                do $$ begin
                    if not exists (select from pg_roles where rolname = '{OwnerRole}') then
                        create role {OwnerRole} login nosuperuser nocreaterole nocreatedb password '{OwnerRole}';
                    end if;
                    if not exists (select from pg_roles where rolname = '{AppRole}') then
                        create role {AppRole} login nosuperuser nocreaterole nocreatedb noinherit password '{AppRole}';
                    end if;
                end $$;
                """,
                connection);
            await command.ExecuteNonQueryAsync();
            rolesReady = true;
        }
        finally
        {
            RolesOnce.Release();
        }
    }
}

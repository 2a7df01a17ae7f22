using System.Net.Sockets;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace Kund.Infrastructure.Persistence;

/// <summary>
/// The one place that decides whether an exception means "the database is unreachable for now" (an
/// outage, a restart, a failover) rather than a bug. Npgsql and EF Core wrap the cause in several ways
/// (an <see cref="InvalidOperationException"/> around an <see cref="NpgsqlException"/>, a
/// <c>DbUpdateException</c>, EF's retry limit), so the whole chain of inner exceptions is looked at.
/// </summary>
public static class TransientDatabaseFailure
{
    public static bool Is(Exception? exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                case PostgresException postgres:
                    // A server's answer: transient only for its connection, shutdown and resource classes.
                    return postgres.IsTransient || postgres.SqlState.StartsWith("57P", StringComparison.Ordinal) || postgres.SqlState.StartsWith("08", StringComparison.Ordinal);
                case NpgsqlException:
                case TimeoutException:
                case SocketException:
                case RetryLimitExceededException:
                    return true;
                case AggregateException aggregate when aggregate.InnerExceptions.Any(Is):
                    return true;
            }
        }

        return false;
    }

    /// <summary>One line for logs and <c>/readyz</c>: the innermost message, which names the real cause.</summary>
    public static string Describe(Exception exception)
    {
        var innermost = exception;
        while (innermost.InnerException is not null)
        {
            innermost = innermost.InnerException;
        }

        return innermost.Message;
    }
}

using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Kund.Tests.Web.Pages;

/// <summary>
/// Counts the SQL commands EF Core runs on behalf of the code that started the counter (its async flow),
/// so the count ignores other tests and background work running at the same time.
/// </summary>
public sealed class QueryCounter : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
{
    private static readonly AsyncLocal<QueryCounter?> Current = new();
    private readonly ConcurrentQueue<string> commands = new();
    private readonly List<IDisposable> subscriptions = [];
    private readonly IDisposable listeners;

    private QueryCounter()
    {
        listeners = DiagnosticListener.AllListeners.Subscribe(this);
    }

    public IReadOnlyList<string> Commands => [.. commands];

    /// <summary>Starts counting for the calling flow (and what it awaits or renders).</summary>
    public static QueryCounter Start()
    {
        var counter = new QueryCounter();
        Current.Value = counter;
        return counter;
    }

    public void Dispose()
    {
        Current.Value = null;
        listeners.Dispose();
        lock (subscriptions)
        {
            subscriptions.ForEach(s => s.Dispose());
        }
    }

    void IObserver<DiagnosticListener>.OnNext(DiagnosticListener value)
    {
        if (value.Name == DbLoggerCategory.Name)
        {
            lock (subscriptions)
            {
                subscriptions.Add(value.Subscribe(this));
            }
        }
    }

    void IObserver<KeyValuePair<string, object?>>.OnNext(KeyValuePair<string, object?> value)
    {
        if (value.Key == RelationalEventId.CommandExecuted.Name && ReferenceEquals(Current.Value, this) && value.Value is CommandExecutedEventData data)
        {
            commands.Enqueue(data.Command.CommandText);
        }
    }

    void IObserver<DiagnosticListener>.OnCompleted()
    {
    }

    void IObserver<DiagnosticListener>.OnError(Exception error)
    {
    }

    void IObserver<KeyValuePair<string, object?>>.OnCompleted()
    {
    }

    void IObserver<KeyValuePair<string, object?>>.OnError(Exception error)
    {
    }
}

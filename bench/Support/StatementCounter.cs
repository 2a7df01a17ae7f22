using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Kund.Bench.Support;

/// <summary>
/// Every SQL command EF Core executes in this process (its <c>CommandExecuted</c> diagnostic event), whatever
/// flow runs it: Blazor circuits render on flows of their own, so an AsyncLocal counter would miss them.
/// Background writers must be off while it counts (see <see cref="Scenarios.DashboardPages"/>).
/// </summary>
public sealed class StatementCounter : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
{
    private readonly List<IDisposable> _subscriptions = [];
    private readonly IDisposable _listeners;
    private ConcurrentQueue<string> _commands = new();
    private long _last = Stopwatch.GetTimestamp();

    public StatementCounter()
    {
        _listeners = DiagnosticListener.AllListeners.Subscribe(this);
    }

    /// <summary>Forgets what was counted so far and counts from now.</summary>
    public void Restart()
    {
        _commands = new ConcurrentQueue<string>();
        Interlocked.Exchange(ref _last, Stopwatch.GetTimestamp());
    }

    /// <summary>The command texts since <see cref="Restart"/>, in the order they ran.</summary>
    public IReadOnlyList<string> Commands => [.. _commands];

    /// <summary>Waits until no command has run for <paramref name="quiet"/> (or <paramref name="atMost"/> has passed).</summary>
    public async Task SettleAsync(TimeSpan quiet, TimeSpan atMost)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(atMost.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetElapsedTime(Interlocked.Read(ref _last)) < quiet && Stopwatch.GetTimestamp() < deadline)
        {
            await Task.Delay(50);
        }
    }

    public void Dispose()
    {
        _listeners.Dispose();
        lock (_subscriptions)
        {
            _subscriptions.ForEach(s => s.Dispose());
        }
    }

    void IObserver<DiagnosticListener>.OnNext(DiagnosticListener value)
    {
        if (value.Name == DbLoggerCategory.Name)
        {
            lock (_subscriptions)
            {
                _subscriptions.Add(value.Subscribe(this));
            }
        }
    }

    void IObserver<KeyValuePair<string, object?>>.OnNext(KeyValuePair<string, object?> value)
    {
        if (value.Key == RelationalEventId.CommandExecuted.Name && value.Value is CommandExecutedEventData data)
        {
            _commands.Enqueue(data.Command.CommandText);
            Interlocked.Exchange(ref _last, Stopwatch.GetTimestamp());
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

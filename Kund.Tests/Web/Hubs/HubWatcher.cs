using System.Collections.Concurrent;
using System.Text.Json;
using Kund.Tests.Web.Identity;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.SignalR.Client;

namespace Kund.Tests.Web.Hubs;

/// <summary>One SignalR client of <c>/hubs/provisioning</c>: the sequence numbers it received, and signals for the end and for a chosen last one.</summary>
internal sealed class HubWatcher : IAsyncDisposable
{
    private readonly ConcurrentQueue<long> sequences = new();
    private readonly TaskCompletionSource ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private HubWatcher(HubConnection connection, long? stopAfterSeq)
    {
        Connection = connection;
        connection.On<JsonElement>("progress", message =>
        {
            var seq = message.GetProperty("seq").GetInt64();
            if (stopAfterSeq is { } last && seq > last)
            {
                return;
            }

            sequences.Enqueue(seq);
            if (seq == stopAfterSeq)
            {
                stopped.TrySetResult();
            }

            if (message.TryGetProperty("status", out var status) && status.ValueKind == JsonValueKind.String
                && status.GetString() is "Ready" or "Failed" or "Destroyed")
            {
                ready.TrySetResult();
            }
        });
    }

    public HubConnection Connection { get; }

    public IReadOnlyList<long> Sequences => [.. sequences];

    /// <summary>An event saying the environment reached Ready, Failed or Destroyed arrived.</summary>
    public Task Ready => ready.Task;

    public Task Stopped => stopped.Task;

    /// <summary>Connects with a bearer <paramref name="token"/> over long polling through the test server.</summary>
    public static async Task<HubWatcher> ConnectAsync<T>(WebApplicationFactory<T> app, string token, long? stopAfterSeq = null)
        where T : class
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(app.Server.BaseAddress, "/hubs/provisioning"), o =>
            {
                o.HttpMessageHandlerFactory = _ => app.Server.CreateHandler();
                o.AccessTokenProvider = () => Task.FromResult<string?>(token);
                o.Transports = HttpTransportType.LongPolling;
            })
            .Build();
        var watcher = new HubWatcher(connection, stopAfterSeq);
        await connection.StartAsync();
        return watcher;
    }

    public static async Task<HubWatcher> ConnectAsync(Kund.Tests.Support.KundAppFactory app, string email, long? stopAfterSeq = null) =>
        await ConnectAsync<Program>(app, (await app.CreateTokenAsync(email)).Token, stopAfterSeq);

    public ValueTask DisposeAsync() => Connection.DisposeAsync();
}

using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Kund.Tests.Support;

/// <summary>
/// A loopback TCP proxy in front of PostgreSQL that a test can cut, as an outage would: <see cref="Cut"/>
/// drops every open connection and refuses new ones (accepted and closed at once) until <see cref="Restore"/>.
/// </summary>
public sealed class CuttableProxy : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly string targetHost;
    private readonly int targetPort;
    private readonly ConcurrentDictionary<TcpClient, TcpClient> open = new();
    private readonly CancellationTokenSource stopping = new();
    private readonly Task accepting;
    private volatile bool cut;
    private int refused;

    public CuttableProxy(string targetHost, int targetPort)
    {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        listener.Start();
        accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

    /// <summary>Connections refused since the last <see cref="Cut"/>: each is a retry of someone waiting for the database.</summary>
    public int Refused => Volatile.Read(ref refused);

    public void Cut()
    {
        Interlocked.Exchange(ref refused, 0);
        cut = true;
        foreach (var (client, upstream) in open)
        {
            client.Dispose();
            upstream.Dispose();
        }

        open.Clear();
    }

    public void Restore() => cut = false;

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        listener.Stop();
        Cut();
        try
        {
            await accepting;
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped.
        }

        stopping.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!stopping.IsCancellationRequested)
        {
            var client = await listener.AcceptTcpClientAsync(stopping.Token);
            if (cut)
            {
                Interlocked.Increment(ref refused);
                client.Dispose();
                continue;
            }

            _ = RelayAsync(client);
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        var upstream = new TcpClient();
        try
        {
            await upstream.ConnectAsync(targetHost, targetPort, stopping.Token);
            open[client] = upstream;
            await Task.WhenAny(
                client.GetStream().CopyToAsync(upstream.GetStream(), stopping.Token),
                upstream.GetStream().CopyToAsync(client.GetStream(), stopping.Token));
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
        {
            // Cut, or one side closed.
        }
        finally
        {
            open.TryRemove(client, out _);
            client.Dispose();
            upstream.Dispose();
        }
    }
}

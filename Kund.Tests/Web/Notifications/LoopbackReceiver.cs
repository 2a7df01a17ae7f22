using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Kund.Tests.Web.Notifications;

/// <summary>
/// A webhook receiver on loopback (a real HTTP listener): answers 500 to the first <c>failFirst</c> requests,
/// 200 afterwards (500 to every request while <see cref="Refusing"/>; each answer after <see cref="Delay"/>), and
/// keeps every request's body and headers in arrival order.
/// </summary>
internal sealed class LoopbackReceiver : IDisposable
{
    private readonly HttpListener listener = new();
    private readonly ConcurrentQueue<Received> received = new();
    private readonly CancellationTokenSource stop = new();
    private readonly Task loop;
    private int failuresLeft;
    private int inFlight;
    private long delayTicks;

    public LoopbackReceiver(int failFirst = 0)
    {
        failuresLeft = failFirst;
        var port = FreePort();
        Url = $"http://127.0.0.1:{port}/hooks/kund/";
        listener.Prefixes.Add(Url);
        listener.Start();
        loop = Task.Run(ServeAsync);
    }

    public string Url { get; }

    /// <summary>While set, every request is answered 500.</summary>
    public bool Refusing { get => Volatile.Read(ref refusing); set => Volatile.Write(ref refusing, value); }

    /// <summary>How long the receiver holds each request (body read, not yet answered).</summary>
    public TimeSpan Delay { get => TimeSpan.FromTicks(Interlocked.Read(ref delayTicks)); set => Interlocked.Exchange(ref delayTicks, value.Ticks); }

    /// <summary>Requests read and not answered yet.</summary>
    public int InFlight => Volatile.Read(ref inFlight);

    private bool refusing;

    public IReadOnlyList<Received> Requests => [.. received];

    public IReadOnlyList<Received> Accepted => [.. received.Where(r => r.Answered == 200)];

    /// <summary>Waits until <paramref name="count"/> requests were answered 200.</summary>
    public async Task WaitForAcceptedAsync(int count, TimeSpan timeout)
    {
        using var patience = new CancellationTokenSource(timeout);
        while (Accepted.Count < count)
        {
            Assert.False(patience.IsCancellationRequested, $"{Accepted.Count} of {count} deliveries accepted; requests: {string.Join(", ", Requests.Select(r => r.Answered))}");
            await Task.Delay(50, CancellationToken.None);
        }
    }

    private async Task ServeAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using var reader = new StreamReader(context.Request.InputStream);
            var body = await reader.ReadToEndAsync();
            Interlocked.Increment(ref inFlight);
            try
            {
                var answer = Interlocked.Decrement(ref failuresLeft) >= 0 || Refusing ? 500 : 200;
                received.Enqueue(new Received(body, context.Request.Headers["X-Kund-Signature"], context.Request.Headers["X-Kund-Event"], context.Request.ContentType, answer));
                if (Delay > TimeSpan.Zero)
                {
                    await Task.Delay(Delay, CancellationToken.None);
                }

                context.Response.StatusCode = answer;
                context.Response.Close();
            }
            catch (HttpListenerException)
            {
                // The sender went away (killed) while its request was held: it was received all the same.
            }
            finally
            {
                Interlocked.Decrement(ref inFlight);
            }
        }
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        stop.Cancel();
        listener.Close();
        try
        {
            loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // Closed while serving.
        }

        stop.Dispose();
    }

    public sealed record Received(string Body, string? Signature, string? Event, string? ContentType, int Answered);
}

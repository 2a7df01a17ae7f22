using Kund.Domain.Environments;
using Kund.Infrastructure.Environments;
using Microsoft.Extensions.DependencyInjection;

namespace Kund.Tests.Support;

public static class KundAppFactoryExtensions
{
    /// <summary>Runs <paramref name="work"/> with a fresh scope's service, as one request would.</summary>
    public static async Task<T> WithAsync<TService, T>(this KundAppFactory app, Func<TService, Task<T>> work)
        where TService : notnull
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<TService>());
    }

    /// <summary>Waits (real time, bounded) until the environment reaches one of <paramref name="statuses"/>.</summary>
    public static async Task<EnvironmentView> WaitForStatusAsync(this KundAppFactory app, Guid id, TimeSpan timeout, params EnvironmentStatus[] statuses)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (true)
        {
            var view = await app.WithAsync<EnvironmentQueries, EnvironmentView>(q => q.GetAsync(Callers.Carol, id, CancellationToken.None));
            if (statuses.Contains(view.Status))
            {
                return view;
            }

            if (cts.IsCancellationRequested)
            {
                throw new TimeoutException($"Environment {id} is {view.Status} after {timeout}; expected {string.Join(" or ", statuses)}. Resources: {string.Join(", ", view.Resources.Select(r => $"{r.Key}={r.State}{(r.Error is null ? "" : $" ({r.Error})")}"))}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), CancellationToken.None);
        }
    }
}

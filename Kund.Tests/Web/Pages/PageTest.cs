using Bunit;

namespace Kund.Tests.Web.Pages;

/// <summary>
/// A bUnit context that xUnit disposes asynchronously: MudBlazor registers services that only implement
/// <see cref="IAsyncDisposable"/>, which a synchronous dispose of the container refuses.
/// </summary>
public abstract class PageTest : BunitContext, IAsyncLifetime
{
    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync() => await DisposeAsync();

    protected override void Dispose(bool disposing)
    {
        // The asynchronous dispose above does the work; a second, synchronous one must not throw.
        if (!disposing)
        {
            base.Dispose(disposing);
        }
    }
}

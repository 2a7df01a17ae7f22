using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Kund.Web.Components;

/// <summary>
/// Base of the dashboard's pages: the services, the snackbar, and one way to run a user's action so that
/// a failure becomes a friendly message and never raw exception text.
/// </summary>
public abstract class KundComponent : ComponentBase
{
    [Inject]
    protected KundServices Kund { get; set; } = default!;

    [Inject]
    protected ISnackbar Snackbar { get; set; } = default!;

    [Inject]
    protected ILogger<KundComponent> Logger { get; set; } = default!;

    /// <summary>Runs <paramref name="work"/>; on failure shows a friendly snackbar and returns false.</summary>
    protected async Task<bool> TryAsync(Func<Task> work, string? success = null)
    {
        try
        {
            await work();
            if (success is not null)
            {
                Snackbar.Add(success, Severity.Success);
            }

            return true;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Report(ex);
            return false;
        }
    }

    /// <summary>Shows <paramref name="error"/> to the user in words written for them, and logs the unexpected.</summary>
    protected void Report(Exception error)
    {
        if (!FriendlyErrors.IsExpected(error))
        {
            Logger.LogError(error, "A dashboard action failed");
        }

        Snackbar.Add(FriendlyErrors.Describe(error), FriendlyErrors.IsExpected(error) ? Severity.Warning : Severity.Error);
    }
}

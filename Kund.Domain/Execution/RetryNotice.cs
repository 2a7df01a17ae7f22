using System.Globalization;

namespace Kund.Domain.Execution;

/// <summary>
/// The words of a retry in the progress log. A retry is news, not a failure — above all an IAM role that
/// EKS cannot assume yet because IAM has not propagated it — so it reads as information, and the page can
/// tell it from an error by <see cref="Is"/>.
/// </summary>
public static class RetryNotice
{
    private const string Marker = "; trying again in ";

    public static string For(CloudOperationException error, TimeSpan delay)
    {
        ArgumentNullException.ThrowIfNull(error);
        var seconds = delay.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture);
        // The code leads, as AWS names it, so a log reader can search for it.
        var what = error.Kind == CloudErrorKind.NotYetConsistent
            ? $"{error.Code}: AWS has not caught up with an earlier step yet ({error.Message.TrimEnd('.')})"
            : $"{error.Code}: {error.Message.TrimEnd('.')}";
        return $"{what}{Marker}{seconds} s.";
    }

    public static bool Is(string message) =>
        message is not null && message.Contains(Marker, StringComparison.Ordinal) && message.EndsWith(" s.", StringComparison.Ordinal);
}

using System.Diagnostics;

namespace Kund.Web.Observability;

/// <summary>Kund's own activity source and meter name.</summary>
internal static class KundTelemetry
{
    public const string SourceName = "Kund";

    public static readonly ActivitySource Source = new(SourceName);
}

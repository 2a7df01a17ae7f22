namespace Kund.Web.Observability;

/// <summary>The name under which Kund's own traces and metrics are registered with OpenTelemetry.</summary>
internal static class KundTelemetry
{
    public const string SourceName = "Kund";
}

using Kund.Tests.Support;

namespace Kund.Tests.Web.Pages;

/// <summary>Kund whose sandbox keeps AWS's own pace, so expected durations are minutes, as the estimates see them in production.</summary>
public sealed class RealPaceApp : KundAppFactory
{
    public RealPaceApp() => Settings["Kund:Sandbox:TimeScale"] = "1";
}

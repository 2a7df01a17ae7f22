using Kund.Tests.Web.Identity;

namespace Kund.Tests.Web.Hubs;

/// <summary>Kund with one extra origin allowed to use the hub with the session cookie, and a fake clock for the periodic re-check.</summary>
public sealed class HubAuthApp : CapturingApp
{
    public const string PortalOrigin = "https://portal.example.com";

    public HubAuthApp() => Settings["Kund:Hub:AllowedOrigins:0"] = PortalOrigin;
}

using Kund.Tests.Support;

namespace Kund.Tests.Web.Identity;

/// <summary>Kund for the authorization matrix, which seeds more live environments in one region than the default account quotas allow.</summary>
public sealed class MatrixApp : KundAppFactory
{
    public MatrixApp()
    {
        Settings["Kund:Sandbox:VpcLimitPerRegion"] = "500";
        Settings["Kund:Sandbox:AddressLimitPerRegion"] = "500";
    }
}

namespace Kund.Tests.Support;

/// <summary>
/// Kund for tests that keep more live environments in one region than AWS's default account quotas
/// (5 VPCs, 5 Elastic IPs) allow: the authorization matrix, the approvals queue.
/// </summary>
public sealed class RoomyAccountApp : KundAppFactory
{
    public RoomyAccountApp()
    {
        Settings["Kund:Sandbox:VpcLimitPerRegion"] = "500";
        Settings["Kund:Sandbox:AddressLimitPerRegion"] = "500";
    }
}

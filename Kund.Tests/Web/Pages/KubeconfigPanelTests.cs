using Bunit;
using Kund.Domain.Environments;
using Kund.Domain.Resources;
using Kund.Infrastructure.Environments;
using Kund.Tests.Support;
using Kund.Web.Components.Shared;
using MudBlazor.Services;

namespace Kund.Tests.Web.Pages;

/// <summary>The environment page's kubeconfig panel: only for an active cluster, with the private-endpoint warning when it applies.</summary>
public sealed class KubeconfigPanelTests : PageTest
{
    public KubeconfigPanelTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices(options => options.PopoverOptions.CheckForPopoverProvider = false);
    }

    [Fact]
    public void Render_ActivePublicCluster_DownloadAndCommandWithoutWarning()
    {
        var view = View(EnvironmentStatus.Ready, ResourceState.Created, publicEndpoint: true);

        var cut = Render<KubeconfigPanel>(p => p.Add(x => x.View, view));

        Assert.Equal($"/environments/{view.Id:D}/kubeconfig", cut.Find("[data-testid=kubeconfig-download]").GetAttribute("href"));
        Assert.Equal("panel-check-kubeconfig.yaml", cut.Find("[data-testid=kubeconfig-download]").GetAttribute("download"));
        Assert.Equal("aws eks update-kubeconfig --region ap-northeast-2 --name panel-check", cut.Find("[data-testid=update-kubeconfig]").TextContent);
        Assert.Empty(cut.FindAll("[data-testid=private-endpoint-warning]"));
    }

    [Fact]
    public void Render_PrivateOnlyEndpoint_WarnsOfTheTimeoutAndWhatFixesIt()
    {
        var cut = Render<KubeconfigPanel>(p => p.Add(x => x.View, View(EnvironmentStatus.Ready, ResourceState.Created, publicEndpoint: false)));

        var warning = cut.Find("[data-testid=private-endpoint-warning]").TextContent;
        Assert.Contains("dial tcp …:443: i/o timeout", warning, StringComparison.Ordinal);
        Assert.Contains("VPN", warning, StringComparison.Ordinal);
        Assert.Contains("bastion", warning, StringComparison.Ordinal);
        Assert.Contains("CIDRs", warning, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(EnvironmentStatus.Provisioning, ResourceState.Creating)]
    [InlineData(EnvironmentStatus.Destroying, ResourceState.Created)]
    [InlineData(EnvironmentStatus.Draft, null)]
    public void Render_ClusterNotActive_Nothing(EnvironmentStatus status, ResourceState? clusterState)
    {
        var cut = Render<KubeconfigPanel>(p => p.Add(x => x.View, View(status, clusterState, publicEndpoint: true)));

        Assert.Empty(cut.FindAll("[data-testid=kubeconfig-panel]"));
    }

    private static EnvironmentView View(EnvironmentStatus status, ResourceState? clusterState, bool publicEndpoint)
    {
        var seed = SeedSpecs.Payments("panel-check");
        var spec = seed with { Cluster = seed.Cluster! with { EndpointPublicAccess = publicEndpoint } };
        IReadOnlyList<ResourceView> resources = clusterState is { } state
            ? [new ResourceView("eks", ResourceKind.EksCluster, state, "panel-check", "arn:aws:eks:ap-northeast-2:111111111111:cluster/panel-check", null)]
            : [];
        return new EnvironmentView(
            Guid.NewGuid(), "panel-check", "team-a", status, "alice@kund.dev", null, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, null,
            spec, resources, new EnvironmentOutputs(null, new Dictionary<string, string>(), null, null, null), 0m);
    }
}

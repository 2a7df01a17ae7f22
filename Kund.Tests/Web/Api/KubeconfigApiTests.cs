using System.Net;
using k8s;
using Kund.Domain.Environments;
using Kund.Domain.Resources;
using Kund.Infrastructure.Aws;
using Kund.Infrastructure.Aws.Eks.Model;
using Kund.Infrastructure.Environments;
using Kund.Tests.Support;
using Kund.Tests.Web.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Kund.Tests.Web.Api;

/// <summary>
/// <c>GET /api/environments/{id}/kubeconfig</c> on a cluster the sandbox made: what the Kubernetes client library reads
/// from it is what EKS reports; before the cluster is active a 409 names the status; without a cluster, or for
/// another team, a 404.
/// </summary>
public class KubeconfigApiTests(KundAppFactory app) : IClassFixture<KundAppFactory>
{
    [Fact]
    public async Task Get_ReadyEnvironment_KubeconfigOfTheClusterAsTheCliWritesIt()
    {
        var id = await ReadyAsync("kubeconfig-ready");
        using var alice = await app.ClientForAsync(IdentityTestSupport.Alice);

        using var response = await alice.GetAsync($"/api/environments/{id}/kubeconfig");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/yaml", response.Content.Headers.ContentType?.MediaType);
        var cluster = (await app.Services.GetRequiredService<AwsClients>().Eks("ap-northeast-2")
            .DescribeClusterAsync(new DescribeClusterRequest { Name = "kubeconfig-ready" })).Cluster;
        await using var yaml = await response.Content.ReadAsStreamAsync();
        var config = await KubernetesClientConfiguration.LoadKubeConfigAsync(yaml);
        var entry = Assert.Single(config.Clusters);
        Assert.Equal(cluster.Arn, entry.Name);
        Assert.Equal(cluster.Endpoint, entry.ClusterEndpoint.Server);
        Assert.Equal(cluster.CertificateAuthority!.Data, entry.ClusterEndpoint.CertificateAuthorityData);
        Assert.Equal(cluster.Arn, config.CurrentContext);
        var context = Assert.Single(config.Contexts);
        Assert.Equal((cluster.Arn, cluster.Arn), (context.ContextDetails.Cluster, context.ContextDetails.User));
        var exec = Assert.Single(config.Users).UserCredentials.ExternalExecution;
        Assert.Equal("client.authentication.k8s.io/v1beta1", exec.ApiVersion);
        Assert.Equal("aws", exec.Command);
        Assert.Equal(["--region", "ap-northeast-2", "eks", "get-token", "--cluster-name", "kubeconfig-ready", "--output", "json"], exec.Arguments);
    }

    [Fact]
    public async Task Get_Draft_409NamingTheStatusAndTheClusterState()
    {
        var draft = await app.WithAsync<EnvironmentService, TeamEnvironment>(s => s.CreateDraftAsync(Callers.Alice, SeedSpecs.Payments("kubeconfig-draft"), CancellationToken.None));
        using var alice = await app.ClientForAsync(IdentityTestSupport.Alice);

        using var response = await alice.GetAsync($"/api/environments/{draft.Id}/kubeconfig");

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var problem = await response.ReadObjectAsync();
        Assert.Equal("Draft", (string)problem["currentStatus"]!);
        Assert.Contains("kubeconfig-draft is not active (environment Draft, cluster not started)", (string)problem["detail"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_NetworkOnly_404SayingThereIsNoCluster()
    {
        var draft = await app.WithAsync<EnvironmentService, TeamEnvironment>(s =>
            s.CreateDraftAsync(Callers.Alice, SeedSpecs.Payments("kubeconfig-network") with { Cluster = null }, CancellationToken.None));
        using var alice = await app.ClientForAsync(IdentityTestSupport.Alice);

        using var response = await alice.GetAsync($"/api/environments/{draft.Id}/kubeconfig");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("network-only", (string)(await response.ReadObjectAsync())["detail"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_AnotherTeamsOrUnknownEnvironment_404()
    {
        var draft = await app.WithAsync<EnvironmentService, TeamEnvironment>(s => s.CreateDraftAsync(Callers.Alice, SeedSpecs.Payments("kubeconfig-hidden"), CancellationToken.None));
        using var bob = await app.ClientForAsync(IdentityTestSupport.Bob);

        using var hidden = await bob.GetAsync($"/api/environments/{draft.Id}/kubeconfig");
        using var unknown = await bob.GetAsync($"/api/environments/{Guid.NewGuid()}/kubeconfig");

        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound), (hidden.StatusCode, unknown.StatusCode));
        Assert.Equal("Environment not found", (string)(await hidden.ReadObjectAsync())["title"]!);
    }

    private async Task<Guid> ReadyAsync(string name)
    {
        var draft = await app.WithAsync<EnvironmentService, TeamEnvironment>(s => s.CreateDraftAsync(Callers.Alice, SeedSpecs.Payments(name), CancellationToken.None));
        await app.WithAsync<EnvironmentService, TeamEnvironment>(s => s.SubmitAsync(Callers.Alice, draft.Id, CancellationToken.None));
        await app.WithAsync<EnvironmentService, TeamEnvironment>(s => s.ApproveAsync(Callers.Carol, draft.Id, null, CancellationToken.None));
        var view = await app.WaitForStatusAsync(draft.Id, TimeSpan.FromSeconds(90), EnvironmentStatus.Ready, EnvironmentStatus.Failed);
        Assert.Equal(EnvironmentStatus.Ready, view.Status);
        Assert.Equal(ResourceState.Created, view.Resources.Single(r => r.Kind == ResourceKind.EksCluster).State);
        return draft.Id;
    }
}

using Kund.Domain.Environments;
using Kund.Domain.Resources;
using Kund.Infrastructure.Aws;
using Kund.Infrastructure.Aws.Eks.Model;
using Kund.Infrastructure.Environments;
using Kund.Infrastructure.Identity;
using Kund.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Kund.Infrastructure.Kubeconfig;

/// <summary>
/// The kubeconfig of an environment's cluster from what its run recorded: the cluster row's ARN and name, and the
/// endpoint and CA data <c>EksClusterDriver</c> keeps in its attributes once the cluster is ACTIVE (asked of EKS with
/// DescribeCluster when a row lacks them). Another team's environment is not found, as everywhere.
/// </summary>
public sealed class KubeconfigSource(KundDbContext db, AwsClients clients)
{
    /// <summary>The attributes <c>EksClusterDriver</c> records the endpoint and CA data under.</summary>
    public const string EndpointAttribute = "endpoint";

    public const string CertificateAuthorityAttribute = "certificateAuthority";

    /// <summary>
    /// Whether a cluster in this state can be reached: created (its driver waited for ACTIVE), and the environment
    /// not being torn down. Any other status with a created cluster (provisioning the nodes, failed elsewhere, being
    /// changed) still has a cluster the CLI would accept.
    /// </summary>
    public static bool IsActive(EnvironmentStatus status, ResourceState? clusterState) =>
        clusterState == ResourceState.Created
        && status is not (EnvironmentStatus.Destroying or EnvironmentStatus.Destroyed or EnvironmentStatus.Cancelled);

    public async Task<KubeconfigLookup> FindAsync(KundUser caller, Guid id, CancellationToken cancellationToken)
    {
        var environment = await db.Set<TeamEnvironment>().VisibleTo(caller).AsNoTracking().SingleOrDefaultAsync(e => e.Id == id, cancellationToken)
            ?? throw new EnvironmentNotFoundException(id);
        if (environment.Spec.Cluster is null)
        {
            return new KubeconfigLookup.NoCluster(environment.Name);
        }

        var record = await db.Set<ResourceRecord>().AsNoTracking()
            .SingleOrDefaultAsync(r => r.EnvironmentId == id && r.Kind == ResourceKind.EksCluster, cancellationToken);
        if (record is not { CloudId: { } name } || !IsActive(environment.Status, record.State))
        {
            return new KubeconfigLookup.NotActive(environment.Name, environment.Status, record?.State);
        }

        var attributes = ResourceRecords.ReadAttributes(record.Attributes);
        var endpoint = attributes.GetValueOrDefault(EndpointAttribute);
        var certificate = attributes.GetValueOrDefault(CertificateAuthorityAttribute);
        var arn = record.Arn;
        if (string.IsNullOrEmpty(endpoint) || string.IsNullOrEmpty(certificate) || string.IsNullOrEmpty(arn))
        {
            var cluster = (await clients.Eks(environment.Spec.Region).DescribeClusterAsync(new DescribeClusterRequest { Name = name }, cancellationToken)).Cluster;
            if (cluster.Status is not (ClusterStatus.ACTIVE or ClusterStatus.UPDATING))
            {
                return new KubeconfigLookup.NotActive(environment.Name, environment.Status, record.State);
            }

            (endpoint, certificate, arn) = (cluster.Endpoint, cluster.CertificateAuthority?.Data, cluster.Arn);
        }

        return new KubeconfigLookup.Found(
            environment.Name,
            new KubeconfigCluster(name, arn ?? "", environment.Spec.Region, endpoint ?? "", certificate ?? ""));
    }
}

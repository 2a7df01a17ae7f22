using Kund.Domain.Environments;
using Kund.Domain.Resources;

namespace Kund.Infrastructure.Kubeconfig;

/// <summary>What <see cref="KubeconfigSource.FindAsync"/> found: a kubeconfig, or why there is none yet.</summary>
public abstract record KubeconfigLookup(string EnvironmentName)
{
    /// <summary>The cluster is ACTIVE: its kubeconfig.</summary>
    public sealed record Found(string EnvironmentName, KubeconfigCluster Cluster) : KubeconfigLookup(EnvironmentName)
    {
        public string Yaml => KubeconfigBuilder.Build(Cluster);
    }

    /// <summary>A network-only environment: there never is a cluster to reach.</summary>
    public sealed record NoCluster(string EnvironmentName) : KubeconfigLookup(EnvironmentName);

    /// <summary>The environment has a cluster in its spec that is not active (not created yet, being deleted, or gone).</summary>
    public sealed record NotActive(string EnvironmentName, EnvironmentStatus Status, ResourceState? ClusterState) : KubeconfigLookup(EnvironmentName);
}

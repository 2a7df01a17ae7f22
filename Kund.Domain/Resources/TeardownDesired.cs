namespace Kund.Domain.Resources;

/// <summary>What Kubernetes made for the cluster <paramref name="ClusterName"/> in the VPC of <paramref name="VpcKey"/>.</summary>
public sealed record KubernetesLeftoversDesired(string ClusterName, string VpcKey, IReadOnlyList<string> SubnetKeys) : ResourceDesired;

/// <summary>The final check of a destroy: nothing tagged with the environment (or, with a cluster, for it), no Elastic IP of it.</summary>
public sealed record TeardownCheckDesired(string? ClusterName) : ResourceDesired;

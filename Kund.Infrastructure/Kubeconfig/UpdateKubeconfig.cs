namespace Kund.Infrastructure.Kubeconfig;

/// <summary>The AWS CLI command a team member runs to add a cluster to their kubeconfig.</summary>
public static class UpdateKubeconfig
{
    public static string Command(string region, string clusterName) => $"aws eks update-kubeconfig --region {region} --name {clusterName}";
}

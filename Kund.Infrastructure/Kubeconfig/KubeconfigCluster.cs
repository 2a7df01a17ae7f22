namespace Kund.Infrastructure.Kubeconfig;

/// <summary>What a kubeconfig needs of an EKS cluster, as DescribeCluster gives it.</summary>
/// <param name="Name">The cluster's name, which <c>aws eks get-token --cluster-name</c> takes.</param>
/// <param name="Arn">The cluster's ARN: the name of the kubeconfig's cluster, context and user, as the AWS CLI names them.</param>
/// <param name="Region">Where the cluster is; <c>get-token</c> signs for this region.</param>
/// <param name="Endpoint">The API server's URL (<c>https://…eks.amazonaws.com</c>).</param>
/// <param name="CertificateAuthorityData">The cluster's CA certificate, base64-encoded PEM, as EKS reports it.</param>
public sealed record KubeconfigCluster(string Name, string Arn, string Region, string Endpoint, string CertificateAuthorityData)
{
    /// <summary>The one-line command that writes the same entry into <c>~/.kube/config</c>.</summary>
    public string UpdateKubeconfigCommand => UpdateKubeconfig.Command(Region, Name);
}

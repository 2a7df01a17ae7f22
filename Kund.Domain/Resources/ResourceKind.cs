using System.Text.Json.Serialization;

namespace Kund.Domain.Resources;

/// <summary>The kinds of cloud resource Kund manages; names are part of the API contract.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ResourceKind>))]
public enum ResourceKind
{
    Vpc,
    Subnet,
    InternetGateway,
    ElasticIp,
    NatGateway,
    RouteTable,
    IamRole,
    IamRolePolicyAttachment,
    EksCluster,
    EksNodeGroup,
    EksAddon,
    EksAccessEntry,

    /// <summary>A destroy's sweep of the load balancers Kubernetes made for the cluster (not a resource Kund made).</summary>
    KubernetesLoadBalancers,

    /// <summary>A destroy's sweep of the security groups those load balancers used, once AWS released their interfaces.</summary>
    KubernetesSecurityGroups,

    /// <summary>A destroy's last step: proof that nothing of the environment is left in the cloud.</summary>
    TeardownCheck,
}

/// <summary>The recorded state of one resource node; names are part of the API contract.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ResourceState>))]
public enum ResourceState
{
    Pending,
    Creating,
    Created,
    Deleting,
    Deleted,
    Failed,
}

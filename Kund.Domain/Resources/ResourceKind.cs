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

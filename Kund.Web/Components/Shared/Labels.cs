using System.Globalization;
using Kund.Domain.Environments;
using Kund.Domain.Resources;

namespace Kund.Web.Components.Shared;

/// <summary>The words a person reads for Kund's statuses, states and kinds: the one place that turns an enum into text.</summary>
public static class Labels
{
    public static string Of(EnvironmentStatus status) => status switch
    {
        EnvironmentStatus.Draft => "Draft",
        EnvironmentStatus.PendingApproval => "Pending approval",
        EnvironmentStatus.Approved => "Approved",
        EnvironmentStatus.Rejected => "Rejected",
        EnvironmentStatus.Cancelled => "Cancelled",
        EnvironmentStatus.Provisioning => "Provisioning",
        EnvironmentStatus.Ready => "Ready",
        EnvironmentStatus.Updating => "Updating",
        EnvironmentStatus.Failed => "Failed",
        EnvironmentStatus.Destroying => "Destroying",
        EnvironmentStatus.Destroyed => "Destroyed",
        EnvironmentStatus.HandedOver => "Handed over to Terraform",
    };

    public static string Of(ResourceState state) => state switch
    {
        ResourceState.Pending => "Pending",
        ResourceState.Creating => "Creating",
        ResourceState.Created => "Created",
        ResourceState.Deleting => "Deleting",
        ResourceState.Deleted => "Deleted",
        ResourceState.Failed => "Failed",
    };

    public static string Of(ResourceKind kind) => kind switch
    {
        ResourceKind.Vpc => "VPC",
        ResourceKind.Subnet => "Subnet",
        ResourceKind.InternetGateway => "Internet gateway",
        ResourceKind.ElasticIp => "Elastic IP",
        ResourceKind.NatGateway => "NAT gateway",
        ResourceKind.RouteTable => "Route table",
        ResourceKind.IamRole => "IAM role",
        ResourceKind.IamRolePolicyAttachment => "IAM policy attachment",
        ResourceKind.EksCluster => "EKS cluster",
        ResourceKind.EksNodeGroup => "EKS node group",
        ResourceKind.EksAddon => "EKS add-on",
        ResourceKind.EksAccessEntry => "EKS access entry",
        ResourceKind.KubernetesLoadBalancers => "Load balancers Kubernetes made",
        ResourceKind.KubernetesSecurityGroups => "Security groups Kubernetes made",
        ResourceKind.TeardownCheck => "Nothing-left check",
    };

    /// <summary>"4 min left", "40 s left": how long a run should still take, rounded the way a person says it.</summary>
    public static string TimeLeft(TimeSpan remaining) => remaining switch
    {
        { TotalSeconds: < 1 } => "almost done",
        { TotalSeconds: < 60 } => string.Create(CultureInfo.InvariantCulture, $"about {Math.Ceiling(remaining.TotalSeconds):0} s left"),
        { TotalMinutes: < 90 } => string.Create(CultureInfo.InvariantCulture, $"about {Math.Ceiling(remaining.TotalMinutes):0} min left"),
        _ => string.Create(CultureInfo.InvariantCulture, $"about {remaining.TotalHours:0.#} h left"),
    };
}

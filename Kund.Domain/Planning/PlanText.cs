using System.Globalization;
using System.Text;
using Kund.Domain.Execution;
using Kund.Domain.Json;
using Kund.Domain.Resources;

namespace Kund.Domain.Planning;

/// <summary>
/// Renders a plan the way terraform prints one: a block per resource that changes, creates marked
/// <c>+</c> and deletions <c>-</c> so they stand out, no-ops summed up in one line.
/// </summary>
internal static class PlanText
{
    public static string Render(
        ResourceGraph graph,
        IReadOnlyList<PlannedAction> actions,
        PlanSummary summary,
        IReadOnlyDictionary<string, RecordedResource> recorded,
        bool destroy)
    {
        var text = new StringBuilder();
        var work = actions.Where(a => a.Action != PlanAction.Noop).ToList();
        if (work.Count == 0)
        {
            text.AppendLine("No changes. Nothing to do.");
        }
        else
        {
            text.AppendLine(destroy
                ? "Kund will destroy the following resources, dependents first:"
                : "Kund will create the following resources, dependencies first:");
            text.AppendLine("  + create    - destroy    ~ update");
        }

        foreach (var action in work)
        {
            text.AppendLine();
            AppendBlock(text, graph[action.Key], action, recorded.GetValueOrDefault(action.Key));
        }

        var unchanged = actions.Where(a => a.Action == PlanAction.Noop).ToList();
        if (unchanged.Count > 0)
        {
            text.AppendLine();
            text.AppendLine(CultureInfo.InvariantCulture, $"  # {unchanged.Count} unchanged:");
            foreach (var action in unchanged)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"      {action.Key}: {action.Reason}");
            }
        }

        text.AppendLine();
        text.Append(CultureInfo.InvariantCulture, $"Plan: {summary.Add} to add, {summary.Change} to change, {summary.Destroy} to destroy.");
        return text.ToString();
    }

    private static void AppendBlock(StringBuilder text, ResourceNode node, PlannedAction action, RecordedResource? recorded)
    {
        var (symbol, headline) = action.Action switch
        {
            PlanAction.Create when recorded is { State: ResourceState.Creating, Resource: { } resource } =>
                ("+", $"is being created ({resource.CloudId}); Kund will wait until it is ready"),
            PlanAction.Create => ("+", "will be created"),
            PlanAction.Update => ("~", "will be updated in-place"),
            PlanAction.Replace => ("-/+", "must be replaced"),
            PlanAction.Delete => ("-", "will be destroyed"),
            PlanAction.Noop => (" ", "is unchanged"),
        };
        text.AppendLine(CultureInfo.InvariantCulture, $"  # {action.Key} {headline}");
        text.AppendLine(CultureInfo.InvariantCulture, $"  {symbol} resource \"{action.Kind}\" \"{action.Key}\" {{");

        var attributes = new List<(string Name, string Value)>();
        if (action.Action == PlanAction.Delete && recorded?.Resource is { } existing)
        {
            attributes.Add(("id", Quote(existing.CloudId)));
            if (existing.Arn is { } arn)
            {
                attributes.Add(("arn", Quote(arn)));
            }
        }

        attributes.AddRange(Attributes(node.Desired));
        var orderName = action.Action == PlanAction.Delete ? "deleted_after" : "depends_on";
        var width = attributes.Select(a => a.Name.Length).Append(orderName.Length).Max();
        foreach (var (name, value) in attributes)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"      {symbol} {name.PadRight(width)} = {value}");
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"        {orderName.PadRight(width)} = [{string.Join(", ", action.DependsOn)}]");
        text.AppendLine("    }");
    }

    private static IEnumerable<(string Name, string Value)> Attributes(ResourceDesired desired) => desired switch
    {
        VpcDesired vpc =>
        [
            ("cidr", Quote(vpc.Cidr)),
            ("tenancy", Quote(Name(vpc.Tenancy))),
            ("enable_dns_support", Bool(vpc.EnableDnsSupport)),
            ("enable_dns_hostnames", Bool(vpc.EnableDnsHostnames)),
        ],
        SubnetDesired subnet =>
        [
            ("name", Quote(subnet.Name)),
            ("cidr", Quote(subnet.Cidr)),
            ("availability_zone", Quote(subnet.AvailabilityZone)),
            ("tier", Quote(Name(subnet.Tier))),
            .. subnet.Tags is { Count: > 0 } tags ? [("tags", List(tags.Select(t => $"{Quote(t.Key)} = {Quote(t.Value)}")))] : Array.Empty<(string, string)>(),
        ],
        InternetGatewayDesired => [("attached_to", ResourceKeys.Vpc)],
        ElasticIpDesired eip => [("domain", Quote("vpc")), ("for_nat_in", Quote(eip.AvailabilityZone))],
        NatGatewayDesired nat =>
        [
            ("availability_zone", Quote(nat.AvailabilityZone)),
            ("connectivity", Quote("public")),
            ("subnet", nat.SubnetKey),
            ("allocation", nat.ElasticIpKey),
        ],
        RegionalNatGatewayDesired regional =>
        [
            ("availability_mode", Quote("regional")),
            ("connectivity", Quote("public")),
            ("vpc", regional.VpcKey),
            ("addresses", Quote("managed by AWS, one per zone")),
        ],
        RouteTableDesired table =>
        [
            ("name", Quote(table.Name)),
            ("routes", List(table.Routes.Select(r => $"{r.DestinationCidr} -> {r.TargetKey}"))),
            ("subnets", List(table.SubnetKeys)),
        ],
        IamRoleDesired role => [("name", Quote(role.RoleName)), ("assume_role_policy", Quote(role.AssumeRolePolicyDocument))],
        IamRolePolicyAttachmentDesired attachment => [("role", Quote(attachment.RoleName)), ("policy_arn", Quote(attachment.PolicyArn))],
        EksClusterDesired cluster =>
        [
            ("name", Quote(cluster.Name)),
            ("version", Quote(cluster.KubernetesVersion)),
            ("role", cluster.RoleArn is { } arn ? Quote(arn) : cluster.RoleKey ?? ""),
            ("subnets", List(cluster.SubnetKeys)),
            ("endpoint_public_access", Bool(cluster.EndpointPublicAccess)),
            ("endpoint_private_access", Bool(cluster.EndpointPrivateAccess)),
            ("public_access_cidrs", List(cluster.PublicAccessCidrs.Select(Quote))),
            ("logging", List(cluster.Logging.Select(Quote))),
            ("authentication_mode", Quote(cluster.AuthenticationMode ?? "CONFIG_MAP")),
            ("bootstrap_self_managed_addons", Bool(cluster.BootstrapSelfManagedAddons ?? true)),
            ("support_type", Quote(cluster.SupportType ?? "EXTENDED")),
            ("deletion_protection", Bool(cluster.DeletionProtection)),
            .. cluster.AutoMode ? [("auto_mode", "compute, load balancing, block storage"), ("auto_mode_node_role", cluster.AutoModeNodeRoleKey ?? Quote(cluster.AutoModeNodeRoleArn ?? ""))] : Array.Empty<(string, string)>(),
        ],
        EksNodeGroupDesired group =>
        [
            ("name", Quote(group.Name)),
            ("cluster", group.ClusterKey),
            ("node_role", group.NodeRoleArn is { } nodeRoleArn ? Quote(nodeRoleArn) : group.NodeRoleKey),
            ("subnets", List(group.SubnetKeys)),
            ("instance_types", List(group.InstanceTypes.Select(Quote))),
            ("capacity_type", Quote(group.CapacityType)),
            ("ami_type", Quote(group.AmiType)),
            ("disk_size", Number(group.DiskSize)),
            ("scaling", $"min {Number(group.MinSize)}, desired {Number(group.DesiredSize)}, max {Number(group.MaxSize)}"),
            .. group.Labels.Count > 0 ? [("labels", List(group.Labels.Select(l => $"{Quote(l.Key)} = {Quote(l.Value)}")))] : Array.Empty<(string, string)>(),
        ],
        EksAddonDesired addon =>
        [
            ("name", Quote(addon.AddonName)),
            ("cluster", addon.ClusterKey),
            ("version", addon.Version is { } version ? Quote(version) : "(newest compatible)"),
        ],
        EksAccessEntryDesired entry =>
        [
            ("principal_arn", Quote(entry.PrincipalArn)),
            ("cluster", entry.ClusterKey),
            ("policy_arn", Quote(entry.AccessPolicyArn)),
            ("scope", entry.Namespaces.Count == 0 ? Quote("cluster") : $"namespaces {List(entry.Namespaces.Select(Quote))}"),
        ],
        _ => [],
    };

    private static string Quote(string value) => $"\"{value.Replace("\"", "\\\"", StringComparison.Ordinal)}\"";

    private static string Bool(bool value) => value ? "true" : "false";

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string List(IEnumerable<string> items) => $"[{string.Join(", ", items)}]";

    private static string Name<T>(T value)
        where T : struct, Enum =>
        EnumNames.NameOf(value) ?? throw new ArgumentOutOfRangeException(nameof(value), value, $"{typeof(T).Name} has no such member.");
}

using Amazon.EC2;
using Amazon.EC2.Model;
using Kund.Domain.Execution;
using Kund.Domain.Resources;
using Kund.Infrastructure.Aws.Errors;
using Kund.Infrastructure.Aws.Waiting;

namespace Kund.Infrastructure.Aws.Drivers;

/// <summary>
/// A public NAT gateway: zonal, in its public subnet with its Elastic IP, or regional, of the VPC with the
/// addresses AWS manages (docs/aws-behaviour.md, "Regional NAT gateways"). CreateNatGateway carries a
/// deterministic ClientToken, so a repeated create returns the same gateway. Waiting (available, then
/// deleted) goes through the process-wide <see cref="NatGatewayStatusPoller"/>.
/// </summary>
public sealed partial class NatGatewayDriver(AwsClients clients, NatGatewayStatusPoller poller, TimeProvider timeProvider) : AwsDriver
{
    public override ResourceKind Kind => ResourceKind.NatGateway;

    protected override async Task<CloudResource?> FindCoreAsync(ResourceContext context, CancellationToken cancellationToken)
    {
        var response = await clients.Ec2(context.Environment.Region).DescribeNatGatewaysAsync(
            new DescribeNatGatewaysRequest
            {
                Filter = [.. KundTags.Ec2Filters(context), new Filter("state", ["pending", "available"])],
            },
            cancellationToken);
        var gateway = response.NatGateways?.FirstOrDefault();
        return gateway is null ? null : ToResource(gateway, null);
    }

    protected override async Task<CloudResource> CreateCoreAsync(ResourceContext context, CancellationToken cancellationToken)
    {
        var requestedAt = OperationClock.Stamp(timeProvider);
        var ec2 = clients.Ec2(context.Environment.Region);
        var token = KundTags.ClientToken(context);
        var (newRequest, parameters) = RequestFor(context);
        CreateNatGatewayResponse response;
        for (var attempt = 1; ; attempt++)
        {
            var request = newRequest();
            request.ConnectivityType = ConnectivityType.Public;
            request.ClientToken = token;
            request.TagSpecifications = KundTags.Ec2Specification(context, ResourceType.Natgateway);
            try
            {
                response = await ec2.CreateNatGatewayAsync(request, cancellationToken);
            }
            catch (AmazonEC2Exception exception) when (exception.ErrorCode == "IdempotentParameterMismatch" && attempt < 5)
            {
                // The token made a gateway of an earlier generation (destroyed since, with its subnet or
                // address), and EC2 remembers it for a day: this generation's token derives from its parameters.
                token = KundTags.ClientToken(context, parameters);
                continue;
            }

            // The token returns the gateway it first made, even a failed one. A node retried after a
            // failure needs a new gateway, so the next token is derived from the failed gateway's id:
            // still deterministic, so a repeated attempt lands on the same replacement.
            var state = response.NatGateway.State;
            if (attempt >= 5 || (state != NatGatewayState.Failed && state != NatGatewayState.Deleting && state != NatGatewayState.Deleted))
            {
                break;
            }

            token = KundTags.ClientToken(context, response.NatGateway.NatGatewayId);
        }

        return ToResource(response.NatGateway, requestedAt);
    }

    /// <summary>
    /// What the node asks for, and the text of those parameters for a token of this generation. A zonal
    /// gateway: its subnet and Elastic IP. A regional one: its VPC in automatic mode, so AWS picks the zones
    /// and allocates (and at deletion releases) the addresses.
    /// </summary>
    private static (Func<CreateNatGatewayRequest> Request, string Parameters) RequestFor(ResourceContext context)
    {
        if (context.Node.Desired is RegionalNatGatewayDesired regional)
        {
            var vpcId = context.Dependency(regional.VpcKey).CloudId;
            return (() => new CreateNatGatewayRequest { VpcId = vpcId, AvailabilityMode = AvailabilityMode.Regional }, $"regional|{vpcId}");
        }

        var desired = context.Desired<NatGatewayDesired>();
        var subnetId = context.Dependency(desired.SubnetKey).CloudId;
        var allocationId = context.Dependency(desired.ElasticIpKey).CloudId;
        return (() => new CreateNatGatewayRequest { SubnetId = subnetId, AllocationId = allocationId }, $"{subnetId}|{allocationId}");
    }

    protected override async Task<CloudResource> WaitUntilReadyCoreAsync(ResourceContext context, CloudResource resource, CancellationToken cancellationToken)
    {
        var region = context.Environment.Region;
        var schedule = PollSchedule.For(clients.Options.ExpectedDurations.NatGatewayCreate, clients.Options.EffectiveTimeScale);
        var gateway = await WaitForAsync(region, resource, schedule, IsAvailable, cancellationToken);
        return ToResource(gateway, resource.Attribute(OperationClock.RequestedAt));
    }

    protected override async Task DeleteCoreAsync(ResourceContext context, CloudResource resource, CancellationToken cancellationToken)
    {
        var region = context.Environment.Region;
        var requestedAt = OperationClock.Stamp(timeProvider);
        if (!await NotFound.IgnoreAsync(() => clients.Ec2(region).DeleteNatGatewayAsync(new DeleteNatGatewayRequest { NatGatewayId = resource.CloudId }, cancellationToken)))
        {
            return;
        }

        var deleting = resource with { Attributes = new Dictionary<string, string>(resource.Attributes) { [OperationClock.RequestedAt] = requestedAt } };
        var schedule = PollSchedule.For(clients.Options.ExpectedDurations.NatGatewayDelete, clients.Options.EffectiveTimeScale);
        await WaitForAsync(region, deleting, schedule, IsDeleted, cancellationToken);
    }

    /// <summary>Available → done; failed → permanent with the gateway's FailureMessage.</summary>
    private static bool IsAvailable(NatGateway? gateway)
    {
        if (gateway is null)
        {
            throw new CloudOperationException(CloudErrorKind.Permanent, "NatGatewayNotFound", "The NAT gateway disappeared while Kund waited for it to become available.");
        }

        if (gateway.State == NatGatewayState.Failed)
        {
            throw new CloudOperationException(CloudErrorKind.Permanent, gateway.FailureCode ?? "NatGatewayFailed", gateway.FailureMessage ?? $"NAT gateway {gateway.NatGatewayId} failed.");
        }

        return gateway.State == NatGatewayState.Available;
    }

    private static bool IsDeleted(NatGateway? gateway) => gateway is null || gateway.State == NatGatewayState.Deleted;

    private async Task<NatGateway> WaitForAsync(string region, CloudResource resource, PollSchedule schedule, Func<NatGateway?, bool> done, CancellationToken cancellationToken)
    {
        var startedAt = OperationClock.StartedAt(resource);
        if (startedAt is null)
        {
            // Adopted or resumed without a start time: look once right away, then plan from now.
            var now = await poller.GetAsync(region, resource.CloudId, cancellationToken);
            if (done(now))
            {
                return now ?? Gone(resource);
            }
        }

        return await Waiter.PollAsync(
            schedule,
            timeProvider,
            startedAt ?? timeProvider.GetUtcNow(),
            async ct =>
            {
                var gateway = await poller.GetAsync(region, resource.CloudId, ct);
                return done(gateway) ? gateway ?? Gone(resource) : null;
            },
            cancellationToken);
    }

    private static NatGateway Gone(CloudResource resource) => new() { NatGatewayId = resource.CloudId, State = NatGatewayState.Deleted };

    private static CloudResource ToResource(NatGateway gateway, string? requestedAt)
    {
        var attributes = new Dictionary<string, string>
        {
            ["state"] = gateway.State?.Value ?? "",
        };
        if (gateway.AvailabilityMode == AvailabilityMode.Regional)
        {
            // The addresses are AWS's (automatic mode): recorded to show, never to release.
            attributes["availabilityMode"] = "regional";
            attributes["vpcId"] = gateway.VpcId ?? "";
            attributes["publicIps"] = string.Join(",", (gateway.NatGatewayAddresses ?? []).Select(a => a.PublicIp).OfType<string>());
        }
        else
        {
            attributes["subnetId"] = gateway.SubnetId ?? "";
            var address = gateway.NatGatewayAddresses?.FirstOrDefault();
            if (address is not null)
            {
                attributes["allocationId"] = address.AllocationId ?? "";
                attributes["publicIp"] = address.PublicIp ?? "";
            }
        }

        if ((requestedAt ?? OperationClock.Stamp(gateway.CreateTime)) is { } started)
        {
            attributes[OperationClock.RequestedAt] = started;
        }

        return new CloudResource(gateway.NatGatewayId, null, attributes);
    }
}

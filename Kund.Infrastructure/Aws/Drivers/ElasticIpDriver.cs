using Amazon.EC2;
using Amazon.EC2.Model;
using Kund.Domain.Execution;
using Kund.Domain.Resources;
using Kund.Infrastructure.Aws.Errors;

namespace Kund.Infrastructure.Aws.Drivers;

/// <summary>
/// The Elastic IP (domain vpc) of a NAT gateway. It bills until released, so a release refused
/// because the address is still in use is <see cref="CloudErrorKind.Transient"/>: the executor retries
/// (its NAT gateway is being deleted) until the node's deadline instead of failing and leaking the address.
/// <c>AuthFailure</c> is not among those codes: it is a real permission failure and fails at once with AWS's message.
/// </summary>
public sealed partial class ElasticIpDriver(AwsClients clients) : AwsDriver
{
    private static readonly HashSet<string> InUseCodes = new(StringComparer.Ordinal)
    {
        "InvalidIPAddress.InUse",
        "InvalidAddress.Locked",
        "DependencyViolation",
    };

    public override ResourceKind Kind => ResourceKind.ElasticIp;

    protected override async Task<CloudResource?> FindCoreAsync(ResourceContext context, CancellationToken cancellationToken)
    {
        var response = await clients.Ec2(context.Environment.Region).DescribeAddressesAsync(new DescribeAddressesRequest { Filters = KundTags.Ec2Filters(context) }, cancellationToken);
        var address = response.Addresses?.FirstOrDefault();
        return address is null ? null : ToResource(address.AllocationId, address.PublicIp);
    }

    protected override async Task<CloudResource> CreateCoreAsync(ResourceContext context, CancellationToken cancellationToken)
    {
        var response = await clients.Ec2(context.Environment.Region).AllocateAddressAsync(
            new AllocateAddressRequest { Domain = DomainType.Vpc, TagSpecifications = KundTags.Ec2Specification(context, ResourceType.ElasticIp) },
            cancellationToken);
        return ToResource(response.AllocationId, response.PublicIp);
    }

    protected override async Task DeleteCoreAsync(ResourceContext context, CloudResource resource, CancellationToken cancellationToken)
    {
        try
        {
            await NotFound.IgnoreAsync(() => clients.Ec2(context.Environment.Region).ReleaseAddressAsync(new ReleaseAddressRequest { AllocationId = resource.CloudId }, cancellationToken));
        }
        catch (AmazonEC2Exception exception) when (exception.ErrorCode is not null && InUseCodes.Contains(exception.ErrorCode))
        {
            throw new CloudOperationException(CloudErrorKind.Transient, exception.ErrorCode, exception.Message, exception);
        }
    }

    private static CloudResource ToResource(string allocationId, string? publicIp) =>
        new(allocationId, null, new Dictionary<string, string> { ["publicIp"] = publicIp ?? "" });
}

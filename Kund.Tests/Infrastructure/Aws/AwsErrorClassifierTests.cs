using System.Net;
using Amazon.EC2;
using Amazon.Runtime;
using Kund.Domain.Execution;
using Kund.Infrastructure.Aws.Eks;
using Kund.Infrastructure.Aws.Errors;
using Kund.Infrastructure.Aws.Iam;

namespace Kund.Tests.Infrastructure.Aws;

public sealed class AwsErrorClassifierTests
{
    public static TheoryData<string, int, string, CloudErrorKind> ServiceErrors => new()
    {
        { "RequestLimitExceeded", 503, "Request limit exceeded.", CloudErrorKind.Throttled },
        { "Throttling", 400, "Rate exceeded", CloudErrorKind.Throttled },
        { "ThrottlingException", 400, "Rate exceeded", CloudErrorKind.Throttled },
        { "TooManyRequestsException", 429, "Too many requests", CloudErrorKind.Throttled },
        { "InternalError", 500, "An internal error has occurred", CloudErrorKind.Transient },
        { "ServiceUnavailableException", 503, "Service unavailable", CloudErrorKind.Transient },
        { "Unavailable", 503, "Unavailable", CloudErrorKind.Transient },
        { "InvalidParameterException", 400, "Role with arn: arn:aws:iam::1:role/r, could not be assumed because it does not exist or the trusted entity is not correct", CloudErrorKind.NotYetConsistent },
        { "InvalidParameterException", 400, "Error in role params", CloudErrorKind.NotYetConsistent },
        { "InvalidParameterException", 400, "Subnets specified must be in at least two different AZs", CloudErrorKind.Permanent },
        { "DependencyViolation", 400, "The vpc 'vpc-1' has dependencies and cannot be deleted.", CloudErrorKind.Permanent },
        { "EntityAlreadyExists", 409, "Role with name r already exists.", CloudErrorKind.Permanent },
        { "VpcLimitExceeded", 400, "The maximum number of VPCs has been reached.", CloudErrorKind.Permanent },
        { "AccessDenied", 403, "User is not authorized", CloudErrorKind.Permanent },
    };

    [Theory]
    [MemberData(nameof(ServiceErrors))]
    public void Classify_ServiceError_MapsToKindKeepingCodeAndMessage(string code, int status, string message, CloudErrorKind expected)
    {
        Exception[] sources =
        [
            new AmazonEC2Exception(message, ErrorType.Sender, code, "req", (HttpStatusCode)status),
            new IamServiceException(message, code, "req", (HttpStatusCode)status),
            new EksServiceException(message, code, "req", (HttpStatusCode)status),
        ];

        foreach (var source in sources)
        {
            var classified = AwsErrorClassifier.Classify(source);

            Assert.Equal(expected, classified.Kind);
            Assert.Equal(code, classified.Code);
            Assert.Equal(message, classified.Message);
            Assert.Same(source, classified.InnerException);
            Assert.Equal(expected == CloudErrorKind.NotYetConsistent ? TimeSpan.FromMinutes(2) : null, classified.RetryWindow);
        }
    }

    [Fact]
    public void Classify_HttpRequestException_IsTransient()
    {
        var classified = AwsErrorClassifier.Classify(new HttpRequestException("Connection refused"));

        Assert.Equal(CloudErrorKind.Transient, classified.Kind);
    }

    [Fact]
    public void Classify_Timeout_IsTransient()
    {
        Assert.Equal(CloudErrorKind.Transient, AwsErrorClassifier.Classify(new TaskCanceledException("The request was canceled due to the configured HttpClient.Timeout")).Kind);
        Assert.Equal(CloudErrorKind.Transient, AwsErrorClassifier.Classify(new AmazonClientException("send failed", new HttpRequestException("reset"))).Kind);
    }

    [Fact]
    public void IsCloudError_CallerCancellation_IsNotACloudError()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.False(AwsErrorClassifier.IsCloudError(new OperationCanceledException(cancelled.Token), cancelled.Token));
        Assert.False(AwsErrorClassifier.IsCloudError(new InvalidOperationException("bug"), CancellationToken.None));
        Assert.True(AwsErrorClassifier.IsCloudError(new HttpRequestException("reset"), CancellationToken.None));
    }
}

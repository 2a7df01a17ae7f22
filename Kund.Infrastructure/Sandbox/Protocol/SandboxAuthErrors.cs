using System.Net;

namespace Kund.Infrastructure.Sandbox.Protocol;

/// <summary>How each service words a request it cannot authenticate or parse.</summary>
internal static class SandboxAuthErrors
{
    public static SandboxException For(string service, bool headerPresent) => (service, headerPresent) switch
    {
        ("ec2", false) => new("AuthFailure", "AWS was not able to validate the provided access credentials", HttpStatusCode.Unauthorized),
        ("iam", false) => new("MissingAuthenticationToken", "Request is missing Authentication Token", HttpStatusCode.Forbidden),
        ("eks", false) => new("MissingAuthenticationTokenException", "Missing Authentication Token", HttpStatusCode.Forbidden),
        ("eks", true) => new("IncompleteSignatureException", Incomplete, HttpStatusCode.Forbidden),
        _ => new("IncompleteSignature", Incomplete, HttpStatusCode.BadRequest),
    };

    /// <summary>A request to the sandbox endpoint without a signature (or with a malformed one): no service is known yet.</summary>
    public static SandboxException Unsigned(bool headerPresent) => headerPresent
        ? new("IncompleteSignature", Incomplete, HttpStatusCode.BadRequest)
        : new("MissingAuthenticationToken", "Request is missing Authentication Token", HttpStatusCode.Forbidden);

    /// <summary>An access key the sandbox does not know, worded as each service words it.</summary>
    public static SandboxException UnknownKey(string service) => service switch
    {
        "ec2" => new("AuthFailure", "AWS was not able to validate the provided access credentials", HttpStatusCode.Unauthorized),
        // The JSON services (EKS's REST-JSON, the Tagging API's JSON 1.1) word it alike.
        "eks" or "tagging" => new("UnrecognizedClientException", "The security token included in the request is invalid.", HttpStatusCode.Forbidden),
        _ => new("InvalidClientTokenId", "The security token included in the request is invalid.", HttpStatusCode.Forbidden),
    };

    /// <summary>A signature that is not the one the sandbox's secret gives (EC2 does not tell this from an unknown key).</summary>
    public static SandboxException BadSignature(string service) => service switch
    {
        "ec2" => UnknownKey(service),
        "eks" or "tagging" => new("InvalidSignatureException", SignatureMismatch, HttpStatusCode.Forbidden),
        _ => new("SignatureDoesNotMatch", SignatureMismatch, HttpStatusCode.Forbidden),
    };

    private const string SignatureMismatch =
        "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. " +
        "Consult the service documentation for details.";

    public static SandboxException BadRegion(string service, string region) => new(
        service is "eks" or "tagging" ? "InvalidSignatureException" : "SignatureDoesNotMatch",
        $"Credential should be scoped to a valid region, not '{region}'.",
        HttpStatusCode.Forbidden);

    public static SandboxException Malformed(string service, string detail) => service switch
    {
        "ec2" => new("InvalidParameterValue", detail),
        "iam" => new("ValidationError", detail),
        _ => new("InvalidParameterException", detail),
    };

    private const string Incomplete =
        "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. " +
        "Authorization header requires 'SignedHeaders' parameter.";
}

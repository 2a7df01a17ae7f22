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

    public static SandboxException BadRegion(string service, string region) => new(
        service == "eks" ? "InvalidSignatureException" : "SignatureDoesNotMatch",
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

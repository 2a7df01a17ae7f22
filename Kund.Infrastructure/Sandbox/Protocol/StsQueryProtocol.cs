using System.Net;
using System.Text;
using System.Xml.Linq;

namespace Kund.Infrastructure.Sandbox.Protocol;

/// <summary>
/// STS over the Query protocol (version 2011-06-15), its one call a tool makes first: <c>GetCallerIdentity</c>.
/// The sandbox's key is the account's root, so the caller is <c>arn:aws:iam::{account}:root</c>.
/// </summary>
internal sealed class StsQueryProtocol(SandboxCloud cloud) : ISandboxProtocol
{
    private static readonly XNamespace Ns = "https://sts.amazonaws.com/doc/2011-06-15/";

    public string? OperationOf(SandboxRequest request) =>
        QueryParameters.Parse(request.Query, request.Body).Action is "GetCallerIdentity" ? "GetCallerIdentity" : null;

    public HttpResponseMessage UnknownOperation(SandboxRequest request)
    {
        var action = QueryParameters.Parse(request.Query, request.Body).Action;
        return Error(new SandboxException("InvalidAction", $"Could not find operation {action} for version 2011-06-15"), request);
    }

    public HttpResponseMessage Error(SandboxException error, SandboxRequest request) => Xml(
        error.Status,
        new XElement(
            Ns + "ErrorResponse",
            E("Error", E("Type", (int)error.Status >= 500 ? "Receiver" : "Sender"), E("Code", error.Code), E("Message", error.Message)),
            E("RequestId", request.RequestId)));

    public HttpResponseMessage Execute(string operation, SandboxRequest request) => Xml(
        HttpStatusCode.OK,
        E(
            "GetCallerIdentityResponse",
            E("GetCallerIdentityResult", E("Arn", $"arn:aws:iam::{cloud.AccountId}:root"), E("UserId", cloud.AccountId), E("Account", cloud.AccountId)),
            E("ResponseMetadata", E("RequestId", request.RequestId))));

    private static XElement E(string name, params object?[] content) => new(Ns + name, content);

    private static HttpResponseMessage Xml(HttpStatusCode status, XElement root) => new(status)
    {
        Content = new StringContent(root.ToString(SaveOptions.DisableFormatting), Encoding.UTF8, "text/xml"),
    };
}

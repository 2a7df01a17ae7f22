using System.Globalization;
using System.Net;
using System.Text;
using System.Xml.Linq;

namespace Kund.Infrastructure.Sandbox.Protocol;

/// <summary>Builds EC2 Query API XML (namespace <c>http://ec2.amazonaws.com/doc/2016-11-15/</c>).</summary>
internal static class Ec2Xml
{
    public static readonly XNamespace Ns = "http://ec2.amazonaws.com/doc/2016-11-15/";

    public static XElement E(string name, params object?[] content) => new(Ns + name, content);

    /// <summary>A list element: <c>&lt;name&gt;&lt;item&gt;…&lt;/item&gt;…&lt;/name&gt;</c>.</summary>
    public static XElement Set<T>(string name, IEnumerable<T> items, Func<T, object?[]> item) =>
        E(name, items.Select(i => E("item", item(i))).ToArray());

    public static XElement TagSet(IReadOnlyDictionary<string, string> tags) =>
        Set("tagSet", tags.OrderBy(t => t.Key, StringComparer.Ordinal), t => [E("key", t.Key), E("value", t.Value)]);

    public static string Bool(bool value) => value ? "true" : "false";

    public static string Time(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public static HttpResponseMessage Response(string action, string requestId, params object?[] content) =>
        Xml(HttpStatusCode.OK, new XElement(Ns + $"{action}Response", E("requestId", requestId), content));

    public static HttpResponseMessage Return(string action, string requestId) => Response(action, requestId, E("return", "true"));

    /// <summary>EC2's error document: <c>&lt;Response&gt;&lt;Errors&gt;&lt;Error&gt;…&lt;/Errors&gt;&lt;RequestID&gt;</c>, no namespace.</summary>
    public static HttpResponseMessage Error(SandboxException error, string requestId) =>
        Xml(error.Status, new XElement(
            "Response",
            new XElement("Errors", new XElement("Error", new XElement("Code", error.Code), new XElement("Message", error.Message))),
            new XElement("RequestID", requestId)));

    private static HttpResponseMessage Xml(HttpStatusCode status, XElement root) => new(status)
    {
        Content = new StringContent(new XDocument(new XDeclaration("1.0", "UTF-8", null), root).Declaration + root.ToString(SaveOptions.DisableFormatting), Encoding.UTF8, "text/xml"),
    };
}

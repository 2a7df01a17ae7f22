using Kund.Web.Identity;
using Microsoft.AspNetCore.Http;

namespace Kund.Tests.Web.Identity;

/// <summary>Which credential a request is judged by: the API takes tokens only, hubs a token (header or query) or the cookie.</summary>
public class SchemeSelectionTests
{
    [Theory]
    [InlineData("/api/me", "", null, KundSchemes.Token)]
    [InlineData("/api/me", "?access_token=kund_pat_x", null, KundSchemes.Token)]
    [InlineData("/hubs/provisioning", "?access_token=kund_pat_x", null, KundSchemes.Token)]
    [InlineData("/hubs/provisioning/negotiate", "", "Bearer kund_pat_x", KundSchemes.Token)]
    [InlineData("/hubs/provisioning", "", null, KundSchemes.Cookie)]
    [InlineData("/account/profile", "", "Bearer kund_pat_x", KundSchemes.Cookie)]
    [InlineData("/", "?access_token=kund_pat_x", null, KundSchemes.Cookie)]
    public void Select_Request_Scheme(string path, string query, string? authorization, string expected)
    {
        var context = Request(path, query, authorization);

        Assert.Equal(expected, KundSchemes.Select(context));
    }

    [Theory]
    [InlineData("/api/me", "?access_token=kund_pat_q", null, null)]
    [InlineData("/hubs/provisioning", "?access_token=kund_pat_q", null, "kund_pat_q")]
    [InlineData("/hubs/provisioning", "?access_token=kund_pat_q", "Bearer kund_pat_h", "kund_pat_h")]
    [InlineData("/api/me", "", "bearer  kund_pat_h ", "kund_pat_h")]
    [InlineData("/api/me", "", "Basic YWxpY2U6cHc=", null)]
    public void ReadToken_HeaderOrHubQuery_Token(string path, string query, string? authorization, string? expected)
    {
        var context = Request(path, query, authorization);

        Assert.Equal(expected, ApiTokenAuthenticationHandler.ReadToken(context.Request));
    }

    private static DefaultHttpContext Request(string path, string query, string? authorization)
    {
        var context = new DefaultHttpContext();
        context.Request.Path = path;
        context.Request.QueryString = new QueryString(query.Length == 0 ? null : query);
        if (authorization is not null)
        {
            context.Request.Headers.Authorization = authorization;
        }

        return context;
    }
}

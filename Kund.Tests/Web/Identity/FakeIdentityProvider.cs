using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Kund.Tests.Web.Identity;

/// <summary>
/// An OpenID Connect provider on the OIDC handler's back channel: discovery, keys, a token endpoint that
/// checks the PKCE verifier, userinfo. The browser half (authorize) is played by the test.
/// </summary>
public sealed class FakeIdentityProvider : HttpMessageHandler
{
    public const string Issuer = "https://idp.test";
    public const string ClientId = "kund";
    public const string ClientSecret = "s3cret";

    private readonly RSA rsa = RSA.Create(2048);
    private readonly ConcurrentDictionary<string, (string Nonce, string Challenge, Dictionary<string, object> Claims)> codes = new();

    /// <summary>Whether a code was redeemed with a verifier that matched its challenge.</summary>
    public bool PkceVerified { get; private set; }

    /// <summary>The user "signs in" at the provider: a code for the authorize request's nonce and PKCE challenge.</summary>
    public void Issue(string code, string nonce, string challenge, Dictionary<string, object> claims) =>
        codes[code] = (nonce, challenge, claims);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var path = request.RequestUri!.AbsolutePath;
        return path switch
        {
            "/.well-known/openid-configuration" => Json(new Dictionary<string, object>
            {
                ["issuer"] = Issuer,
                ["authorization_endpoint"] = $"{Issuer}/authorize",
                ["token_endpoint"] = $"{Issuer}/token",
                ["userinfo_endpoint"] = $"{Issuer}/userinfo",
                ["jwks_uri"] = $"{Issuer}/jwks",
                ["response_types_supported"] = new List<string> { "code" },
                ["subject_types_supported"] = new List<string> { "public" },
                ["id_token_signing_alg_values_supported"] = new List<string> { "RS256" },
                ["code_challenge_methods_supported"] = new List<string> { "S256" },
            }),
            "/jwks" => Json(new { keys = new[] { Jwk() } }),
            "/token" => await TokenAsync(request, cancellationToken),
            "/userinfo" => Json(new { sub = "idp-user-1" }),
            _ => new HttpResponseMessage(HttpStatusCode.NotFound),
        };
    }

    private async Task<HttpResponseMessage> TokenAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var form = (await request.Content!.ReadAsStringAsync(cancellationToken)).Split('&')
            .Select(p => p.Split('=', 2)).ToDictionary(p => Uri.UnescapeDataString(p[0]), p => Uri.UnescapeDataString(p[1].Replace('+', ' ')));
        if (form.GetValueOrDefault("client_secret") != ClientSecret || !codes.TryRemove(form["code"], out var grant))
        {
            return new HttpResponseMessage(HttpStatusCode.BadRequest) { Content = new StringContent("""{"error":"invalid_grant"}""", Encoding.UTF8, "application/json") };
        }

        var challenge = Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(form.GetValueOrDefault("code_verifier") ?? "")));
        PkceVerified = challenge == grant.Challenge;
        if (!PkceVerified)
        {
            return new HttpResponseMessage(HttpStatusCode.BadRequest) { Content = new StringContent("""{"error":"invalid_grant"}""", Encoding.UTF8, "application/json") };
        }

        var claims = new Dictionary<string, object>(grant.Claims) { ["sub"] = "idp-user-1", ["nonce"] = grant.Nonce };
        var idToken = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = ClientId,
            Claims = claims,
            IssuedAt = DateTime.UtcNow,
            NotBefore = DateTime.UtcNow.AddMinutes(-1),
            Expires = DateTime.UtcNow.AddMinutes(5),
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(rsa) { KeyId = "k1" }, SecurityAlgorithms.RsaSha256),
        });
        return Json(new Dictionary<string, object> { ["access_token"] = "opaque", ["token_type"] = "Bearer", ["expires_in"] = 300, ["id_token"] = idToken });
    }

    private Dictionary<string, string> Jwk()
    {
        var parameters = rsa.ExportParameters(false);
        return new()
        {
            ["kty"] = "RSA",
            ["kid"] = "k1",
            ["use"] = "sig",
            ["alg"] = "RS256",
            ["n"] = Base64UrlEncoder.Encode(parameters.Modulus),
            ["e"] = Base64UrlEncoder.Encode(parameters.Exponent),
        };
    }

    private static HttpResponseMessage Json(object body) =>
        new(HttpStatusCode.OK) { Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json") };

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            rsa.Dispose();
        }

        base.Dispose(disposing);
    }
}

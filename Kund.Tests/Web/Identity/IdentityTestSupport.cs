using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Kund.Infrastructure.Identity;
using Kund.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Kund.Tests.Web.Identity;

/// <summary>Tokens and clients for the seeded sandbox users.</summary>
internal static partial class IdentityTestSupport
{
    public const string Alice = "alice@kund.dev";
    public const string Bob = "bob@kund.dev";
    public const string Carol = "carol@kund.dev";
    public const string Erin = "erin@kund.dev";
    public const string Dave = "dave@kund.dev";
    public const string Admin = "admin@kund.dev";

    public static async Task<CreatedApiToken> CreateTokenAsync(this KundAppFactory app, string email, int? expiresInDays = null, string? name = null)
    {
        _ = app.Server; // starts the host: migrations and demo users
        await using var scope = app.Services.CreateAsyncScope();
        var account = await scope.ServiceProvider.GetRequiredService<UserDirectory>().FindByEmailAsync(email, CancellationToken.None)
            ?? throw new InvalidOperationException($"no user {email}");
        return await scope.ServiceProvider.GetRequiredService<ApiTokens>()
            .CreateAsync(KundUser.FromAccount(account), email, name ?? "test", expiresInDays, CancellationToken.None);
    }

    public static async Task<KundUser> UserAsync(this KundAppFactory app, string email)
    {
        _ = app.Server;
        await using var scope = app.Services.CreateAsyncScope();
        var account = await scope.ServiceProvider.GetRequiredService<UserDirectory>().FindByEmailAsync(email, CancellationToken.None);
        return KundUser.FromAccount(account!);
    }

    public static HttpClient CreateBearerClient(this KundAppFactory app, string? token)
    {
        var client = app.CreateClient(new() { AllowAutoRedirect = false });
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    /// <summary>Signs in through the sign-in page's form, as a browser would (the client keeps cookies).</summary>
    public static async Task<HttpResponseMessage> SignInAsync(HttpClient client, string email, string returnUrl)
    {
        var token = AntiforgeryToken(await client.GetStringAsync("/account/sign-in"));
        return await client.PostAsync("/account/sign-in/sandbox", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["email"] = email,
            ["returnUrl"] = returnUrl,
            ["__RequestVerificationToken"] = token,
        }));
    }

    public static string AntiforgeryToken(string html) =>
        WebUtility.HtmlDecode(AntiforgeryInput().Match(html).Groups[1].Value);

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryInput();
}

using System.Net;
using System.Reflection;
using Kund.Tests.Support;
using Kund.Web.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using static Kund.Tests.Web.Identity.IdentityTestSupport;

namespace Kund.Tests.Web.Identity;

/// <summary>
/// Every endpoint and hub method of the running app is classified in <see cref="AuthorizationTable"/>, and
/// answers each caller as its class says: allowed, 401, 403, or 404 for another team's object.
/// </summary>
public class AuthorizationMatrixTests(RoomyAccountApp app) : IClassFixture<RoomyAccountApp>
{
    private static readonly Dictionary<Caller, string> Emails = new()
    {
        [Caller.Alice] = Alice,
        [Caller.Bob] = Bob,
        [Caller.Carol] = Carol,
        [Caller.Dave] = Dave,
        [Caller.Admin] = Admin,
    };

    [Fact]
    public void Endpoints_EveryOneOutsidePagesAndStaticFiles_IsClassified()
    {
        var classified = AuthorizationTable.Endpoints.Select(r => r.Name).ToHashSet();
        var unclassified = ClassifiableEndpoints().Select(e => e.Name).Where(n => !classified.Contains(n)).ToList();

        Assert.True(unclassified.Count == 0,
            $"Endpoints nobody classified (add a row to {nameof(AuthorizationTable)}): {string.Join(", ", unclassified)}");
    }

    [Fact]
    public void Table_EveryRow_NamesAnExistingEndpoint()
    {
        var existing = ClassifiableEndpoints().Select(e => e.Name).ToHashSet();
        var stale = AuthorizationTable.Endpoints.Select(r => r.Name).Where(n => !existing.Contains(n)).ToList();

        Assert.True(stale.Count == 0, $"Rows for endpoints that do not exist: {string.Join(", ", stale)}");
    }

    [Fact]
    public async Task Endpoints_EachCaller_AllowedOrDeniedAsClassified()
    {
        var tokens = new Dictionary<Caller, string?> { [Caller.Anonymous] = null };
        foreach (var (caller, email) in Emails)
        {
            tokens[caller] = (await app.CreateTokenAsync(email, name: "matrix")).Token;
        }

        var seed = new MatrixSeed(app);
        var failures = new List<string>();
        foreach (var row in AuthorizationTable.Endpoints)
        {
            foreach (var caller in Enum.GetValues<Caller>())
            {
                var call = row.Prepare is null ? new MatrixCall(row.Pattern) : await row.Prepare(seed, caller);
                using var client = app.CreateBearerClient(tokens[caller]);
                using var request = new HttpRequestMessage(row.Method == "*" ? HttpMethod.Get : new HttpMethod(row.Method), call.Path) { Content = call.Body };
                using var response = await client.SendAsync(request);
                var expected = MatrixRow.Expected(row.Access, caller);
                if ((int)response.StatusCode >= 500 || !MatrixRow.Matches(expected, response.StatusCode, row.Prepare is not null))
                {
                    failures.Add($"{row.Name} as {caller}: expected {expected}, got {(int)response.StatusCode}");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Fact]
    public void HubMethods_EveryOne_IsClassifiedAndCarriesItsPolicy()
    {
        var failures = new List<string>();
        foreach (var hub in typeof(Program).Assembly.GetTypes().Where(t => t.IsSubclassOf(typeof(Hub)) && !t.IsAbstract))
        {
            if (hub.GetCustomAttribute<AuthorizeAttribute>() is null)
            {
                failures.Add($"{hub.Name} has no [Authorize]: anonymous callers could connect.");
            }

            foreach (var method in hub.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly).Where(m => !m.IsSpecialName && m.GetBaseDefinition().DeclaringType == hub))
            {
                var name = $"{hub.Name}.{method.Name}";
                if (!AuthorizationTable.HubMethods.TryGetValue(name, out var access))
                {
                    failures.Add($"Hub method nobody classified: {name}");
                    continue;
                }

                var policies = method.GetCustomAttributes<AuthorizeAttribute>().Concat(hub.GetCustomAttributes<AuthorizeAttribute>())
                    .Select(a => a.Policy ?? KundPolicies.Authenticated).ToHashSet();
                var required = access switch
                {
                    Access.Requester or Access.OwnTeam => KundPolicies.Requester,
                    Access.ReadAll => KundPolicies.ReadAll,
                    Access.Approver => KundPolicies.Approver,
                    Access.Audit => KundPolicies.Audit,
                    Access.Admin => KundPolicies.Admin,
                    _ => KundPolicies.Authenticated,
                };
                if (!policies.Contains(required))
                {
                    failures.Add($"{name} is classified {access} but does not carry [Authorize(Policy = \"{required}\")]");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Fact]
    public async Task Pages_AnonymousGet_ProtectedRedirectToSignInAndOpenOnesRender()
    {
        using var client = app.CreateBearerClient(null);
        var pages = Endpoints().Where(e => e.Metadata.GetMetadata<ComponentTypeMetadata>() is not null && !e.RoutePattern.Parameters.Any()).ToList();
        Assert.NotEmpty(pages);

        var failures = new List<string>();
        foreach (var page in pages)
        {
            var path = page.RoutePattern.RawText!;
            using var response = await client.GetAsync(path);
            var open = page.Metadata.GetMetadata<IAllowAnonymous>() is not null;
            if (open && (int)response.StatusCode is not (200 or 404))
            {
                failures.Add($"{path}: open page answered {(int)response.StatusCode}");
            }
            else if (!open && (response.StatusCode != HttpStatusCode.Redirect ||
                               response.Headers.Location?.OriginalString.Contains("/account/sign-in?ReturnUrl=", StringComparison.Ordinal) != true))
            {
                failures.Add($"{path}: protected page answered {(int)response.StatusCode} {response.Headers.Location}");
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    private IEnumerable<RouteEndpoint> Endpoints()
    {
        _ = app.Server;
        return app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>();
    }

    private IEnumerable<(string Name, RouteEndpoint Endpoint)> ClassifiableEndpoints() =>
        Endpoints()
            .Where(e => e.Metadata.GetMetadata<ComponentTypeMetadata>() is null)
            .Where(e => !IsStaticAsset(e))
            .Where(e => !AuthorizationTable.IsFrameworkOrFiles(e.RoutePattern.RawText ?? ""))
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["*"])
                .Select(m => ($"{m} {e.RoutePattern.RawText}", e)))
            .DistinctBy(e => e.Item1);

    /// <summary>Files served by MapStaticAssets (scripts, styles, images): public by nature.</summary>
    private static bool IsStaticAsset(RouteEndpoint endpoint) =>
        endpoint.Metadata.Any(m => m.GetType().Name == "StaticAssetDescriptor");
}

using Kund.Infrastructure.Identity;
using Kund.Web.Identity;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Kund.Web.Api;

/// <summary>
/// <c>/api/me</c> (who a token stands for: a CI script's first check) and the token lists. Creating tokens
/// stays on the profile page and the command: a token cannot mint tokens.
/// </summary>
internal static class TokenEndpoints
{
    public static RouteGroupBuilder MapTokenEndpoints(this RouteGroupBuilder api)
    {
        var identity = api.MapGroup("").WithTags("Identity");

        identity.MapGet("/me", (KundUser user) => TypedResults.Ok(MeView.From(user)))
            .WithName("GetMe");

        identity.MapGet("/tokens", async (KundUser user, ApiTokens tokens, CancellationToken cancellationToken) =>
                TypedResults.Ok(new TokenList(await tokens.ListAsync(user, cancellationToken))))
            .WithName("ListMyTokens");

        identity.MapGet("/admin/tokens", async (ApiTokens tokens, CancellationToken cancellationToken) =>
                TypedResults.Ok(new TokenList(await tokens.ListAllAsync(cancellationToken))))
            .RequireAuthorization(KundPolicies.Admin)
            .WithName("ListAllTokens");

        identity.MapDelete("/tokens/{id:guid}", async Task<Results<NoContent, ProblemHttpResult>> (
                Guid id, KundUser user, ApiTokens tokens, CancellationToken cancellationToken) =>
                await tokens.RevokeAsync(id, user, cancellationToken)
                    ? TypedResults.NoContent()
                    : KundResults.NotFound())
            .WithName("RevokeToken");
        return api;
    }

    /// <summary>The caller as <c>/api/me</c> shows them.</summary>
    public sealed record MeView(string Email, string DisplayName, IReadOnlyList<string> Teams, IReadOnlyList<string> Roles)
    {
        public static MeView From(KundUser user) =>
            new(user.Email, user.DisplayName, user.Teams.Order(StringComparer.Ordinal).ToList(), user.Roles.Order(StringComparer.Ordinal).ToList());
    }

    /// <summary>A list of tokens without their secrets.</summary>
    public sealed record TokenList(IReadOnlyList<ApiTokenView> Items);
}

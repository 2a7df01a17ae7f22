using System.Net;
using System.Text;

namespace Kund.Tests.Web.Identity;

/// <summary>Who may call an endpoint or hub method.</summary>
public enum Access
{
    /// <summary>Everyone, signed in or not (health, OpenAPI, sign-in posts).</summary>
    Anonymous,

    /// <summary>Any signed-in user.</summary>
    Authenticated,

    /// <summary>Any signed-in user of the pages: the anonymous are sent to sign-in (the audit page's download).</summary>
    PageSession,

    /// <summary>Requesters of any team (a team named in the body is checked by the endpoint).</summary>
    Requester,

    /// <summary>Approvers, auditors, admins (<c>KundPolicies.ReadAll</c>).</summary>
    ReadAll,

    /// <summary>Approvers only.</summary>
    Approver,

    /// <summary>Auditors and admins (<c>KundPolicies.Audit</c>).</summary>
    Audit,

    /// <summary>Admins only.</summary>
    Admin,

    /// <summary>A requester of the object's team (team-a): bob of team-b gets 404, other roles 403.</summary>
    OwnTeam,

    /// <summary>A requester of the object's team or anyone who reads all teams; bob of team-b gets 404.</summary>
    OwnTeamOrReadAll,

    /// <summary>The object's owner (alice) or an admin; everyone else gets 404.</summary>
    OwnerOrAdmin,

    /// <summary>A requester of the object's team or an approver; bob of team-b gets 404, other roles 403.</summary>
    OwnTeamOrApprover,
}

/// <summary>The callers the matrix tries: anonymous and each sandbox user.</summary>
public enum Caller
{
    Anonymous,
    Alice,
    Bob,
    Carol,
    Dave,
    Admin,
}

/// <summary>What a call should get.</summary>
public enum Outcome
{
    Allowed,
    Unauthenticated,
    Forbidden,
    NotFound,
    SentToSignIn,
}

/// <summary>The concrete request for one caller: the route with its values filled in, and a body.</summary>
public sealed record MatrixCall(string Path, HttpContent? Body = null);

/// <summary>
/// One classified endpoint. <paramref name="Prepare"/> runs before each caller's call: it seeds what the route
/// needs (an environment of team-a, a token of alice) and returns the path; null uses the pattern as the path.
/// </summary>
public sealed record MatrixRow(string Method, string Pattern, Access Access, Func<MatrixSeed, Caller, Task<MatrixCall>>? Prepare = null)
{
    public string Name => $"{Method} {Pattern}";

    public static Outcome Expected(Access access, Caller caller) => (access, caller) switch
    {
        (Access.Anonymous, _) => Outcome.Allowed,
        (Access.PageSession, Caller.Anonymous) => Outcome.SentToSignIn,
        (_, Caller.Anonymous) => Outcome.Unauthenticated,
        (Access.Authenticated or Access.PageSession, _) => Outcome.Allowed,
        (Access.Requester, Caller.Alice or Caller.Bob) => Outcome.Allowed,
        (Access.ReadAll, Caller.Carol or Caller.Dave or Caller.Admin) => Outcome.Allowed,
        (Access.Approver, Caller.Carol) => Outcome.Allowed,
        (Access.Audit, Caller.Dave or Caller.Admin) => Outcome.Allowed,
        (Access.Admin, Caller.Admin) => Outcome.Allowed,
        (Access.OwnTeam, Caller.Alice) => Outcome.Allowed,
        (Access.OwnTeam, Caller.Bob) => Outcome.NotFound,
        (Access.OwnTeamOrReadAll, Caller.Bob) => Outcome.NotFound,
        (Access.OwnTeamOrReadAll, _) => Outcome.Allowed,
        (Access.OwnerOrAdmin, Caller.Alice or Caller.Admin) => Outcome.Allowed,
        (Access.OwnerOrAdmin, _) => Outcome.NotFound,
        (Access.OwnTeamOrApprover, Caller.Alice or Caller.Carol) => Outcome.Allowed,
        (Access.OwnTeamOrApprover, Caller.Bob) => Outcome.NotFound,
        _ => Outcome.Forbidden,
    };

    public static bool Matches(Outcome expected, HttpStatusCode status, bool ownedObject) => expected switch
    {
        Outcome.Allowed => status is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden) &&
                           !(ownedObject && status == HttpStatusCode.NotFound),
        Outcome.Unauthenticated => status == HttpStatusCode.Unauthorized,
        Outcome.Forbidden => status == HttpStatusCode.Forbidden,
        Outcome.NotFound => status == HttpStatusCode.NotFound,
        Outcome.SentToSignIn => status == HttpStatusCode.Found,
        _ => false,
    };

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}

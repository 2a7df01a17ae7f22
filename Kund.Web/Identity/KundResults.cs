using Microsoft.AspNetCore.Http.HttpResults;

namespace Kund.Web.Identity;

/// <summary>
/// The answers authorization gives beyond the policies: another team's object is a 404 (it does not
/// exist for the caller), an action the rules forbid (the four-eyes rule) is a 403 problem saying why.
/// </summary>
public static class KundResults
{
    /// <summary>A 404 problem that reveals nothing about whether the object exists.</summary>
    public static ProblemHttpResult NotFound() =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found");

    /// <summary>A 403 problem naming the rule, such as the four-eyes rule (<c>catch (FourEyesViolation ex) { return KundResults.Forbidden(ex.Message); }</c>).</summary>
    public static ProblemHttpResult Forbidden(string reason) =>
        TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Not allowed", detail: reason);
}

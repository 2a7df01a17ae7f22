using Kund.Domain.Environments;
using Kund.Infrastructure.Environments;

namespace Kund.Web.Components;

/// <summary>
/// Turns what the services throw into a sentence for people. Never the exception's own text: it may
/// carry internals, and people deserve words written for them.
/// </summary>
public static class FriendlyErrors
{
    /// <summary>The message to show for <paramref name="error"/>; a generic sentence for the unexpected.</summary>
    public static string Describe(Exception error) => error switch
    {
        SpecValidationException v => $"The spec has {Count(v.Result.Errors.Count)} to fix before it can be saved.",
        // The status allows the action but something else refuses it (a cluster's deletion protection): its own words say why and how to lift it.
        InvalidTransitionException t when t.AllowedFrom.Contains(t.From) => char.ToUpperInvariant(t.Message[0]) + t.Message[1..],
        InvalidTransitionException t => $"That is not possible while the environment is {Words(t.From.ToString())}; the page has been refreshed.",
        FourEyesViolationException => "Four eyes: someone other than the requester has to approve this.",
        AccessDeniedException => "You are not allowed to do that.",
        EnvironmentNotFoundException => "That environment does not exist, or belongs to a team you are not in.",
        ConcurrentChangeException => "Someone changed this environment meanwhile. The page has been refreshed; please try again.",
        ExtensionPendingException => "An extension of this environment already waits for an approver; wait for its answer.",
        ExtensionDecidedException => "That extension request was answered meanwhile; the page has been refreshed.",
        ExtensionNotFoundException => "That extension request does not exist.",
        OperationCanceledException => "The request was cancelled.",
        _ => "Something went wrong on our side. Please try again; if it keeps happening, tell the platform team.",
    };

    /// <summary>True for the exceptions a person can cause and understand; others are logged as faults.</summary>
    public static bool IsExpected(Exception error) => error is SpecValidationException or InvalidTransitionException
        or FourEyesViolationException or AccessDeniedException or EnvironmentNotFoundException or ConcurrentChangeException
        or ExtensionPendingException or ExtensionDecidedException or ExtensionNotFoundException;

    /// <summary>"PendingApproval" → "pending approval".</summary>
    public static string Words(string pascal) =>
        string.Concat(pascal.Select((c, i) => i > 0 && char.IsUpper(c) ? " " + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));

    private static string Count(int fields) => fields == 1 ? "one field" : $"{fields} fields";
}

using System.Linq.Expressions;
using System.Reflection;

namespace Kund.Infrastructure.Identity;

/// <summary>An object that belongs to one team; other teams' requesters never learn it exists.</summary>
public interface ITeamOwned
{
    /// <summary>The owning team's name, such as <c>team-a</c>.</summary>
    string Team { get; }
}

/// <summary>
/// Team isolation at the query level. Every query of team-owned rows goes through <see cref="VisibleTo{T}"/>,
/// so a row of another team is simply not found and the endpoint answers 404, never 403.
/// </summary>
public static class TeamVisibility
{
    /// <summary>The rows <paramref name="user"/> may see: all for approvers, auditors and admins, else their teams' rows.</summary>
    public static IQueryable<T> VisibleTo<T>(this IQueryable<T> source, KundUser user)
        where T : class, ITeamOwned
    {
        if (user.CanSeeAllTeams)
        {
            return source;
        }

        var teams = user.Teams.ToArray();
        var row = Expression.Parameter(typeof(T), "row");
        // The entity's own property (not the interface's) so that EF Core maps it to its column.
        var property = typeof(T).GetProperty(nameof(ITeamOwned.Team), BindingFlags.Public | BindingFlags.Instance)
            ?? throw new InvalidOperationException($"{typeof(T).Name} implements {nameof(ITeamOwned)} explicitly; give it a public Team property.");
        // A closure member (not a constant) so that the team list is a query parameter and the plan is reused.
        Expression<Func<string[]>> parameter = () => teams;
        var contains = Expression.Call(
            typeof(Enumerable), nameof(Enumerable.Contains), [typeof(string)], parameter.Body, Expression.Property(row, property));
        return source.Where(Expression.Lambda<Func<T, bool>>(contains, row));
    }

    /// <summary>For objects already loaded: whether <paramref name="user"/> may know this one exists.</summary>
    public static bool IsVisibleTo(this ITeamOwned item, KundUser user) => user.CanSeeTeam(item.Team);
}

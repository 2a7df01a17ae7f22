using System.Linq.Expressions;
using System.Reflection;
using Kund.Domain.Environments;

namespace Kund.Infrastructure.Identity;

/// <summary>
/// Team isolation at the query level, the one team filter: every query of team-owned rows (environments,
/// resources, audit, approvals) goes through <see cref="VisibleTo{T}"/>, so a row of another team is
/// simply not found and the endpoint answers 404, never 403.
/// </summary>
public static class TeamVisibility
{
    /// <summary>
    /// The rows <paramref name="user"/> may see: all for approvers, auditors, admins and Kund itself, else
    /// their teams' rows — and those <paramref name="alsoVisible"/> adds (the audit shows people their own acts).
    /// </summary>
    public static IQueryable<T> VisibleTo<T>(this IQueryable<T> source, KundUser user, Expression<Func<T, bool>>? alsoVisible = null)
        where T : class, ITeamOwned
    {
        if (user.CanSeeAllTeams)
        {
            return source;
        }

        var teams = user.Teams.ToArray();
        var row = alsoVisible?.Parameters[0] ?? Expression.Parameter(typeof(T), "row");
        // The entity's own property (not the interface's) so that EF Core maps it to its column.
        var property = typeof(T).GetProperty(nameof(ITeamOwned.Team), BindingFlags.Public | BindingFlags.Instance)
            ?? throw new InvalidOperationException($"{typeof(T).Name} implements {nameof(ITeamOwned)} explicitly; give it a public Team property.");
        // A closure member (not a constant) so that the team list is a query parameter and the plan is reused.
        Expression<Func<string[]>> parameter = () => teams;
        Expression visible = Expression.Call(
            typeof(Enumerable), nameof(Enumerable.Contains), [typeof(string)], parameter.Body, Expression.Property(row, property));
        if (alsoVisible is not null)
        {
            visible = Expression.OrElse(visible, alsoVisible.Body);
        }

        return source.Where(Expression.Lambda<Func<T, bool>>(visible, row));
    }

    /// <summary>For objects already loaded: whether <paramref name="user"/> may know this one exists.</summary>
    public static bool IsVisibleTo(this ITeamOwned item, KundUser user) => item.Team is { } team && user.CanSeeTeam(team);
}

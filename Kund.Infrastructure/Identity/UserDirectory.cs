using Kund.Infrastructure.Audit;
using Kund.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Kund.Infrastructure.Identity;

/// <summary>The users Kund knows: looked up by email, upserted from the identity provider, signed in with an audit event.</summary>
public sealed class UserDirectory(KundDbContext db, IAuditTrail audit, TimeProvider time)
{
    public Task<UserAccount?> FindByEmailAsync(string email, CancellationToken cancellationToken)
    {
        var normalized = UserAccount.NormalizeEmail(email);
        return db.Set<UserAccount>().FirstOrDefaultAsync(u => u.Email == normalized, cancellationToken);
    }

    public Task<UserAccount?> FindAsync(Guid id, CancellationToken cancellationToken) =>
        db.Set<UserAccount>().FirstOrDefaultAsync(u => u.Id == id, cancellationToken);

    /// <summary>Creates the user or brings display name, teams and roles in line with <paramref name="profile"/>.</summary>
    public async Task<UserAccount> UpsertAsync(UserProfile profile, CancellationToken cancellationToken)
    {
        var user = await StageUpsertAsync(profile, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return user;
    }

    /// <summary>
    /// Signs a person in: upserts them from <paramref name="profile"/> (the identity provider's word) or,
    /// without one, requires that they exist (sandbox demo users); records <see cref="AuditActions.UserSignedIn"/>.
    /// </summary>
    /// <returns>The user, or null when there is no profile and no such user.</returns>
    public async Task<KundUser?> SignInAsync(string email, UserProfile? profile, string method, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var user = profile is null
            ? await FindByEmailAsync(email, cancellationToken)
            : await StageUpsertAsync(profile, cancellationToken);
        if (user is null)
        {
            return null;
        }

        user.MarkSignedIn(time.GetUtcNow());
        await audit.RecordAsync(
            db,
            new AuditEntry(user.Email, AuditActions.UserSignedIn, Details: new Dictionary<string, string?> { ["method"] = method }),
            cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return KundUser.FromAccount(user);
    }

    /// <summary>The user's current security stamp, or null when there is no such user.</summary>
    public Task<string?> SecurityStampAsync(Guid id, CancellationToken cancellationToken) =>
        db.Set<UserAccount>().Where(u => u.Id == id).Select(u => u.SecurityStamp).FirstOrDefaultAsync(cancellationToken);

    /// <summary>
    /// Signs a person out everywhere: a new security stamp ends every session cookie issued to them, copies
    /// included; records <see cref="AuditActions.UserSignedOut"/>.
    /// </summary>
    public async Task SignOutAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (await FindAsync(id, cancellationToken) is not { } user)
        {
            return;
        }

        user.RotateSecurityStamp();
        await audit.RecordAsync(db, new AuditEntry(user.Email, AuditActions.UserSignedOut), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private async Task<UserAccount> StageUpsertAsync(UserProfile profile, CancellationToken cancellationToken)
    {
        var teams = profile.Teams.Select(Team.NormalizeName).Distinct().ToList();
        var known = await db.Set<Team>().Where(t => teams.Contains(t.Name)).Select(t => t.Name).ToListAsync(cancellationToken);
        db.Set<Team>().AddRange(teams.Except(known).Select(t => new Team(t)));

        var user = await FindByEmailAsync(profile.Email, cancellationToken);
        if (user is null)
        {
            user = UserAccount.Create(profile, time.GetUtcNow());
            db.Add(user);
        }
        else
        {
            user.Update(profile);
        }

        return user;
    }
}

namespace Kund.Infrastructure.Persistence;

/// <summary>
/// What the application's role may do in a schema an owner role migrated: read and write the working
/// tables, only INSERT and SELECT the audit tables, never DDL (it owns nothing), never a superuser's
/// <c>session_replication_role</c>. Idempotent; runs after every migration so new tables are covered.
/// </summary>
public static class DatabaseRoles
{
    /// <summary>Tables whose rows are evidence: the application appends and reads, nothing else.</summary>
    public static readonly IReadOnlyList<string> AppendOnlyTables = ["audit_events", "audit_checkpoints"];

    public static string GrantAppRole(string appRole)
    {
        var role = Quote(appRole);
        var appendOnly = string.Join(", ", AppendOnlyTables);
        return $"""
            grant usage on schema public to {role};
            grant select, insert, update, delete on all tables in schema public to {role};
            grant usage, select on all sequences in schema public to {role};
            revoke update, delete, truncate, references, trigger on {appendOnly} from {role};
            revoke insert, update, delete, truncate on "__EFMigrationsHistory" from {role};
            alter default privileges in schema public grant select, insert, update, delete on tables to {role};
            alter default privileges in schema public grant usage, select on sequences to {role};
            """;
    }

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}

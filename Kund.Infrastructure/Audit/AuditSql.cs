namespace Kund.Infrastructure.Audit;

/// <summary>
/// SQL that makes the audit table append-only, applied by a migration. A trigger (not only a missing
/// grant) so that the application's own role cannot rewrite history either; a superuser who disables
/// the trigger still cannot hide it from the hash chain.
/// </summary>
internal static class AuditSql
{
    public const string AppendOnly = """
        create or replace function kund_audit_events_append_only() returns trigger language plpgsql as $$
        begin
            raise exception 'audit_events is append-only: % is not allowed', tg_op
                using errcode = 'insufficient_privilege';
        end;
        $$;

        create trigger audit_events_no_update_or_delete
            before update or delete on audit_events
            for each row execute function kund_audit_events_append_only();

        create trigger audit_events_no_truncate
            before truncate on audit_events
            for each statement execute function kund_audit_events_append_only();
        """;

    public const string DropAppendOnly = """
        drop trigger if exists audit_events_no_truncate on audit_events;
        drop trigger if exists audit_events_no_update_or_delete on audit_events;
        drop function if exists kund_audit_events_append_only();
        """;
}

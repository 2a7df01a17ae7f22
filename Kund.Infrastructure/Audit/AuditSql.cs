namespace Kund.Infrastructure.Audit;

/// <summary>
/// SQL that makes the audit tables append-only, applied by a migration. A trigger (not only a missing
/// grant) so that the owner role cannot rewrite history by accident either, and <c>ENABLE ALWAYS</c> so
/// that <c>session_replication_role = replica</c> does not switch it off. Whoever disables it on purpose
/// (the owner) still cannot hide that from the keyed hash chain and its signed checkpoints.
/// </summary>
internal static class AuditSql
{
    public const string AppendOnly = """
        create or replace function kund_audit_append_only() returns trigger language plpgsql as $$
        begin
            raise exception '% is append-only: % is not allowed', tg_table_name, tg_op
                using errcode = 'insufficient_privilege';
        end;
        $$;

        create trigger audit_events_no_update_or_delete
            before update or delete on audit_events
            for each row execute function kund_audit_append_only();
        create trigger audit_events_no_truncate
            before truncate on audit_events
            for each statement execute function kund_audit_append_only();
        alter table audit_events enable always trigger audit_events_no_update_or_delete;
        alter table audit_events enable always trigger audit_events_no_truncate;

        create trigger audit_checkpoints_no_update_or_delete
            before update or delete on audit_checkpoints
            for each row execute function kund_audit_append_only();
        create trigger audit_checkpoints_no_truncate
            before truncate on audit_checkpoints
            for each statement execute function kund_audit_append_only();
        alter table audit_checkpoints enable always trigger audit_checkpoints_no_update_or_delete;
        alter table audit_checkpoints enable always trigger audit_checkpoints_no_truncate;
        """;

    public const string DropAppendOnly = """
        drop trigger if exists audit_checkpoints_no_truncate on audit_checkpoints;
        drop trigger if exists audit_checkpoints_no_update_or_delete on audit_checkpoints;
        drop trigger if exists audit_events_no_truncate on audit_events;
        drop trigger if exists audit_events_no_update_or_delete on audit_events;
        drop function if exists kund_audit_append_only();
        """;
}

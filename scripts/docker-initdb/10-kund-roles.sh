#!/usr/bin/env bash
# Run once by the postgres image when its volume is empty (docker-entrypoint-initdb.d). Makes Kund's two
# roles: kund_owner owns the database and runs the migrations; kund_app is what Kund connects as, with
# no superuser and no ownership, so it cannot alter tables, disable the audit triggers or set
# session_replication_role (README "Database roles").
set -euo pipefail
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
  -v owner_password="${KUND_OWNER_PASSWORD:-kund_owner}" -v app_password="${KUND_APP_PASSWORD:-kund_app}" <<'SQL'
create role kund_owner login nosuperuser nocreatedb nocreaterole password :'owner_password';
create role kund_app login nosuperuser nocreatedb nocreaterole noinherit password :'app_password';
alter database kund owner to kund_owner;
SQL

#!/usr/bin/env bash
# Rebuilds the single initial migration from the model. Only for use before the first release:
# once a database in use holds a migration, add new migrations instead.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet tool restore >/dev/null
rm -rf Kund.Infrastructure/Persistence/Migrations
dotnet ef migrations add InitialCreate --project Kund.Infrastructure --output-dir Persistence/Migrations >/dev/null
migration=$(ls Kund.Infrastructure/Persistence/Migrations/*_InitialCreate.cs)
python3 - "$migration" <<'PY'
import sys
path = sys.argv[1]
text = open(path, encoding="utf-8-sig").read()
down = text.index("        /// <inheritdoc />\n        protected override void Down")
up_body_end = text.rstrip()[:down].rstrip().rfind("}")
text = text[:up_body_end] + "    migrationBuilder.Sql(AuditSql.AppendOnly);\n        }\n\n" + text[down:]
text = text.replace(
    "        protected override void Down(MigrationBuilder migrationBuilder)\n        {\n",
    "        protected override void Down(MigrationBuilder migrationBuilder)\n        {\n            migrationBuilder.Sql(AuditSql.DropAppendOnly);\n\n", 1)
text = text.replace("using Microsoft.EntityFrameworkCore.Migrations;", "using Kund.Infrastructure.Audit;\nusing Microsoft.EntityFrameworkCore.Migrations;", 1)
open(path, "w", encoding="utf-8").write(text)
PY
echo "regenerated $migration"

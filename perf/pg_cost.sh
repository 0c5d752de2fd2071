#!/usr/bin/env bash
# perf/pg_cost.sh: where PostgreSQL's time goes on a cold index, one run: snakepipe's cold index into
# SQLite, then into PostgreSQL with the full schema, with the per-row foreign keys migration 0015
# replaced, and with one server cost taken away at a time (a larger GIN pending list; no trigram
# indexes; no GIN indexes at all; no foreign keys; a bare schema), each into a fresh database;
# wall time, snakepipe's CPU time and the server's (read from /proc for a server on this machine:
# CPU time holds up on a loaded machine, wall time does not).
#
#   perf/pg_cost.sh [CORPUS]     default /usr/lib/python3.11
#   SNAKEPIPE=… (default build-rel/snakepipe, else build/), SNAKEPIPE_TEST_PG=… (else a throwaway server)
# The variants change the schema of a throwaway database only: they measure, they are not advice
# (perf/README.md, "PostgreSQL: where the time goes", weighs each trade-off).
set -euo pipefail
export LC_ALL=C

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
say() { printf 'pg_cost: %s\n' "$*" >&2; }
die() {
	say "error: $*"
	exit 1
}
[[ ${1:-} == -h || ${1:-} == --help ]] && { sed -n '2,10s/^# \{0,1\}//p' "$0"; exit 0; }
corpus=$(cd "${1:-/usr/lib/python3.11}" && pwd -P)
sp=${SNAKEPIPE:-}
for d in build-rel build; do [[ -z $sp && -x $root/$d/snakepipe ]] && sp=$root/$d/snakepipe; done
[[ -n $sp ]] || die "no snakepipe binary (ninja -C build-rel)"
tmp=$(mktemp -d /tmp/sp-pgcost.XXXXXX)
# shellcheck source=perf/lib.sh
. "$root/perf/lib.sh"
cleanup() {
	pg_cleanup
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
cp "$sp" "$tmp/snakepipe"
sp=$tmp/snakepipe
pg_up

drop_trgm="DO \$\$ DECLARE r record; BEGIN FOR r IN SELECT indexrelid::regclass AS i FROM pg_index x
  JOIN pg_class c ON c.oid = x.indexrelid WHERE pg_get_indexdef(x.indexrelid) LIKE '%gin_trgm_ops%'
  LOOP EXECUTE 'DROP INDEX ' || r.i; END LOOP; END \$\$;"
drop_gin="DO \$\$ DECLARE r record; BEGIN FOR r IN SELECT x.indexrelid::regclass AS i FROM pg_index x
  JOIN pg_class c ON c.oid = x.indexrelid JOIN pg_am a ON a.oid = c.relam WHERE a.amname = 'gin'
  LOOP EXECUTE 'DROP INDEX ' || r.i; END LOOP; END \$\$;"
drop_fk="DO \$\$ DECLARE r record; BEGIN FOR r IN SELECT conrelid::regclass AS t, conname FROM pg_constraint
  WHERE contype = 'f' AND connamespace = 'public'::regnamespace
  LOOP EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', r.t, r.conname); END LOOP; END \$\$;"
drop_other="DO \$\$ DECLARE r record; BEGIN FOR r IN SELECT x.indexrelid::regclass AS i FROM pg_index x
  JOIN pg_class c ON c.oid = x.indrelid WHERE c.relnamespace = 'public'::regnamespace
  AND NOT x.indisprimary AND NOT x.indisunique AND c.relname <> 'schema_migrations'
  LOOP EXECUTE 'DROP INDEX ' || r.i; END LOOP; END \$\$;"

# migration 0015 undone: the per-row foreign keys of the fact tables back instead of its triggers
per_row_fk="DROP TRIGGER blobs_children ON blobs;
  DO \$\$ DECLARE t text; BEGIN FOREACH t IN ARRAY ARRAY['functions', 'classes', 'imports', 'calls', 'dependencies', 'file_metrics']
  LOOP EXECUTE format('DROP TRIGGER %I ON %I', t || '_parent', t);
  EXECUTE format('ALTER TABLE %I ADD FOREIGN KEY (repository_id, blob_id) REFERENCES blobs ON DELETE CASCADE', t); END LOOP; END \$\$;"

wall=
# run LABEL SQL [PGOPTIONS]: a fresh database, migrated, changed by SQL, then the timed cold index
run() {
	pg_new pgcost
	"$sp" migrate --db "$conn" >/dev/null
	[[ -z $2 ]] || psql -XqAt -v ON_ERROR_STOP=1 -d "$conn" -c "$2" >/dev/null
	local c0 t0=$EPOCHREALTIME
	c0=$(server_cpu)
	PGOPTIONS=${3:-} /usr/bin/time -f '%U %S' -o "$tmp/time" "$sp" index "$corpus" --db "$conn" --quiet ||
		(($? == 1)) || die "$1: index failed"
	wall=$(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN{printf "%.2f", b - a}')
	cpu=$(awk '{printf "%.2f", $1 + $2}' "$tmp/time")
	srv=$(awk -v a="$c0" -v b="$(server_cpu)" 'BEGIN{printf (a == "" ? "n/a" : "%.2f"), b - a}')
}

say "SQLite cold"
t0=$EPOCHREALTIME
/usr/bin/time -f '%U %S' -o "$tmp/time" "$sp" index "$corpus" --db "$tmp/s.db" --quiet || (($? == 1))
s_wall=$(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN{printf "%.2f", b - a}')
s_cpu=$(awk '{printf "%.2f", $1 + $2}' "$tmp/time")
echo "# perf/pg_cost.sh: $corpus, $(nproc) cores, $(date -u '+%Y-%m-%d %H:%M UTC'); load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# server: PostgreSQL $(psql "$pg_base" -XqAt -c 'SHOW server_version'), fsync=$(psql "$pg_base" -XqAt -c 'SHOW fsync'), gin_pending_list_limit=$(psql "$pg_base" -XqAt -c 'SHOW gin_pending_list_limit')"
echo
echo "| run | wall s | ÷ SQLite cold | snakepipe CPU s | server CPU s | all CPU ÷ SQLite's |"
echo "|:---|---:|---:|---:|---:|---:|"
echo "| SQLite cold (fresh file) | $s_wall | 1.00 | $s_cpu | | 1.00 |"
row() {
	echo "| $1 | $wall | $(awk -v a="$wall" -v b="$s_wall" 'BEGIN{printf "%.2f", a / b}') | $cpu | $srv |" \
		"$(awk -v a="$cpu" -v s="$srv" -v b="$s_cpu" 'BEGIN{printf "%.2f", (a + s) / b}') |"
}
for v in full per_row_fk pending trgm gin fk bare; do
	say "PostgreSQL cold: $v"
	case $v in
	full) run "$v" "" && row "PostgreSQL cold, full schema" ;;
	per_row_fk) run "$v" "$per_row_fk" && row "… facts checked by per-row foreign keys (before migration 0015)" ;;
	pending) run "$v" "" "-c gin_pending_list_limit=65536" && row "… GIN pending list 64 MB (session setting; default 4 MB)" ;;
	trgm) run "$v" "$drop_trgm" && row "… without the trigram indexes (paths.path, functions and classes qualified_name)" ;;
	gin) run "$v" "$drop_gin" && row "… without any GIN index (trigram and jsonb attrs)" ;;
	fk) run "$v" "$drop_fk" && row "… without foreign keys" ;;
	bare) run "$v" "$drop_gin $drop_fk $drop_other" && row "… bare: primary keys and unique constraints only" ;;
	esac
done

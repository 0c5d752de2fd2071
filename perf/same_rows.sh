#!/usr/bin/env bash
# perf/same_rows.sh: whether two builds write the same rows. Each corpus of perf/corpora.sh is
# indexed cold into SQLite by both binaries (--jobs 1: row ids follow the files' order), each
# database is dumped (`sqlite3 .dump`, timestamps masked) and the dumps are compared byte for byte.
# For a change that must not alter extracted facts (issue 11's extraction work).
#
#   perf/same_rows.sh BASE_BINARY [NEW_BINARY] [CORPUS_DIR…]
#   NEW_BINARY defaults to build-rel/snakepipe; CORPUS_DIRs default to every corpus in
#   $CORPORA_DIR (default /tmp/snakepipe-corpora) but the whole kernel (linux-6.1), plus
#   /usr/lib/python3.11 (each tree once). Prints one line per corpus; exit 1 when a pair of
#   dumps differs (their diff's first lines on stderr), 2 on a usage error.
set -euo pipefail
export LC_ALL=C

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
say() { printf 'same_rows: %s\n' "$*" >&2; }
[[ $# -ge 1 && $1 != -h && $1 != --help ]] || { sed -n '2,11s/^# \{0,1\}//p' "$0"; exit 2; }
command -v sqlite3 >/dev/null || { say "sqlite3 missing (apt-get install sqlite3)"; exit 2; }
base=$1
shift
new=$root/build-rel/snakepipe
[[ $# -ge 1 && -f $1 && -x $1 ]] && { new=$1; shift; }
[[ -x $base && -x $new ]] || { say "no binary at $base or $new"; exit 2; }
corpora=("$@")
if ((${#corpora[@]} == 0)); then
	cdir=${CORPORA_DIR:-/tmp/snakepipe-corpora}
	for d in "$cdir"/*/; do
		[[ $(basename "$d") == linux-6.1 ]] || corpora+=("${d%/}")
	done
	[[ -d /usr/lib/python3.11 ]] && corpora+=(/usr/lib/python3.11)
fi
# each tree once (corpora.sh's python is a symlink to the stdlib)
declare -A seen=()
uniq=()
for c in "${corpora[@]}"; do
	r=$(readlink -f "$c" || echo "$c")
	[[ -n ${seen[$r]:-} ]] || uniq+=("$c")
	seen[$r]=1
done
corpora=("${uniq[@]}")
tmp=$(mktemp -d /tmp/sp-same-rows.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
cp "$base" "$tmp/base"
cp "$new" "$tmp/new"

# the dump with its wall-clock timestamps (migrations, snapshots, runs) masked, and the planner
# statistics' rows sorted at the end: which connection analyses calls first (the run's or the call
# resolution's, cli/index_snapshot.c) decides their order in sqlite_stat1, not what they hold
dump() {
	sqlite3 "$1" .dump | sed -E 's/[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?Z?/TS/g' >"$1.sql"
	grep -v '^INSERT INTO sqlite_stat1 ' "$1.sql" || true
	grep '^INSERT INTO sqlite_stat1 ' "$1.sql" | sort || true
}

bad=0
for c in "${corpora[@]}"; do
	[[ -d $c ]] || { say "$c: no such directory"; bad=1; continue; }
	for b in base new; do
		rm -f "$tmp/$b.db"*
		rc=0
		"$tmp/$b" index "$c" --db "$tmp/$b.db" --jobs 1 --quiet >/dev/null 2>"$tmp/$b.err" || rc=$?
		# exit 1: indexed, some files unreadable or unparsable
		((rc <= 1)) || { say "$c: $b exited $rc: $(head -c 300 "$tmp/$b.err")"; bad=1; continue 2; }
		dump "$tmp/$b.db" >"$tmp/$b.sql"
	done
	if cmp -s "$tmp/base.sql" "$tmp/new.sql"; then
		echo "same      $(wc -l <"$tmp/new.sql") dump lines  $c"
	else
		echo "DIFFERENT $(diff "$tmp/base.sql" "$tmp/new.sql" | grep -c '^[<>]') lines differ  $c"
		diff "$tmp/base.sql" "$tmp/new.sql" | head -20 >&2 || true
		bad=1
	fi
done
exit "$bad"

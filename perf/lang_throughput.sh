#!/usr/bin/env bash
# perf/lang_throughput.sh: snakepipe's indexing throughput per language on the corpora of
# perf/corpora.sh, beside tree-sitter parse only on the same files. Prints one Markdown table.
#
# Usage: perf/lang_throughput.sh [LANG...]     (default: every language perf/corpora.sh has)
#
#   Per language: one untimed warm-up index (page cache; it also tells which files snakepipe
#   parses), then BENCH_RUNS rounds of: parse-only over the files snakepipe parsed (one core),
#   a cold index into a fresh SQLite file with --jobs 1, and one with the default --jobs.
#   Reports medians (wall time of the whole process, as a user sees it) and the CPU time.
#
# Env: BENCH_RUNS (rounds, default 3), SNAKEPIPE (default build/snakepipe), PARSE_ONLY (default
#      parse-only beside SNAKEPIPE), CORPORA_DIR (cache of perf/corpora.sh).
set -euo pipefail
export LC_ALL=C

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
readonly invocation=("perf/lang_throughput.sh" "$@")

say() { printf 'lang_throughput: %s\n' "$*" >&2; }
die() {
	say "error: $*"
	exit 2
}

runs=${BENCH_RUNS:-3}
[[ $runs =~ ^[1-9][0-9]*$ ]] || die "BENCH_RUNS must be a positive integer, not '$runs'"
snakepipe=${SNAKEPIPE:-$root/build/snakepipe}
parse_only=${PARSE_ONLY:-$(dirname "$snakepipe")/parse-only}
[[ -x $snakepipe ]] || die "no executable $snakepipe (set SNAKEPIPE)"
[[ -x $parse_only ]] || die "no executable $parse_only (set PARSE_ONLY)"
command -v sqlite3 >/dev/null || die "needs sqlite3 (Debian package sqlite3)"

langs=("$@")
((${#langs[@]})) || langs=(c cpp go java javascript python ruby rust typescript)

tmp=$(mktemp -d /tmp/sp-throughput.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
# Private copies: other people relink the build dir while this runs.
cp "$snakepipe" "$tmp/snakepipe"
cp "$parse_only" "$tmp/parse-only"
built=$(date -u -r "$snakepipe" '+%Y-%m-%d %H:%M UTC')
tree=$(git -C "$root" describe --always --dirty 2>/dev/null || echo '?') # at copy time

# run OUT CMD...: runs CMD (stdout and stderr discarded) under bash's `time`; appends the wall
# seconds to OUT and user + sys seconds to OUT.cpu. Exit 1 of snakepipe (indexed, some files
# unparsable) counts as a run.
run() {
	local out=$1 rc=0
	shift
	local TIMEFORMAT='%R %U %S'
	{ time "$@" >/dev/null 2>"$tmp/err" || rc=$?; } 2>"$tmp/time"
	((rc <= 1)) || die "$* exited $rc: $(tail -3 "$tmp/err")"
	awk '{print $1}' "$tmp/time" >>"$out"
	awk '{printf "%.3f\n", $2 + $3}' "$tmp/time" >>"$out.cpu"
}

median() { sort -g "$1" | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
minimum() { sort -g "$1" | head -1; }

fresh() { rm -f "$1" "$1-wal" "$1-shm"; }

load_start=$(cut -d' ' -f1-3 /proc/loadavg)
rows=()
say "corpora: $here/corpora.sh"
for lang in "${langs[@]}"; do
	dir=$("$here/corpora.sh" --path "$lang")
	dir=$(cd "$dir" && pwd -P)
	say "$lang: $dir (warm-up)"
	db=$tmp/$lang.db
	idx=("$tmp/snakepipe" index "$dir" --language "$lang" --max-file-size 200000000 --quiet --json)
	fresh "$db"
	"${idx[@]}" --db "$db" >"$tmp/summary.json" 2>/dev/null || (($? <= 1)) || die "warm-up index of $lang failed"
	# Files snakepipe parsed (not skipped as generated or minified), for parse-only.
	sqlite3 "$db" "SELECT path FROM current_files WHERE language = '$lang' AND skip_reason IS NULL" |
		sed "s|^|$dir/|" >"$tmp/list"
	read -r files skipped bytes < <(sqlite3 -separator ' ' "$db" \
		"SELECT count(*), count(skip_reason), coalesce(sum(CASE WHEN skip_reason IS NULL THEN size_bytes END), 0)
		 FROM current_files WHERE language = '$lang'")
	"$tmp/parse-only" "$lang" <"$tmp/list" >/dev/null
	rm -f "$tmp"/t.*
	for ((i = 1; i <= runs; i++)); do
		say "$lang: round $i/$runs"
		run "$tmp/t.parse" "$tmp/parse-only" "$lang" <"$tmp/list"
		fresh "$db"
		run "$tmp/t.j1" "${idx[@]}" --db "$db" --jobs 1
		fresh "$db"
		run "$tmp/t.jn" "${idx[@]}" --db "$db"
	done
	rows+=("$(awk -v l="$lang" -v f="$files" -v s="$skipped" -v b="$bytes" \
		-v p="$(median "$tmp/t.parse")" -v pmin="$(minimum "$tmp/t.parse")" -v pcpu="$(median "$tmp/t.parse.cpu")" \
		-v j1="$(median "$tmp/t.j1")" -v j1min="$(minimum "$tmp/t.j1")" -v j1cpu="$(median "$tmp/t.j1.cpu")" \
		-v jn="$(median "$tmp/t.jn")" -v jnmin="$(minimum "$tmp/t.jn")" -v jncpu="$(median "$tmp/t.jn.cpu")" 'BEGIN {
		mb = b / 1e6
		printf "| %s | %d | %d | %.2f | %.2f (%.2f) / %.2f | %.2f (%.2f) / %.2f | %.2f (%.2f) / %.2f | %.1f | %.0f | %.1f | %.2f× |",
			l, f, s, mb, p, pmin, pcpu, j1, j1min, j1cpu, jn, jnmin, jncpu, mb / jn, f / jn, mb / j1cpu, j1cpu / pcpu
	}')")
done

nproc=$(nproc)
echo "- command: \`${invocation[*]}\` (BENCH_RUNS=$runs)"
echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC'); machine: $nproc cores, $(awk '/MemTotal/ {printf "%.0f GiB RAM", $2 / 1048576}' /proc/meminfo); load average (1/5/15 min) at start $load_start, at end $(cut -d' ' -f1-3 /proc/loadavg)"
echo "- snakepipe: $("$tmp/snakepipe" --version) ($snakepipe, built $built; source tree $tree when the run started)"
echo
echo "| language | files | skipped | MB parsed | parse only: wall s (min) / CPU s | --jobs 1: wall s (min) / CPU s | --jobs $nproc: wall s (min) / CPU s | MB/s | files/s | MB per CPU s (--jobs 1) | × parse only (CPU, --jobs 1) |"
echo "|:---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
printf '%s\n' "${rows[@]}"
echo
echo "- files: the language's files snakepipe found in the corpus; skipped: recorded but not parsed (generated, minified); MB parsed: bytes of the files it parsed, which parse only parses too."
echo "- wall s: median of $runs rounds (min in parentheses) of the whole process; CPU s: user + sys of the process (all threads), median. Index runs are cold, into a fresh SQLite file: \`snakepipe index DIR --language L --max-file-size 200000000 --db NEW.db [--jobs 1]\`; parse only is \`parse-only L < the files snakepipe parsed\` (one core)."
echo "- MB/s and files/s: MB parsed and files over the median wall time of the --jobs $nproc run. On a loaded machine wall times inflate much more than CPU times: MB per CPU s and the CPU ratio to parse only are the figures to compare."

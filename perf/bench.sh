#!/usr/bin/env bash
# perf/bench.sh: snakepipe index timed side by side with its speed limit (tree-sitter parse only) and a peer (ctags).
# Prints the machine, the versions and one Markdown table; --callgrind prints instruction counts instead.
#
# Usage: perf/bench.sh [--callgrind] [CORPUS]      (CORPUS defaults to /usr/lib/python3.11)
#
#   default      every row runs once untimed (page cache, server caches warm), then BENCH_RUNS
#                timed rounds; each round runs every row once, so load from other processes
#                spreads over all rows instead of hitting one. Reports median and min–max.
#   --callgrind  valgrind --tool=callgrind on parse-only and on one cold SQLite index of the
#                same corpus: instruction counts (Ir), independent of machine load.
#
# Env: BENCH_RUNS (timed rounds, default 5), SNAKEPIPE (binary, default build/snakepipe),
#      SNAKEPIPE_TEST_PG (libpq conninfo or postgresql:// URI of a server to use; without it a
#      throwaway server is started with scripts/pg-tmp and stopped on exit).
# Builds nothing, except `ninja -C build` when build/snakepipe or build/parse-only is missing.
set -euo pipefail
export LC_ALL=C # '.' as decimal point in EPOCHREALTIME, printf and awk

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
readonly root
readonly invocation=("$0" "$@")

say() { printf 'bench: %s\n' "$*" >&2; }
die() {
	say "error: $*"
	exit 1
}
usage() {
	sed -n '5,16s/^# \{0,1\}//p' "${BASH_SOURCE[0]}" >&2
	exit "${1:-2}"
}

mode=table
corpus=
while (($#)); do
	case $1 in
	--callgrind) mode=callgrind ;;
	-h | --help) usage 0 ;;
	-*) usage ;;
	*)
		[[ -z $corpus ]] || usage
		corpus=$1
		;;
	esac
	shift
done
corpus=${corpus:-/usr/lib/python3.11}
[[ -d $corpus ]] || die "$corpus: not a directory"
corpus=$(cd "$corpus" && pwd -P)

runs=${BENCH_RUNS:-5}
[[ $runs =~ ^[1-9][0-9]*$ ]] || die "BENCH_RUNS must be a positive integer, not '$runs'"

# --- binaries -----------------------------------------------------------------
build=$root/build
if [[ ! -x $build/snakepipe || ! -x $build/parse-only ]]; then
	[[ -f $build/build.ninja ]] || die "$build is not configured: meson setup build --buildtype=release"
	say "build/snakepipe or build/parse-only missing: ninja -C build"
	ninja -C "$build" >&2
fi
snakepipe=${SNAKEPIPE:-$build/snakepipe}
parse_only=$build/parse-only
[[ -x $snakepipe ]] || die "$snakepipe: not an executable"
[[ -x $parse_only ]] || die "$parse_only: not an executable"
[[ -x /usr/bin/time ]] || die "/usr/bin/time is missing (Debian package: apt-get install time)"
if [[ $mode == callgrind ]]; then
	command -v valgrind >/dev/null || die "valgrind is missing (Debian package: apt-get install valgrind)"
	command -v callgrind_annotate >/dev/null || die "callgrind_annotate is missing (Debian package valgrind)"
fi
have_ctags=0
if command -v ctags >/dev/null && [[ $(ctags --version 2>/dev/null) == *'Universal Ctags'* ]]; then
	have_ctags=1
else
	say "Universal Ctags not found: its rows will read n/a (Debian package universal-ctags)"
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/snakepipe-bench.XXXXXX")
own_pg=
pg_dbs=() # databases made and not yet dropped: cleanup drops them when a run is cut short

cleanup() {
	local db
	if [[ -n ${pg_base:-} ]]; then
		for db in "${pg_dbs[@]}"; do
			psql "$pg_base" -XqAt -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1 || true
		done
	fi
	if [[ -n $own_pg ]]; then
		"$root/scripts/pg-tmp" stop "$own_pg" >/dev/null 2>&1 || true
	fi
	rm -rf -- "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Others may rebuild build/ while we run (ninja relinks in place): time private copies.
bin_date=$(date -u -r "$snakepipe" '+%Y-%m-%d %H:%M UTC')
src_tree=$(git -C "$root" describe --always --dirty 2>/dev/null || printf '?') # at copy time; build/ may lag it
mkdir "$tmp/bin"
cp "$snakepipe" "$tmp/bin/snakepipe"
cp "$parse_only" "$tmp/bin/parse-only"
snakepipe=$tmp/bin/snakepipe
parse_only=$tmp/bin/parse-only
"$snakepipe" --version >/dev/null || die "the copy of the snakepipe binary does not run (copied mid-link? run again)"
# Binaries older than worker threads have no --jobs: the --jobs 1 row is then left out.
# (the help read whole first: grep -q leaves at its first match, and under pipefail the writer's
# SIGPIPE then failed the test, which dropped the row now and then)
has_jobs=0
if [[ $("$snakepipe" --help 2>&1) == *--jobs* ]]; then
	has_jobs=1
fi

# --- corpus -------------------------------------------------------------------
# The Python sources as parse-only sees them: regular files only. snakepipe also follows
# symlinks that stay inside the tree (their content is reused by hash, not parsed again).
find "$corpus" -type f -name '*.py' -print | sort >"$tmp/files"
n_files=$(wc -l <"$tmp/files")
# A private copy of the corpus for the "one file changed" rows: snakepipe indexes the copy in every
# row (same bytes as the corpus), and one file of it is edited before each of those runs.
copy=$tmp/corpus
mkdir -p "$copy"
cp -a "$corpus/." "$copy/"
one_file=$copy/${corpus:+$(head -n 1 "$tmp/files" | sed "s#^$corpus/##")}
edits=0
edit_one() { # a new comment line: a new content hash, so exactly one file is parsed again
	edits=$((edits + 1))
	printf '# bench edit %d\n' "$edits" >>"$one_file"
}
((n_files > 0)) || die "no *.py files under $corpus"
n_bytes=$(tr '\n' '\0' <"$tmp/files" | xargs -0 cat | wc -c)
n_lines=$(tr '\n' '\0' <"$tmp/files" | xargs -0 cat | wc -l)

# --- header -------------------------------------------------------------------
first_line() { "$@" 2>/dev/null | head -n 1 || true; }
quote_cmd() {
	local out="" v
	for v in BENCH_RUNS SNAKEPIPE; do
		[[ -n ${!v:-} ]] && out+="$v=$(printf '%q' "${!v}") "
	done
	# A conninfo may hold a password: say that it was set, not what it is.
	[[ -n ${SNAKEPIPE_TEST_PG:-} && $mode == table ]] && out+="SNAKEPIPE_TEST_PG=… "
	out+=$(printf '%q ' "${invocation[@]}")
	printf '%s' "${out% }"
}
buildtype() {
	local info=$build/meson-info/intro-buildoptions.json
	[[ ${SNAKEPIPE:-} ]] && {
		printf 'binary from SNAKEPIPE'
		return
	}
	[[ -f $info ]] && command -v python3 >/dev/null || return 0
	python3 -c 'import json, sys
o = {x["name"]: x["value"] for x in json.load(open(sys.argv[1]))}
print("build/: meson buildtype=%s, -O%s, b_ndebug=%s" % (o.get("buildtype"), o.get("optimization"), o.get("b_ndebug")))' "$info" 2>/dev/null || true
}

load_start=$(cut -d' ' -f1-3 /proc/loadavg)

header() {
	local cpu mem ts_grammar ts_runtime
	cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
	mem=$(awk '/^MemTotal:/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)
	ts_grammar=$(sed -n 's/^ *"version": "\(.*\)",*$/\1/p' "$root/node_modules/tree-sitter-python/package.json" 2>/dev/null | head -n 1)
	ts_runtime=$(sed -n 's/^ *"version": "\(.*\)",*$/\1/p' "$root/node_modules/tree-sitter/package.json" 2>/dev/null | head -n 1)
	printf '## snakepipe benchmark: %s\n\n' "$corpus"
	# shellcheck disable=SC2016 # the backticks are Markdown
	printf -- '- command: `%s`\n' "$(quote_cmd)"
	printf -- '- date: %s\n' "$(date -u '+%Y-%m-%d %H:%M UTC')"
	printf -- '- machine: %s cores (nproc), %s, %s RAM, Linux %s; load average (1/5/15 min) at start %s\n' \
		"$(nproc)" "${cpu:-unknown CPU}" "$mem" "$(uname -r)" "$load_start"
	printf -- '- corpus: %s regular *.py files, %s bytes (%.2f MB), %s lines\n' \
		"$n_files" "$n_bytes" "$(awk -v b="$n_bytes" 'BEGIN { print b / 1e6 }')" "$n_lines"
	printf -- '- snakepipe: %s (%s; source tree %s, binary built %s)\n' "$(first_line "$snakepipe" --version)" "$(buildtype)" \
		"$src_tree" "$bin_date"
	printf -- '- tree-sitter: runtime %s (npm tree-sitter, compiled in), tree-sitter-python grammar %s\n' \
		"${ts_runtime:-?}" "${ts_grammar:-?}"
	printf -- '- SQLite: %s (sqlite3 --version)\n' "$(first_line sqlite3 --version | cut -d' ' -f1-2)"
	if [[ $mode == table ]]; then
		printf -- '- PostgreSQL: server %s, %s\n' "$pg_version" "$pg_where"
		((have_ctags)) && printf -- '- ctags: %s\n' "$(first_line ctags --version)"
	else
		printf -- '- valgrind: %s\n' "$(first_line valgrind --version)"
	fi
	printf '\n'
}

# --- PostgreSQL ---------------------------------------------------------------
# conninfo or URI of database $2 on the server of $1.
pg_db_conninfo() {
	local base=$1 db=$2 head query=
	if [[ $base =~ ^postgres(ql)?:// ]]; then
		head=${base%%\?*}
		[[ $head != "$base" ]] && query="?${base#*\?}"
		local scheme=${head%%://*} rest=${head#*://}
		printf '%s://%s/%s%s' "$scheme" "${rest%%/*}" "$db" "$query"
	else
		printf '%s dbname=%s' "$base" "$db" # libpq: the last dbname wins
	fi
}

start_pg() {
	command -v psql >/dev/null || die "psql is missing (Debian package postgresql-client)"
	if [[ -n ${SNAKEPIPE_TEST_PG:-} ]]; then
		pg_base=$SNAKEPIPE_TEST_PG
		pg_where="the server of SNAKEPIPE_TEST_PG"
	else
		say "starting a throwaway PostgreSQL server (scripts/pg-tmp)"
		local env
		env=$("$root/scripts/pg-tmp" start) || die "scripts/pg-tmp start failed"
		own_pg=$(sed -n "s/^export SNAKEPIPE_PG_TMP='\(.*\)'$/\1/p" <<<"$env")
		pg_base=$(sed -n "s/^export SNAKEPIPE_TEST_PG='\(.*\)'$/\1/p" <<<"$env")
		[[ -n $pg_base && -n $own_pg ]] || die "cannot read the output of scripts/pg-tmp start"
		pg_where="throwaway server of scripts/pg-tmp on 127.0.0.1 (TCP), same machine"
	fi
	pg_version=$(psql "$pg_base" -XqAt -c 'SHOW server_version') || die "cannot reach PostgreSQL"
	pg_where+=", $(psql "$pg_base" -XqAt -F ', ' -c "SELECT 'fsync=' || current_setting('fsync'),
		'synchronous_commit=' || current_setting('synchronous_commit'),
		'shared_buffers=' || current_setting('shared_buffers')")"
}

pg_seq=0
pg_new_db() { # sets pg_db, pg_conn: a fresh empty database
	pg_seq=$((pg_seq + 1))
	pg_db=bench_$$_$pg_seq
	psql "$pg_base" -XqAt -c "CREATE DATABASE $pg_db" >/dev/null || die "CREATE DATABASE $pg_db failed"
	pg_dbs+=("$pg_db")
	pg_conn=$(pg_db_conninfo "$pg_base" "$pg_db")
}
pg_drop_db() {
	psql "$pg_base" -XqAt -c "DROP DATABASE $pg_db" >/dev/null || say "warning: DROP DATABASE $pg_db failed"
	unset 'pg_dbs[-1]'
}

# --- one timed run ------------------------------------------------------------
# Busy CPU time of the whole machine so far, in clock ticks (/proc/stat: user nice system idle
# iowait irq softirq steal …); read with builtins so that measuring it costs no process.
busy_ticks() {
	local _cpu u n s _idle _io irq sirq st _rest
	read -r _cpu u n s _idle _io irq sirq st _rest </proc/stat
	printf '%d' $((u + n + s + irq + sirq + st))
}
hz=$(getconf CLK_TCK)

# run KEY STDIN CMD…: runs CMD once; when KEY is not "-", appends "wall_s rss_kib cpu_s others_s"
# to $tmp/KEY.runs: others_s is the CPU time the rest of the machine used meanwhile (other people's
# builds; for PostgreSQL rows also the server). stdout of CMD is left in $tmp/out.
# EPOCHREALTIME is a builtin: no fork inside the timed span.
run() {
	local key=$1 in=$2 t0 t1 b0 b1 rc=0
	shift 2
	b0=$(busy_ticks)
	t0=${EPOCHREALTIME/./}
	/usr/bin/time -o "$tmp/time" -f '%M %U %S' "$@" <"$in" >"$tmp/out" 2>"$tmp/err" || rc=$?
	t1=${EPOCHREALTIME/./}
	b1=$(busy_ticks)
	# snakepipe exits 1 when it indexed everything it could but some files failed: still a full run.
	if ((rc == 1)) && [[ " $* " == *" $snakepipe index "* ]]; then
		rc=0
	fi
	if ((rc != 0)); then
		say "command failed (exit $rc): $*"
		tail -n 20 "$tmp/err" >&2
		exit 1
	fi
	[[ $key == - ]] && return 0
	# time(1) puts "Command exited with non-zero status N" first when N > 0: take the last line.
	tail -n 1 "$tmp/time" | awk -v us=$((t1 - t0)) -v busy=$((b1 - b0)) -v hz="$hz" '{
		others = busy / hz - ($2 + $3)
		printf "%.6f %d %.2f %.2f\n", us / 1e6, $1, $2 + $3, others < 0 ? 0 : others
	}' >>"$tmp/$key.runs"
}

json_field() { sed -n "s/.*\"$1\": \\([0-9.]*\\).*/\\1/p" "$tmp/out"; }

# --- rows ---------------------------------------------------------------------
# Each row is a key, a label and a function that runs it once (timed under the key, or "-").
keys=(parse ctags_all ctags_py sq_cold sq_cold1 sq_re sq_one pg_cold pg_re pg_one)
declare -A label=(
	[parse]='tree-sitter parse only (1 core)'
	[ctags_all]='ctags -R (Universal Ctags, all languages it knows, no complexity)'
	[ctags_py]='ctags -R --languages=Python (Universal Ctags, Python only, no complexity)'
	[sq_cold]='snakepipe index → SQLite (cold, fresh file)'
	[sq_cold1]='snakepipe index → SQLite (cold, fresh file, --jobs 1)'
	[sq_re]='snakepipe index → SQLite (re-index, unchanged)'
	[sq_one]='snakepipe index → SQLite (re-index, one file changed)'
	[pg_cold]='snakepipe index → PostgreSQL (cold, fresh database)'
	[pg_re]='snakepipe index → PostgreSQL (re-index, unchanged)'
	[pg_one]='snakepipe index → PostgreSQL (re-index, one file changed)'
)
declare -A rows=() # snakepipe rows written, per key

snake_rows() { # key: record the rows of the run just made; they must not change between runs
	local r
	r=$(json_field rows)
	[[ -n $r ]] || die "no \"rows\" in the JSON summary of snakepipe: $(head -c 300 "$tmp/out")"
	if [[ -n ${rows[$1]:-} && ${rows[$1]} != "$r" ]]; then
		say "warning: ${label[$1]}: $r rows this run, ${rows[$1]} before"
	fi
	rows[$1]=$r
}

warm=0
k() { ((warm)) && printf -- - || printf '%s' "$1"; } # the key to time a row under, "-" in the warm-up

round() {
	run "$(k parse)" "$tmp/files" "$parse_only"
	if ((have_ctags)); then
		run "$(k ctags_all)" /dev/null ctags -R -f /dev/null "$corpus"
		run "$(k ctags_py)" /dev/null ctags -R --languages=Python -f /dev/null "$corpus"
	fi

	rm -f "$tmp/bench.db" "$tmp/bench.db-wal" "$tmp/bench.db-shm" "$tmp/bench.db-journal"
	run "$(k sq_cold)" /dev/null "$snakepipe" index "$copy" --db "$tmp/bench.db" --quiet --json
	snake_rows sq_cold
	((warm)) && cp "$tmp/out" "$tmp/summary_cold.json"
	sqlite_bytes=$(stat -c %s "$tmp/bench.db")
	run "$(k sq_re)" /dev/null "$snakepipe" index "$copy" --db "$tmp/bench.db" --quiet --json
	snake_rows sq_re
	((warm)) && cp "$tmp/out" "$tmp/summary_re.json"
	edit_one
	run "$(k sq_one)" /dev/null "$snakepipe" index "$copy" --db "$tmp/bench.db" --quiet --json
	((warm)) && cp "$tmp/out" "$tmp/summary_one.json"
	if ((has_jobs)); then
		rm -f "$tmp/bench.db" "$tmp/bench.db-wal" "$tmp/bench.db-shm" "$tmp/bench.db-journal"
		run "$(k sq_cold1)" /dev/null "$snakepipe" index "$copy" --db "$tmp/bench.db" --quiet --json --jobs 1
		snake_rows sq_cold1
	fi

	pg_new_db
	run "$(k pg_cold)" /dev/null "$snakepipe" index "$copy" --db "$pg_conn" --quiet --json
	snake_rows pg_cold
	pg_bytes=$(psql "$pg_base" -XqAt -c "SELECT pg_database_size('$pg_db')")
	run "$(k pg_re)" /dev/null "$snakepipe" index "$copy" --db "$pg_conn" --quiet --json
	snake_rows pg_re
	edit_one
	run "$(k pg_one)" /dev/null "$snakepipe" index "$copy" --db "$pg_conn" --quiet --json
	pg_drop_db
}

# --- statistics and the table -------------------------------------------------
# stats KEY → "median_wall min_wall max_wall median_rss_kib median_cpu median_elsewhere_%" over the
# timed runs; elsewhere_% is the others' CPU time as a share of all cores during the run.
# The table skips a row whose key has no runs (ctags missing, snakepipe without --jobs).
stats() {
	[[ -s $tmp/$1.runs ]] || return 0
	awk -v cores="$(nproc)" '
		function median(a, n,   i, j, t) {
			for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
			return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
		}
		{
			w[NR] = $1; r[NR] = $2; c[NR] = $3
			# ticks are 10 ms: on a short run the share can round past 100 %
			o[NR] = 100 * $4 / ($1 * cores); if (o[NR] > 100) o[NR] = 100
			if (NR == 1 || $1 < lo) lo = $1
			if (NR == 1 || $1 > hi) hi = $1
		}
		END { printf "%.6f %.6f %.6f %.0f %.2f %.0f\n", median(w, NR), lo, hi, median(r, NR), median(c, NR), median(o, NR) }
	' "$tmp/$1.runs"
}

table() {
	local k s base
	base=$(stats parse | cut -d' ' -f1)
	printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' 'run' 'wall s (median)' 'wall s (min–max)' \
		'MB/s' 'files/s' 'rows/s' 'peak RSS MiB' 'CPU s' '× parse-only' 'busy elsewhere'
	printf '|%s|\n' ':---|---:|---:|---:|---:|---:|---:|---:|---:|---:'
	for k in "${keys[@]}"; do
		[[ $k == sq_cold1 ]] && ((!has_jobs)) && continue
		s=$(stats "$k")
		if [[ -z $s ]]; then
			printf '| %s | n/a | n/a | n/a | n/a | n/a | n/a | n/a | n/a | n/a |\n' "${label[$k]}"
			continue
		fi
		awk -v s="$s" -v name="${label[$k]}" -v bytes="$n_bytes" -v files="$n_files" \
			-v rows="${rows[$k]:-}" -v base="$base" 'BEGIN {
			split(s, a, " "); med = a[1]
			rps = rows == "" ? "n/a" : rows == 0 ? "0 rows" : sprintf("%.0f", rows / med)
			printf "| %s | %.3f | %.3f–%.3f | %.1f | %.0f | %s | %.1f | %.2f | %.2f× | %d %% |\n",
				name, med, a[2], a[3], bytes / 1e6 / med, files / med, rps, a[4] / 1024, a[5], med / base, a[6]
		}'
	done
}

notes() {
	local f
	printf '\n'
	printf -- '- %s timed runs per row after one untimed warm-up round; rounds interleave the rows. Load average at end: %s.\n' \
		"$runs" "$(cut -d' ' -f1-3 /proc/loadavg)"
	printf -- '- MB/s and files/s are the corpus figures above (%s *.py files, %s bytes) over the median wall time, for every row alike; rows/s is the rows of the JSON summary over the same median.\n' \
		"$n_files" "$n_bytes"
	if ((has_jobs)); then
		printf -- '- snakepipe rows run with its default --jobs (one extraction thread per CPU, %s here) except the --jobs 1 row, the like-for-like match for the one-core parse-only baseline.\n' "$(nproc)"
	fi
	printf -- '- CPU s: user + sys of the measured process (all its threads), median, from time(1); peak RSS: its %%M. For the PostgreSQL rows neither includes the server.\n'
	printf -- '- busy elsewhere: CPU time all other processes used during the run (from /proc/stat), as a share of all %s cores, median; for the PostgreSQL rows it includes the server.\n' "$(nproc)"
	f=$tmp/summary_cold.json
	printf -- '- snakepipe cold run summary: files=%s source_files=%s parsed=%s reused=%s bytes=%s rows=%s functions=%s classes=%s imports=%s\n' \
		"$(tmp_field "$f" files)" "$(tmp_field "$f" source_files)" "$(tmp_field "$f" parsed)" "$(tmp_field "$f" reused)" \
		"$(tmp_field "$f" bytes)" "$(tmp_field "$f" rows)" "$(tmp_field "$f" functions)" "$(tmp_field "$f" classes)" "$(tmp_field "$f" imports)"
	f=$tmp/summary_re.json
	f=$tmp/summary_one.json
	[[ -f $f ]] && printf -- '- snakepipe one-file-changed summary: parsed=%s reused=%s carried=%s rows=%s\n' \
		"$(sed -n 's/.*"parsed": \([0-9]*\).*/\1/p' "$f")" "$(sed -n 's/.*"reused": \([0-9]*\).*/\1/p' "$f")" \
		"$(sed -n 's/.*"carried": \([0-9]*\).*/\1/p' "$f")" "$(sed -n 's/.*"rows": \([0-9]*\).*/\1/p' "$f")"
	f=$tmp/summary_re.json
	printf -- '- snakepipe re-index summary: parsed=%s reused=%s carried=%s rows=%s bytes=%s (bytes read)\n' \
		"$(tmp_field "$f" parsed)" "$(tmp_field "$f" reused)" "$(tmp_field "$f" carried)" "$(tmp_field "$f" rows)" "$(tmp_field "$f" bytes)"
	printf -- '- database size after one cold run: SQLite file %.1f MB, PostgreSQL pg_database_size %.1f MB\n' \
		"$(awk -v b="$sqlite_bytes" 'BEGIN { print b / 1e6 }')" "$(awk -v b="$pg_bytes" 'BEGIN { print b / 1e6 }')"
	if ((have_ctags)); then
		printf -- '- ctags totals (--totals=yes): all languages: %s; Python only: %s\n' \
			"$(ctags_totals)" "$(ctags_totals --languages=Python)"
	fi
}
tmp_field() { # FILE NAME: a number of a JSON summary; "-" when the field is absent (older binary)
	local v
	v=$(sed -n "s/.*\"$2\": \\([0-9.]*\\).*/\\1/p" "$1")
	printf '%s' "${v:--}"
}
ctags_totals() {
	ctags -R "$@" --totals=yes -f /dev/null "$corpus" 2>&1 | sed -n 's/^\([0-9]* files*, [0-9]* lines* ([0-9]* kB)\) scanned.*/\1/p' | head -n 1
}

# --- callgrind mode -----------------------------------------------------------
# Inclusive Ir of the functions named (summed) in a callgrind profile; 0 when absent.
cg_incl() {
	local file=$1
	shift
	callgrind_annotate --inclusive=yes --threshold=100 "$file" 2>/dev/null |
		awk -v names="$*" '
			BEGIN { n = split(names, want, " "); for (i = 1; i <= n; i++) w[want[i]] = 1 }
			# "   781,976,694 ( 4.97%)  ???:sqlite3_step [/usr/lib/…/libsqlite3.so]"; a recursive
			# call shows as name'"'"'2 further down, already inside the first, outer line.
			/^ *[0-9,]+ +\( *[0-9.]+%\) / {
				v = $1; gsub(",", "", v)
				fn = $0; sub(/^ *[0-9,]+ +\( *[0-9.]+%\) +/, "", fn); sub(/ \[.*$/, "", fn)
				sub(/^.*:/, "", fn); sub(/'"'"'[0-9]+$/, "", fn)
				if (fn in w && !(fn in seen)) { seen[fn] = 1; sum += v }
			}
			END { printf "%.0f\n", sum }'
}
cg_total() { sed -n 's/^totals: *\([0-9]*\).*/\1/p' "$1" | head -n 1; }

callgrind() {
	local cg=(valgrind --tool=callgrind --quiet) jobs=()
	# valgrind runs one thread at a time anyway; one worker keeps the count free of hand-off and waiting.
	((has_jobs)) && jobs=(--jobs 1)
	say "callgrind: parse-only over $n_files files (valgrind runs it ~40× slower)"
	run - "$tmp/files" "${cg[@]}" --callgrind-out-file="$tmp/cg.parse" "$parse_only"
	say "callgrind: snakepipe index → SQLite (cold, fresh file)"
	rm -f "$tmp/cg.db"*
	run - /dev/null "${cg[@]}" --callgrind-out-file="$tmp/cg.sqlite" "$snakepipe" index "$corpus" --db "$tmp/cg.db" --quiet --json "${jobs[@]}"
	cp "$tmp/out" "$tmp/summary_cold.json"

	header
	local p s
	printf '| %s | %s | %s | %s | %s | %s | %s | %s |\n' 'run' 'Ir total' 'Ir / source byte' '× parse-only' \
		'parse: ts_parser_parse' 'queries: ts_query_cursor_next_*' 'SQLite: sqlite3_step' 'everything else'
	printf '|%s|\n' ':---|---:|---:|---:|---:|---:|---:|---:'
	p=$(cg_total "$tmp/cg.parse")
	for f in parse sqlite; do
		local tot parse query sql name
		tot=$(cg_total "$tmp/cg.$f")
		parse=$(cg_incl "$tmp/cg.$f" ts_parser_parse)
		query=$(cg_incl "$tmp/cg.$f" ts_query_cursor_next_match ts_query_cursor_next_capture)
		sql=$(cg_incl "$tmp/cg.$f" sqlite3_step)
		name=${label[parse]}
		if [[ $f == sqlite ]]; then
			name=${label[sq_cold]}
			((has_jobs)) && name=${label[sq_cold1]}
		fi
		awk -v name="$name" -v t="$tot" -v p="$p" -v a="$parse" -v q="$query" -v s="$sql" -v b="$n_bytes" '
			function g(x) { return sprintf("%.3f G", x / 1e9) }
			function part(x) { return sprintf("%s (%.0f %%)", g(x), 100 * x / t) }
			BEGIN {
				printf "| %s | %s | %.0f | %.2f× | %s | %s | %s | %s |\n",
					name, g(t), t / b, t / p, part(a), part(q), part(s), part(t - a - q - s)
			}'
	done
	printf '\n- Ir: instructions executed (valgrind %s), counted over the whole process; columns after "× parse-only" are inclusive counts of those library calls.\n' \
		"$(first_line valgrind --version | sed 's/^valgrind-//')"
	f=$tmp/summary_cold.json
	printf -- '- snakepipe run summary: source_files=%s parsed=%s reused=%s bytes=%s rows=%s\n' \
		"$(tmp_field "$f" source_files)" "$(tmp_field "$f" parsed)" "$(tmp_field "$f" reused)" "$(tmp_field "$f" bytes)" "$(tmp_field "$f" rows)"
}

# --- main ---------------------------------------------------------------------
if [[ $mode == callgrind ]]; then
	callgrind
	exit 0
fi

start_pg
say "warm-up round (untimed)"
warm=1
round
warm=0
for ((i = 1; i <= runs; i++)); do
	say "round $i/$runs"
	round
done
header
table
notes

#!/usr/bin/env bash
# perf/calls_bench.sh: what call sites cost and how many resolve (issue 12). Two tables:
#   1. cold index time (wall, and CPU: user + sys of every thread, the figure a loaded machine
#      disturbs least) of /usr/lib/python3.11 (and CORPUS_C, the Linux kernel/ lib/ mm/ corpus of
#      perf/corpora.sh, when present) with calls (SNAKEPIPE) beside without them (BASE: the same
#      tree with calls switched off, or a build of the commit before calls), rounds interleaved in
#      one run, medians and their ratio;
#   2. the share of call sites resolved per language on the corpora of perf/corpora.sh, read
#      from current_calls (schema/README.md 'How calls are resolved');
#   3. (with BASE) the CPU time of reading current_calls and the callers of the most called
#      function back, BASE's database (resolution in views) beside SNAKEPIPE's (stored at index
#      time, migration 0013), on READ_CORPORA (default "python go rust"), and whether both gave
#      the same rows.
#
# Usage: BASE=/path/to/old/snakepipe perf/calls_bench.sh [LANG...]
#   BASE=off: the fair comparison for table 1, built here: the committed tree (git archive HEAD)
#   with calls switched off, the one difference: transform/calls_rows.c writes no calls rows, the
#   run keeps no rows for the resolution (cli/index_batch.c) and the snapshot resolves none
#   (cli/index_snapshot.c); the call patterns of the .scm queries still
#   run in both. Table 3 is then left out (the off build has no calls to read).
#   BASE=<binary>: e.g. a build of the commit before calls: `git archive <commit> | tar -x -C
#   /tmp/base && cd /tmp/base && ln -s $PWD/node_modules . && meson setup build-rel
#   --buildtype=release && ninja -C build-rel` (without BASE only table 2 is printed). Env: SNAKEPIPE (default build-rel/snakepipe, a
#   release build), BENCH_RUNS (rounds, default 5), CORPORA_DIR (cache of perf/corpora.sh),
#   TIME_CORPORA (directories to time instead, space-separated).
set -euo pipefail
export LC_ALL=C

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
snakepipe=${SNAKEPIPE:-$root/build-rel/snakepipe}
base=${BASE:-}
runs=${BENCH_RUNS:-5}
corpora=${CORPORA_DIR:-/tmp/snakepipe-corpora}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
[[ -x $snakepipe ]] || { echo "calls_bench: no binary $snakepipe" >&2; exit 2; }

read_back=yes
if [[ $base == off ]]; then # the committed tree with calls switched off
	read_back=no
	mkdir "$tmp/off"
	git -C "$root" archive HEAD | tar -x -C "$tmp/off"
	ln -s "$root/node_modules" "$tmp/off/node_modules"
	off() { # file old new: one exact replacement, or the switch no longer fits the code
		grep -qF -- "$2" "$tmp/off/$1" || { echo "calls_bench: $1 has no '$2'" >&2; exit 2; }
		python3 -c 'import sys; p, a, b = sys.argv[1:]; s = open(p).read(); open(p, "w").write(s.replace(a, b, 1))' "$tmp/off/$1" "$2" "$3"
	}
	off transform/calls_rows.c 'for (size_t i = 0; i < sp_facts_count(f, SP_FACT_CALL); i++) {' \
		'for (size_t i = 0; 0 && i < sp_facts_count(f, SP_FACT_CALL); i++) {'
	off cli/index_snapshot.c 'cj.started = !pthread_create(' 'cj.started = 0 && !pthread_create('
	off cli/index_snapshot.c 'int resolved = complete && !own' 'int resolved = 0 && complete && !own'
	off cli/index_batch.c '	if (!code)
		feed_calls(r);' '	if (0 && !code)
		feed_calls(r);'
	(cd "$tmp/off" && meson setup build-rel --buildtype=release >/dev/null &&
		ninja -C build-rel snakepipe >/dev/null) || { echo "calls_bench: the off build failed" >&2; exit 2; }
	base=$tmp/off/build-rel/snakepipe
fi

seconds() { # binary corpus -> "wall cpu" seconds of one cold index into a fresh SQLite file
	rm -f "$tmp/t.db" "$tmp/t.db-wal" "$tmp/t.db-shm" "$tmp/t.db-snakepipe.lock"
	/usr/bin/time -f '%e %U %S' -o "$tmp/time" "$1" index "$2" --db "$tmp/t.db" --quiet \
		>/dev/null 2>&1 || [[ $? -eq 1 ]]
	awk '{printf "%s %.3f\n", $1, $2 + $3}' "$tmp/time"
}

median() { sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

if [[ -n $base ]]; then
	echo "### Cold index time with calls, \`BASE=… BENCH_RUNS=$runs perf/calls_bench.sh\`"
	echo
	echo "| corpus | wall without (s) | wall with (s) | wall ratio | CPU without (s) | CPU with (s) | CPU ratio |"
	echo "|---|---|---|---|---|---|---|"
	if [[ -n ${TIME_CORPORA:-} ]]; then
		read -r -a targets <<<"$TIME_CORPORA"
	else
		targets=(/usr/lib/python3.11)
		[[ -d $corpora/c ]] && targets+=("$corpora/c")
	fi
	for c in "${targets[@]}"; do
		seconds "$snakepipe" "$c" >/dev/null # warm the page cache
		: >"$tmp/a"
		: >"$tmp/b"
		for ((i = 0; i < runs; i++)); do
			seconds "$base" "$c" >>"$tmp/a"
			seconds "$snakepipe" "$c" >>"$tmp/b"
		done
		a=$(cut -d' ' -f1 "$tmp/a" | median)
		b=$(cut -d' ' -f1 "$tmp/b" | median)
		ca=$(cut -d' ' -f2 "$tmp/a" | median)
		cb=$(cut -d' ' -f2 "$tmp/b" | median)
		printf '| %s | %.2f | %.2f | %.3f | %.2f | %.2f | %.3f |\n' "$c" "$a" "$b" \
			"$(echo "$b / $a" | bc -l)" "$ca" "$cb" "$(echo "$cb / $ca" | bc -l)"
	done
	echo
fi

cpu_of() { # db sql -> CPU seconds (user + sys) of the sqlite3 shell reading it; its output in $tmp/out
	/usr/bin/time -f '%U %S' -o "$tmp/time" sqlite3 "$1" "$2" >"$tmp/out"
	awk '{printf "%.2f\n", $1 + $2}' "$tmp/time"
}

if [[ -n $base && $read_back == yes ]]; then
	# 3. reading the calls back: BASE resolves in views when read, SNAKEPIPE stores the resolution at
	# index time (migration 0013); the same corpus indexed by each, the same queries read with the
	# sqlite3 shell; `same` says both gave the same rows.
	echo "### Reading calls back, BASE (views) beside SNAKEPIPE (stored), CPU seconds of sqlite3"
	echo
	echo "| corpus | calls | current_calls before | after | callers of the most called function before | after | same rows |"
	echo "|---|---|---|---|---|---|---|"
	read -r -a rcorp <<<"${READ_CORPORA:-python go rust}"
	for l in "${rcorp[@]}"; do
		dir=$("$here/corpora.sh" --path "$l" 2>/dev/null) || continue
		rm -f "$tmp"/rb.db* "$tmp"/rn.db*
		"$base" index "$dir" --db "$tmp/rb.db" --quiet >/dev/null 2>&1 || [[ $? -eq 1 ]]
		"$snakepipe" index "$dir" --db "$tmp/rn.db" --quiet >/dev/null 2>&1 || [[ $? -eq 1 ]]
		all="SELECT path, call_id, resolution, target_path, target_function_id, module, reason
		     FROM current_calls ORDER BY path, call_id"
		a1=$(cpu_of "$tmp/rb.db" "$all")
		sum_b=$(md5sum <"$tmp/out")
		n=$(wc -l <"$tmp/out")
		a2=$(cpu_of "$tmp/rn.db" "$all")
		sum_n=$(md5sum <"$tmp/out")
		read -r tp tq < <(sqlite3 -separator ' ' "$tmp/rn.db" "
			SELECT e.callee_path, f.qualified_name FROM current_call_edges e
			JOIN functions f ON f.repository_id = e.repository_id AND f.blob_id = e.callee_blob_id
			                AND f.function_id = e.callee_function_id
			GROUP BY e.callee_blob_id, e.callee_function_id, e.callee_path, f.qualified_name
			ORDER BY count(*) DESC LIMIT 1")
		callers="SELECT e.caller_path, COALESCE(e.caller, ''), e.line, e.resolution
			FROM current_call_edges e
			JOIN functions f ON f.repository_id = e.repository_id AND f.blob_id = e.callee_blob_id
			                AND f.function_id = e.callee_function_id
			WHERE e.callee_path = '${tp}' AND f.qualified_name = '${tq}'
			ORDER BY e.caller_path, e.line, e.caller"
		b1=$(cpu_of "$tmp/rb.db" "$callers")
		cb=$(md5sum <"$tmp/out")
		b2=$(cpu_of "$tmp/rn.db" "$callers")
		cn=$(md5sum <"$tmp/out")
		same=no
		[[ $sum_b == "$sum_n" && $cb == "$cn" ]] && same=yes
		printf '| %s | %s | %s | %s | %s (%s) | %s | %s |\n' "$l" "$n" "$a1" "$a2" "$b1" "$tq" "$b2" "$same"
	done
	echo
fi

langs=("$@")
[[ ${#langs[@]} -gt 0 ]] || langs=(python javascript typescript go rust java c cpp-googletest ruby)
echo "### Calls resolved per language, \`perf/calls_bench.sh\`"
echo
echo "| language | corpus | call sites | to a function | external | unresolved | resolved |"
echo "|---|---|---|---|---|---|---|"
for l in "${langs[@]}"; do
	dir=$("$here/corpora.sh" --path "$l" 2>/dev/null) || { echo "| $l | (no corpus) | | | | | |"; continue; }
	rm -f "$tmp/s.db"*
	"$snakepipe" index "$dir" --db "$tmp/s.db" --quiet >/dev/null 2>&1 || [[ $? -eq 1 ]]
	sqlite3 -separator ' | ' "$tmp/s.db" "
		SELECT '| $l', '$(basename "$(readlink -f "$dir")")', count(*),
		       sum(CASE WHEN target_function_id IS NOT NULL THEN 1 ELSE 0 END),
		       sum(CASE WHEN resolution = 'external' THEN 1 ELSE 0 END),
		       sum(CASE WHEN resolution = 'unresolved' THEN 1 ELSE 0 END),
		       printf('%.1f %% |', 100.0 * sum(CASE WHEN resolution = 'unresolved' THEN 0 ELSE 1 END)
		                          / max(count(*), 1))
		FROM current_calls WHERE language = '${l%%-*}'"
done

#!/usr/bin/env bash
# perf/check_bench.sh: how long `snakepipe check` takes on an already indexed repository of the
# CPython standard library's size, for a change touching one file, beside a no-op `index`.
#
# Usage: perf/check_bench.sh [CORPUS]      (CORPUS defaults to /usr/lib/python3.11)
#
# Copies CORPUS's *.py files (no site-packages, dist-packages, __pycache__) into a throwaway git
# repository (main), indexes it once into a fresh SQLite file (untimed), then commits a change
# to one file on a branch (an over-complex function appended) and times BENCH_RUNS (default 5)
# runs of each row, printing median and min-max wall seconds as Markdown:
#   index (no-op)        snakepipe index REPO --quiet   on main's unchanged work tree
#   check (work tree)    snakepipe check REPO --base main   with the change checked out
#   check (--rev)        snakepipe check REPO --base main --rev change   from git's object store
# Every check exits 6 here (the appended function breaks cyclomatic > 15); that is checked.
# Env: SNAKEPIPE (binary, default build/snakepipe: measure a release build). Writes only in /tmp.
set -euo pipefail
export LC_ALL=C

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bin=${SNAKEPIPE:-$root/build/snakepipe}
corpus=${1:-/usr/lib/python3.11}
runs=${BENCH_RUNS:-5}
say() { printf 'check_bench: %s\n' "$*" >&2; }
[[ -x $bin ]] || {
	say "$bin: not built (meson setup build --buildtype=release && ninja -C build)"
	exit 1
}
[[ -d $corpus ]] || {
	say "$corpus: not a directory"
	exit 1
}

work=$(mktemp -d /tmp/snakepipe-check-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
repo=$work/repo
db=$work/bench.db
g() { git -C "$repo" -c user.name=bench -c user.email=bench@example.invalid "$@"; }

say "copying $corpus's *.py into $repo"
mkdir -p "$repo"
(cd "$corpus" && find . \( -name site-packages -o -name dist-packages -o -name __pycache__ \) \
	-prune -o -type f -name '*.py' -print0 | tar --null -T - -cf -) | tar -xf - -C "$repo"
files=$(find "$repo" -name '*.py' | wc -l)
g init -q -b main
g add -A
g commit -qm base
say "indexing $files files once (untimed)"
"$bin" index "$repo" --db "$db" --quiet

# one file changed on a branch: a function with 20 decisions appended
target=$(cd "$repo" && find . -name '*.py' -size +8k | sort | head -1)
g checkout -q -b change
{
	printf '\n\ndef bench_added(x):\n'
	for i in $(seq 20); do printf '    if x == %d:\n        return %d\n' "$i" "$i"; done
	printf '    return 0\n'
} >>"$repo/$target"
g commit -qam "change $target"
g checkout -q main

# time ROW EXPECTED_EXIT CMD...: BENCH_RUNS runs, prints one table row
time_row() {
	local name=$1 want=$2
	shift 2
	local times=() t0 t1 rc
	for _ in $(seq "$runs"); do
		t0=$EPOCHREALTIME
		rc=0
		"$@" >/dev/null || rc=$?
		t1=$EPOCHREALTIME
		[[ $rc == "$want" ]] || {
			say "$name: exit $rc, wanted $want"
			exit 1
		}
		times+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')")
	done
	printf '%s\n' "${times[@]}" | sort -n | awk -v name="$name" '
		{ v[NR] = $1 } END { printf "| %s | %.3f | %.3f–%.3f |\n", name, v[int((NR + 1) / 2)], v[1], v[NR] }'
}

printf '%s files (%s), change: %s; %s runs each, %s\n\n' "$files" "$corpus" "$target" "$runs" \
	"$("$bin" --version)"
printf '| row | wall s (median) | min–max |\n|:---|---:|---:|\n'
time_row "index (no-op, main's work tree)" 0 "$bin" index "$repo" --db "$db" --quiet
time_row "check --rev change (object store)" 6 "$bin" check "$repo" --db "$db" --base main --rev change
g checkout -q change
time_row "check (work tree on change)" 6 "$bin" check "$repo" --db "$db" --base main

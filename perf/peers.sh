#!/usr/bin/env bash
# perf/peers.sh: snakepipe beside its peers on one corpus, in one run: @optave/codegraph (installed
# from npm into a temporary directory), Universal Ctags, and snakepipe's cold index into SQLite;
# prints each one's wall time and the ratios (goal: snakepipe >= 5x faster than codegraph cold).
#
#   perf/peers.sh [CORPUS]                  default /usr/lib/python3.11
#   CODEGRAPH_DIR=DIR perf/peers.sh         use (or fill, and keep) DIR for the npm install instead
#                                           of a temporary one: better-sqlite3 compiles for minutes
#   CODEGRAPH_VERSION=3.11.2 (default), SNAKEPIPE=… (default build-rel/snakepipe, else build/)
# codegraph runs as `codegraph build --no-incremental --no-ast --no-dataflow --no-cfg CORPUS --db
# FRESH` (its native engine: the prebuilt @optave/codegraph-linux-x64-gnu), ctags as
# `ctags -R -f /dev/null CORPUS`, snakepipe as `snakepipe index CORPUS --db FRESH --quiet`.
# Each is run once untimed (warm cache), then BENCH_RUNS (default 3) interleaved rounds; medians.
set -euo pipefail
export LC_ALL=C

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
say() { printf 'peers: %s\n' "$*" >&2; }
die() {
	say "error: $*"
	exit 1
}
[[ ${1:-} == -h || ${1:-} == --help ]] && { sed -n '2,13s/^# \{0,1\}//p' "$0"; exit 0; }
corpus=$(cd "${1:-/usr/lib/python3.11}" && pwd -P)
runs=${BENCH_RUNS:-3}
version=${CODEGRAPH_VERSION:-3.11.2}
tmp=$(mktemp -d /tmp/sp-peers.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

sp=${SNAKEPIPE:-}
for d in build-rel build; do [[ -z $sp && -x $root/$d/snakepipe ]] && sp=$root/$d/snakepipe; done
[[ -n $sp ]] || die "no snakepipe binary (ninja -C build-rel)"
cp "$sp" "$tmp/snakepipe"
command -v ctags >/dev/null || die "ctags missing (apt-get install universal-ctags)"
command -v npm >/dev/null || die "npm missing"

cg_dir=${CODEGRAPH_DIR:-$tmp/codegraph}
mkdir -p "$cg_dir"
cg=$cg_dir/node_modules/.bin/codegraph
if [[ ! -x $cg ]] || [[ $("$cg" --version 2>/dev/null) != "$version" ]]; then
	say "npm install @optave/codegraph@$version into $cg_dir (better-sqlite3 builds from source offline: minutes)"
	(cd "$cg_dir" && npm install --no-audit --no-fund --loglevel=error "@optave/codegraph@$version" >&2) ||
		die "npm install @optave/codegraph@$version failed"
fi
"$cg" --version >/dev/null || die "codegraph does not run"

run_codegraph() { rm -rf "$tmp/cg.db"*; "$cg" build --no-incremental --no-ast --no-dataflow --no-cfg "$corpus" --db "$tmp/cg.db" >/dev/null 2>&1; }
run_ctags() { ctags -R -f /dev/null "$corpus" >/dev/null 2>&1; }
run_snakepipe() { rm -f "$tmp/sp.db"*; "$tmp/snakepipe" index "$corpus" --db "$tmp/sp.db" --quiet || (($? == 1)); }
names=(codegraph ctags snakepipe)
declare -A times cpus
# CPU seconds (user + sys) of this shell's waited-for children so far: each tool and its threads
# (`times` must run in this shell, not in a $(…) subshell, whose children are its own)
cpu_of() { tail -n 1 "$1" | awk '{for (i = 1; i <= 2; i++) {split($i, t, "m"); sub("s", "", t[2]); c += t[1] * 60 + t[2]} printf "%.3f", c}'; }
for n in "${names[@]}"; do
	say "warm-up: $n"
	"run_$n" || die "$n failed"
done
for ((i = 1; i <= runs; i++)); do
	for n in "${names[@]}"; do
		say "round $i: $n"
		t0=$EPOCHREALTIME
		times >"$tmp/times"
		c0=$(cpu_of "$tmp/times")
		"run_$n"
		t1=$EPOCHREALTIME
		times >"$tmp/times"
		times[$n]+="$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.3f", b - a}') "
		cpus[$n]+="$(awk -v a="$c0" -v b="$(cpu_of "$tmp/times")" 'BEGIN{printf "%.3f", b - a}') "
	done
done
median() { tr ' ' '\n' <<<"$1" | grep . | sort -n | awk '{v[NR] = $1} END{printf "%.2f", NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
cgm=$(median "${times[codegraph]}") ctm=$(median "${times[ctags]}") spm=$(median "${times[snakepipe]}")
cgc=$(median "${cpus[codegraph]}") ctc=$(median "${cpus[ctags]}") spc=$(median "${cpus[snakepipe]}")
echo "# perf/peers.sh: $corpus, $(nproc) cores, $runs rounds, $(date -u '+%Y-%m-%d %H:%M UTC'); load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| tool | what it does | wall s (median) | runs | ÷ snakepipe | CPU s (median) | CPU ÷ snakepipe's |"
echo "|:---|:---|---:|:---|---:|---:|---:|"
echo "| codegraph $version (native engine) | build --no-incremental --no-ast --no-dataflow --no-cfg, fresh graph.db | $cgm | ${times[codegraph]}| $(awk -v a="$cgm" -v b="$spm" 'BEGIN{printf "%.2f", a / b}') | $cgc | $(awk -v a="$cgc" -v b="$spc" 'BEGIN{printf "%.2f", a / b}') |"
echo "| Universal Ctags $(ctags --version | head -n 1 | awk '{sub(/,$/, "", $3); print $3}') | ctags -R (tags only, no database) | $ctm | ${times[ctags]}| $(awk -v a="$ctm" -v b="$spm" 'BEGIN{printf "%.2f", a / b}') | $ctc | $(awk -v a="$ctc" -v b="$spc" 'BEGIN{printf "%.2f", a / b}') |"
echo "| snakepipe $("$tmp/snakepipe" --version | awk '{print $2}') | index, cold, fresh SQLite file, default --jobs | $spm | ${times[snakepipe]}| 1.00 | $spc | 1.00 |"
echo
echo "snakepipe is $(awk -v a="$cgm" -v b="$spm" 'BEGIN{printf "%.1f", a / b}')× faster than codegraph cold in wall time (goal ≥ 5×), $(awk -v a="$cgc" -v b="$spc" 'BEGIN{printf "%.1f", a / b}')× in CPU time"

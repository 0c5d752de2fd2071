#!/usr/bin/env bash
# perf/overhead.sh: what extraction costs beyond parsing, per language, in instructions (callgrind:
# independent of the machine's load). For each corpus of perf/corpora.sh, the first files (in path
# order) up to SUBSET_MB (default 2) are indexed cold into SQLite with --jobs 1 under callgrind; the
# worker thread's instructions are split into tree-sitter's parse, the language's queries, metrics
# (sp_measure), line classes (sp_lines_classify), the rest of extraction (facts, C/C++ macro
# blanking, error lines) and transform + row building; each as % of the parse. Goal of issue 11:
# worker − parse <= 25 % of parse for every language.
#
#   perf/overhead.sh [LANG…]       default: every corpus in $CORPORA_DIR (default /tmp/snakepipe-corpora)
#   SNAKEPIPE=… (default build-rel/snakepipe, else build/), SUBSET_MB=2 (may be fractional)
#   BASE=…  another binary (a build of the commit before a change): a "before" row beside each
#   OVERHEAD_KEEP=DIR keeps each run's callgrind.out as DIR/<label>/<lang>.cg.out;
#   OVERHEAD_FROM=DIR reads them back instead of running valgrind (label "after", "before")
set -euo pipefail
export LC_ALL=C

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
say() { printf 'overhead: %s\n' "$*" >&2; }
[[ ${1:-} == -h || ${1:-} == --help ]] && { sed -n '2,16s/^# \{0,1\}//p' "$0"; exit 0; }
[[ -n ${OVERHEAD_FROM:-} ]] || command -v valgrind >/dev/null || { say "valgrind missing (apt-get install valgrind)"; exit 1; }
sp=${SNAKEPIPE:-}
for d in build-rel build; do [[ -z $sp && -x $root/$d/snakepipe ]] && sp=$root/$d/snakepipe; done
cdir=${CORPORA_DIR:-/tmp/snakepipe-corpora}
langs=("$@")
((${#langs[@]})) || langs=(c cpp go java javascript python ruby rust tsx typescript)
mb=${SUBSET_MB:-2}
tmp=$(mktemp -d /tmp/sp-overhead.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
cp "$sp" "$tmp/after"
builds=(after)
[[ -n ${BASE:-} ]] && cp "$BASE" "$tmp/before" && builds=(before after)
[[ -n ${OVERHEAD_FROM:-} && -d $OVERHEAD_FROM/before ]] && builds=(before after)

# inclusive Ir of a function (0 when absent)
ir() { awk -v f="$2" '$0 ~ ":" f " \\[" {gsub(",", "", $1); print $1; found = 1; exit} END{if (!found) print 0}' "$1"; }
pct() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.0f %%", (b > 0 ? 100 * a / b : 0)}'; }

echo "# perf/overhead.sh: instructions of \`snakepipe index SUBSET --jobs 1\` (cold, SQLite) under callgrind, first ${mb} MB of each corpus; $(date -u '+%Y-%m-%d %H:%M UTC')"
echo
echo "| language | build | files | MB | parse Ir | queries | metrics | line classes | other extraction | transform + rows | **worker − parse** | worker − parse Ir | query compile (once per run) | SQLite (writer) |"
echo "|:---|:---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for lang in "${langs[@]}"; do
	src=$cdir/$lang
	[[ -d $src ]] || { say "$lang: no corpus in $cdir (perf/corpora.sh)"; continue; }
	src=$(cd "$src" && pwd -P)
	sub=$tmp/$lang
	mkdir -p "$sub"
	# hidden paths left out: other tools write into shared corpora (codegraph's .codegraph/ in the
	# stdlib shifted the subset between two runs)
	(cd "$src" && find . -type f -not -path '*/.*' -not -path '*/__pycache__/*' | sort) >"$tmp/all"
	awk -v lim="$(awk -v m="$mb" 'BEGIN{printf "%d", m * 1000000}')" -v dir="$src" '
		{cmd = "stat -c %s \"" dir "/" $0 "\""; cmd | getline s; close(cmd); if (s > 1000000) next; tot += s; print; if (tot > lim) exit}' "$tmp/all" >"$tmp/list"
	while read -r f; do mkdir -p "$sub/$(dirname "$f")"; cp "$src/$f" "$sub/$f"; done <"$tmp/list"
	bytes=$(du -sb "$sub" | cut -f1)
	for b in "${builds[@]}"; do
		if [[ -n ${OVERHEAD_FROM:-} ]]; then
			[[ -f $OVERHEAD_FROM/$b/$lang.cg.out ]] || continue
			cp "$OVERHEAD_FROM/$b/$lang.cg.out" "$tmp/cg.out"
		else
			say "$lang ($b): $(wc -l <"$tmp/list") files under callgrind"
			rm -f "$tmp/$lang.db"*
			valgrind --tool=callgrind --callgrind-out-file="$tmp/cg.out" "$tmp/$b" index "$sub" \
				--db "$tmp/$lang.db" --jobs 1 --quiet >/dev/null 2>&1 || true
			# a file's parse and query share a 10 s budget (SP_PARSE_SECONDS), which a loaded
			# machine under callgrind can exceed: such a file's figures are missing
			late=$(sqlite3 "$tmp/$lang.db" "SELECT count(*) FROM file_errors WHERE error LIKE '%timed out%'" 2>/dev/null || echo '?')
			[[ $late == 0 ]] || say "$lang ($b): $late files timed out under callgrind: their figures are missing, run again on a quieter machine"
			[[ $late == 0 ]] || echo "$lang $b $late" >>"$tmp/late"
		fi
		# threshold 100: every function, however small its share of the whole run
		callgrind_annotate --inclusive=yes --threshold=100 "$tmp/cg.out" >"$tmp/cg.txt" 2>/dev/null
		[[ -n ${OVERHEAD_KEEP:-} ]] && mkdir -p "$OVERHEAD_KEEP/$b" && cp "$tmp/cg.out" "$OVERHEAD_KEEP/$b/$lang.cg.out"
		W=$(ir "$tmp/cg.txt" work) R=$(ir "$tmp/cg.txt" sp_parser_run) P=$(ir "$tmp/cg.txt" ts_parser_parse_with_options)
		# the query: its cursor, run once over the tree (before) or at each node a pattern starts at
		Q=$(($(ir "$tmp/cg.txt" ts_query_cursor_next_match) + $(ir "$tmp/cg.txt" ts_query_cursor_exec_with_options)))
		# the metric walks (before), or the one pass over the recorded walk that feeds them all
		M=$(($(ir "$tmp/cg.txt" sp_measure) + $(ir "$tmp/cg.txt" sp_cognitive) + $(ir "$tmp/cg.txt" sp_measure_halstead) + $(ir "$tmp/cg.txt" sp_nodes_visit)))
		L=$(ir "$tmp/cg.txt" sp_lines_classify) C=$(ir "$tmp/cg.txt" ts_query_new) S=$(ir "$tmp/cg.txt" sqlite3_step)
		O=$((R - P - Q - M - L)) T=$((W - R))
		# which functions cost what (inclusive; the cursor's own navigation: exclusive, every caller)
		sum() { local f t=0; for f in "${@:2}"; do t=$((t + $(ir "$1" "$f"))); done; echo "$t"; }
		callgrind_annotate --threshold=100 "$tmp/cg.out" >"$tmp/cg.self" 2>/dev/null
		K=$(awk '/:ts_tree_cursor_[a-z_]* \[/ {gsub(",", "", $1); t += $1} END{print t + 0}' "$tmp/cg.self")
		printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$lang" "$b" \
			"$(pct "$(sum "$tmp/cg.txt" sp_nodes_record)" "$P")" "$(pct "$Q" "$P")" \
			"$(pct "$(sum "$tmp/cg.txt" sp_measure measure_node)" "$P")" \
			"$(pct "$(sum "$tmp/cg.txt" sp_cognitive cognitive_node cognitive_end)" "$P")" \
			"$(pct "$(sum "$tmp/cg.txt" sp_measure_halstead halstead_node halstead_end)" "$P")" \
			"$(pct "$(sum "$tmp/cg.txt" sp_pp_recover sp_blank_macros)" "$P")" "$(pct "$L" "$P")" \
			"$(pct "$(sum "$tmp/cg.txt" ts_tree_delete)" "$P")" "$(pct "$K" "$P")" >>"$tmp/funcs"
		echo "| $lang | $b | $(wc -l <"$tmp/list") | $(awk -v b="$bytes" 'BEGIN{printf "%.1f", b / 1e6}') | $(awk -v p="$P" 'BEGIN{printf "%.2f G", p / 1e9}') | $(pct "$Q" "$P") | $(pct "$M" "$P") | $(pct "$L" "$P") | $(pct "$O" "$P") | $(pct "$T" "$P") | **$(pct "$((W - P))" "$P")** | $(awk -v x="$((W - P))" 'BEGIN{printf "%.2f G", x / 1e9}') | $(pct "$C" "$P") | $(pct "$S" "$P") |"
	done
done
echo
echo "Each column is % of the parse's instructions; goal: worker − parse <= 25 %."
if [[ -f $tmp/late ]]; then while read -r l b n; do echo "**$l ($b): $n files timed out under callgrind; that row undercounts.**"; done <"$tmp/late"; fi
echo
echo "Which functions cost what, inclusive, % of the parse (the walk: sp_nodes_record, the one walk of the tree, absent before it; before it the query's start-node walk was inlined into sp_parser_run, in \"other extraction\" above; TSTreeCursor: the exclusive instructions of every ts_tree_cursor_* function, the query's included):"
echo
echo "| language | build | walk (nodes.c) | queries | complexity | cognitive + MI inputs | Halstead | C/C++ pp recovery + macro blanking | line classes | tree free (ts_tree_delete) | TSTreeCursor navigation (self) |"
echo "|:---|:---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
if [[ -f $tmp/funcs ]]; then cat "$tmp/funcs"; fi

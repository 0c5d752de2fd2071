#!/usr/bin/env bash
# perf/queries.sh: how fast the documented example queries answer on a large database, right
# after the runs that built it (no manual ANALYZE): the whole Linux 6.1 tree, eight other public
# code bases (perf/corpora.sh: CPython's, Go's, Ruby's and Rust's standard libraries, java.base,
# libstdc++, googletest, the TypeScript compiler) and a 200-commit history built from the CPython
# standard library, in one SQLite file and one PostgreSQL database. Prints the load times and one
# Markdown table: each query of README.md's "Example queries" block, first run and median of the
# next QUERY_RUNS, on both engines.
#
#   perf/queries.sh              # build everything (once: cached in $QUERIES_DIR) and measure
#   perf/queries.sh --reuse      # measure the databases a previous run left in $QUERIES_DIR
#   perf/queries.sh --reuse --rerun  # first one incremental run on each (the history's work tree
#                                # indexed again: migrations applied, summaries and statistics
#                                # refreshed as after any run), then measure
#
# Env: QUERIES_DIR (default /tmp/snakepipe-queries), SNAKEPIPE (default build-rel/snakepipe, else
#      build/snakepipe), SNAKEPIPE_PG (a conninfo; default: a throwaway server, scripts/pg-tmp,
#      kept running with --keep-pg so that --reuse can follow), QUERY_RUNS (default 3),
#      CORPORA_DIR (perf/corpora.sh's cache), QUERY_ENGINES (default "sqlite postgresql": which
#      engines' queries to time). Needs sqlite3's Python module and psql.
# The queries are read from README.md, so what is measured is what is documented; their example
# paths are replaced by ones that exist here (src/util.h -> include/linux/kernel.h, the function
# of the history example -> one of the history repository).
set -euo pipefail
export LC_ALL=C
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
dir=${QUERIES_DIR:-/tmp/snakepipe-queries}
runs=${QUERY_RUNS:-3}
reuse=false keep_pg=false rerun=false
for a in "$@"; do
	case $a in
	--reuse) reuse=true ;;
	--rerun) rerun=true ;;
	--keep-pg) keep_pg=true ;;
	*) echo "usage: perf/queries.sh [--reuse] [--rerun] [--keep-pg]" >&2; exit 2 ;;
	esac
done
snakepipe=${SNAKEPIPE:-$root/build-rel/snakepipe}
[[ -x $snakepipe ]] || snakepipe=$root/build/snakepipe
[[ -x $snakepipe ]] || { echo "queries.sh: no snakepipe binary (set SNAKEPIPE)" >&2; exit 2; }
say() { printf 'queries: %s\n' "$*" >&2; }
mkdir -p "$dir"
# a private copy: the build dir may be relinked meanwhile
if ! $reuse || $rerun; then cp "$snakepipe" "$dir/snakepipe.new" && mv "$dir/snakepipe.new" "$dir/snakepipe"; fi
sp=$dir/snakepipe

# ---- the PostgreSQL database
if [[ -z ${SNAKEPIPE_PG:-} ]]; then
	if $reuse && [[ -f $dir/pg.env ]]; then
		# shellcheck disable=SC1091
		source "$dir/pg.env"
	else
		env=$("$root/scripts/pg-tmp" start)
		eval "$env"
		printf 'SNAKEPIPE_TEST_PG=%q\nSNAKEPIPE_PG_TMP=%q\n' "$SNAKEPIPE_TEST_PG" "$SNAKEPIPE_PG_TMP" >"$dir/pg.env"
		$keep_pg || trap '"$root/scripts/pg-tmp" stop "$SNAKEPIPE_PG_TMP" >/dev/null 2>&1 || true' EXIT
	fi
	base=$SNAKEPIPE_TEST_PG
	if ! $reuse; then
		psql -X -q "$base" -c "DROP DATABASE IF EXISTS sp_queries" -c "CREATE DATABASE sp_queries" >/dev/null
	fi
	pg="${base%/*}/sp_queries"
	[[ $base == *://* ]] || pg="$base dbname=sp_queries"
else
	pg=$SNAKEPIPE_PG
fi
db=$dir/queries.db

# ---- inputs: the kernel tree, eight corpora, a 200-commit history
linux=$dir/linux-source-6.1
if [[ ! -f $dir/.done-linux ]]; then
	say "unpacking /usr/src/linux-source-6.1.tar.xz"
	[[ -f /usr/src/linux-source-6.1.tar.xz ]] || { echo "queries.sh: apt-get install linux-source-6.1" >&2; exit 2; }
	rm -rf "$linux"
	tar -xJf /usr/src/linux-source-6.1.tar.xz -C "$dir"
	touch "$dir/.done-linux"
fi
corpora=(python go ruby java rust cpp cpp-googletest javascript)
for c in "${corpora[@]}"; do "$here/corpora.sh" --path "$c" >/dev/null; done
cdir=${CORPORA_DIR:-/tmp/snakepipe-corpora}
hist=$dir/history
if [[ ! -f $dir/.done-history ]]; then
	say "building a 200-commit history from the CPython standard library"
	rm -rf "$hist"
	python3 - "$hist" <<'PY'
import os, subprocess, sys
out = sys.argv[1]
src = "/usr/lib/python3.11"
files = sorted(os.path.relpath(os.path.join(d, f), src) for d, ds, fs in os.walk(src)
               for f in fs if f.endswith(".py") and "/test" not in "/" + os.path.relpath(d, src)
               and "site-packages" not in d and "dist-packages" not in d)
os.makedirs(out)
authors = [("Ada", "ada@example.org"), ("Brian", "bwk@example.org"), ("Grace", "grace@example.org"),
           ("Linus", "linus@example.org"), ("Guido", "guido@example.org")]
def git(*a, env=None):
    subprocess.run(["git", "-C", out, *a], check=True, capture_output=True, env=env)
git("init", "-q", "-b", "main")
first, rest = files[:len(files) // 2], files[len(files) // 2:]
per = max(1, len(rest) // 199)
t = 1672531200  # 2023-01-01
for i in range(200):
    batch = first if i == 0 else rest[(i - 1) * per:i * per] if i < 199 else rest[(i - 1) * per:]
    for rel in batch:
        os.makedirs(os.path.dirname(os.path.join(out, rel)) or out, exist_ok=True)
        with open(os.path.join(src, rel), "rb") as a, open(os.path.join(out, rel), "wb") as b:
            b.write(a.read())
    if i:  # two earlier files grow a function each commit: churn and complexity growth
        for k in range(2):
            rel = first[(i * 7 + k * 13) % len(first)]
            with open(os.path.join(out, rel), "a") as f:
                f.write(f"\n\ndef _grown_{i}_{k}(x):\n" + "".join(
                    f"    if x > {j}:\n        x -= {j}\n" for j in range(i % 9 + 1)) + "    return x\n")
    git("add", "-A")
    name, mail = authors[i % len(authors)]
    t += 86400
    env = dict(os.environ, GIT_AUTHOR_NAME=name, GIT_AUTHOR_EMAIL=mail, GIT_COMMITTER_NAME=name,
               GIT_COMMITTER_EMAIL=mail, GIT_AUTHOR_DATE=f"@{t} +0000", GIT_COMMITTER_DATE=f"@{t} +0000")
    git("commit", "-qm", f"step {i}", env=env)
PY
	touch "$dir/.done-history"
fi

# ---- load both databases
load() { # $1 label, $2 url
	local url=$2 t0 t1
	t0=$(date +%s.%N)
	"$sp" index "$linux" --db "$url" --repo-name linux --quiet --json >"$dir/$1-linux.json" || true
	t1=$(date +%s.%N)
	say "$1: linux indexed in $(echo "$t1 - $t0" | bc) s"
	for c in "${corpora[@]}"; do
		"$sp" index "$cdir/$c" --db "$url" --repo-name "$c" --quiet --json >/dev/null || true
	done
	t0=$(date +%s.%N)
	say "$1: 8 corpora indexed in $(echo "$t0 - $t1" | bc) s"
	"$sp" history "$hist" --db "$url" --repo-name history --quiet --json >/dev/null || true
	t1=$(date +%s.%N)
	say "$1: 200-commit history indexed in $(echo "$t1 - $t0" | bc) s"
}
if ! $reuse; then
	rm -f "$db" "$db-wal" "$db-shm"
	load sqlite "$db"
	load postgresql "$pg"
fi
if $rerun; then
	for e in sqlite postgresql; do
		url=$db
		[[ $e == sqlite ]] || url=$pg
		t0=$(date +%s.%N)
		"$sp" index "$hist" --db "$url" --repo-name history --quiet --json >"$dir/$e-rerun.json" || true
		say "$e: the history's work tree indexed again in $(echo "$(date +%s.%N) - $t0" | bc) s"
	done
fi

# ---- the queries of README.md, timed
python3 - "$root/README.md" "$db" "$pg" "$runs" "${QUERY_ENGINES:-sqlite postgresql}" <<'PY'
import re, sqlite3, statistics, subprocess, sys, time
readme, db, pg, runs = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
engines = sys.argv[5].split()
text = open(readme).read()
block = text.split("Example queries", 1)[1].split("```sql", 1)[1].split("```", 1)[0]
queries = []
for chunk in re.split(r"\n\s*\n", block.strip()):
    lines = chunk.strip().splitlines()
    title = lines[0][3:].strip()
    sql = "\n".join(l for l in lines[1:] if not l.startswith("-- ")).strip().rstrip(";")
    if sql:
        queries.append((title, sql))
con = sqlite3.connect(db)
fn = con.execute("SELECT path, qualified_name FROM current_functions f JOIN repositories r USING (repository_id) "
                 "WHERE r.name = 'history' AND qualified_name LIKE '\\_grown%' ESCAPE '\\' LIMIT 1").fetchone()
# the transitive example from a header of typical reach (202 files depend on it); from
# include/linux/kernel.h (about 39,000, most of the tree) it is the extra row at the end
subst = {"'src/util.h'": "'include/linux/list_sort.h'", "'app/core.py'": f"'{fn[0]}'" if fn else "'x'",
         "'Engine.run'": f"'{fn[1]}'" if fn else "'x'"}
trans = next(((t, s) for t, s in queries if "transitively" in t), None)
if trans:
    queries.append((trans[0] + " (from include/linux/kernel.h)",
                    trans[1].replace("'src/util.h'", "'include/linux/kernel.h'")))
def fix(sql):
    for a, b in subst.items():
        sql = sql.replace(a, b)
    return sql
def sqlite_times(sql):
    out = []
    for i in range(runs + 1):
        c = sqlite3.connect(db)
        t = time.perf_counter()
        rows = c.execute(sql).fetchall()
        out.append((time.perf_counter() - t) * 1000)
        c.close()
    return out, len(rows)
def pg_times(sql):
    if "postgresql" not in engines:
        return None, "not measured"
    cmds = ["-c", "\\timing on"] + ["-c", sql] * (runs + 1)
    r = subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", pg, "-o", "/dev/null", *cmds],
                       capture_output=True, text=True)
    if r.returncode:
        return None, r.stderr.strip().splitlines()[-1]
    return [float(m) for m in re.findall(r"Time: ([0-9.]+) ms", r.stdout)], None
print("| query | rows | SQLite first ms | SQLite median ms | PostgreSQL first ms | PostgreSQL median ms | under 100 ms |")
print("|:---|---:|---:|---:|---:|---:|:---|")
for title, sql in queries:
    sql = fix(sql)
    s, n = sqlite_times(sql)
    p, err = pg_times(sql)
    if p is None:
        print(f"| {title} | {n} | {s[0]:.1f} | {statistics.median(s[1:]):.1f} | error: {err} | | no |")
        continue
    ok = max(s[0], statistics.median(s[1:]), p[0], statistics.median(p[1:])) < 100
    print(f"| {title} | {n} | {s[0]:.1f} | {statistics.median(s[1:]):.1f} | {p[0]:.1f} | "
          f"{statistics.median(p[1:]):.1f} | {'yes' if ok else 'no'} |")
PY

# perf/lib.sh: what the PostgreSQL benchmarks (perf/pg_cost.sh, perf/pipeline.sh) share, sourced
# once root, say and die are set: the server (SNAKEPIPE_TEST_PG, else a throwaway one from
# scripts/pg-tmp), fresh databases on it, their cleanup, and the server's CPU time.
# shellcheck shell=bash disable=SC2034,SC2154 # conn is for the caller; root, say, die are the caller's

pg_base=
own_pg=
pg_dbs=()
pg_seq=0

# pg_up: sets pg_base to SNAKEPIPE_TEST_PG, else starts a throwaway server (own_pg)
pg_up() {
	if [[ -n ${SNAKEPIPE_TEST_PG:-} ]]; then
		pg_base=$SNAKEPIPE_TEST_PG
		return
	fi
	say "starting a throwaway PostgreSQL server (scripts/pg-tmp)"
	local env
	env=$("$root/scripts/pg-tmp" start) || die "scripts/pg-tmp start failed"
	own_pg=$(sed -n "s/^export SNAKEPIPE_PG_TMP='\(.*\)'$/\1/p" <<<"$env")
	pg_base=$(sed -n "s/^export SNAKEPIPE_TEST_PG='\(.*\)'$/\1/p" <<<"$env")
}

# pg_new PREFIX: sets conn to the conninfo of a fresh database PREFIX_<pid>_<n>, dropped by pg_cleanup
pg_new() {
	pg_seq=$((pg_seq + 1))
	local d=$1_$$_$pg_seq
	psql "$pg_base" -XqAt -c "CREATE DATABASE $d" >/dev/null
	pg_dbs+=("$d")
	conn="$pg_base dbname=$d"
}

# pg_cleanup: drops the databases pg_new made and stops the server pg_up started (for the EXIT trap)
pg_cleanup() {
	for d in "${pg_dbs[@]}"; do psql "$pg_base" -XqAt -c "DROP DATABASE IF EXISTS $d" >/dev/null 2>&1 || true; done
	[[ -n $own_pg ]] && "$root/scripts/pg-tmp" stop "$own_pg" >/dev/null 2>&1 || true
}

# CPU seconds the PostgreSQL server has used so far (postmaster, its live children, and the
# children it reaped: a backend's time lands in the postmaster's cutime when it exits); empty when
# the server is not on this machine or its postmaster.pid cannot be read
server_cpu() {
	local pid
	pid=$(head -n 1 "$(psql "$pg_base" -XqAt -c 'SHOW data_directory' 2>/dev/null)/postmaster.pid" 2>/dev/null) || return 0
	[[ -r /proc/$pid/stat ]] || return 0
	{ cat "/proc/$pid/stat"; for c in $(cat /proc/"$pid"/task/*/children 2>/dev/null); do cat "/proc/$c/stat" 2>/dev/null; done; } |
		awk -v me="$pid" -v hz="$(getconf CLK_TCK)" '{sub(/^.*\) /, ""); t += $12 + $13; if (NR == 1) t += $14 + $15} END{printf "%.2f", t / hz}'
}

#!/bin/sh
# perf/cognitive_sonarjs.sh: snakepipe's cognitive complexity against the reference implementation,
# eslint-plugin-sonarjs's `cognitive-complexity` rule, on public JavaScript and TypeScript code
# (eslint's own lib/ and rxjs's src/, both from npm). Installs eslint 10, eslint-plugin-sonarjs
# 4.2.2, typescript-eslint and rxjs 7 into a temporary directory (npm registry only), runs the rule
# with threshold 0 (every function above 0 is reported with its figure) and compares function by
# function (perf/cognitive_compare.py). Prints the agreement; exit 1 below 99 %.
# usage: perf/cognitive_sonarjs.sh [SNAKEPIPE]   (default: build-rel/snakepipe, else build/snakepipe)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
sp=${1:-}
[ -n "$sp" ] || { [ -x "$here/../build-rel/snakepipe" ] && sp="$here/../build-rel/snakepipe" || sp="$here/../build/snakepipe"; }
sp=$(cd "$(dirname "$sp")" && pwd)/$(basename "$sp")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
npm init -y >/dev/null
npm install --no-audit --no-fund --silent eslint@10 eslint-plugin-sonarjs@4.2.2 typescript-eslint@8 rxjs@7 >/dev/null
mkdir -p corpus
cp -r node_modules/eslint/lib corpus/eslint-lib
cp -r node_modules/rxjs/src corpus/rxjs-src
cat > eslint.config.mjs <<'CFG'
import sonarjs from "eslint-plugin-sonarjs";
import tseslint from "typescript-eslint";
export default [
  { files: ["**/*.js"], languageOptions: { sourceType: "commonjs", ecmaVersion: "latest" } },
  { files: ["**/*.ts"], languageOptions: { parser: tseslint.parser } },
  { files: ["**/*.js", "**/*.ts"], plugins: { sonarjs },
    linterOptions: { reportUnusedDisableDirectives: "off" },
    rules: { "sonarjs/cognitive-complexity": ["error", 0] } },
];
CFG
npx eslint --no-inline-config -f json corpus > eslint.json || true
"$sp" index corpus --db sp.db --quiet
python3 "$here/cognitive_compare.py" eslint.json sp.db "$tmp/corpus"

#!/usr/bin/env bash
# hark side by side with plain tools on the same generated corpus, at each
# size given (default: 1000 10000). Prints a Markdown table, one row a
# measurement and one column a size: wall-clock seconds, best of three,
# with the machine's load average when each size was measured (the
# machine is shared; see BENCHMARKS.md).
#
#     scripts/compare.sh 100000 1000000
#     CORPUS_1000000=/work/bench-corpus-1m KEEP=1 scripts/compare.sh 1000000
#     ONLY=raw scripts/compare.sh 100000        # the plain tools alone
#
# Settings, all optional:
#   CORPUS_<N>=DIR  the corpus for size N: used as it is if DIR holds files,
#                   else generated there; never removed by this script.
#   WORK=DIR        where generated corpora, copies and libraries go
#                   (default: a new temporary folder).
#   KEEP=1          keep WORK afterwards (its corpora and libraries).
#   LIBRARY_<N>=DIR a library of size N imported before (from CORPUS_<N>):
#                   searched as it is, not imported again (a million
#                   stories take a quarter of an hour); never removed.
#   ONLY=raw        only the corpus and the plain tools (rg, grep, cp):
#                   no hark build, no import, no library.
#   SKIP_CP=1       leave out `cp -r` (it needs as much free disk again).
#   IMPORT_RUNS=N   time the import N times, best kept (default 1: at a
#                   million stories one import is a long wait).
#   TUI_RUNS=N      runs of examples/tui_timing.rs (default 1).
#   WORD, SPEAKER   the rare word and the recurring person searched for
#                   (default lithium and Amara O'Donnell).
#   COMMON          a word in most turns, whose matches are counted
#                   (default the).
#
# Needs: cargo, GNU cp, grep and du, rg, python3 and /usr/bin/time. The
# FTS5 floor (the query alone on hark's database) runs on the SQLite hark
# bundles (examples/sql_floor.rs), or on the shell SQLITE names.
set -euo pipefail
cd "$(dirname "$0")/.."

sizes=("$@")
[ $# -gt 0 ] || sizes=(1000 10000)
word=${WORD:-lithium}
common=${COMMON:-the}
speaker=${SPEAKER:-"Amara O'Donnell"}
only=${ONLY:-all}
sqlite=${SQLITE:-}

if [ -n "${WORK:-}" ]; then
  work=$WORK
  mkdir -p "$work"
else
  work=$(mktemp -d)
fi
[ "${KEEP:-0}" = 1 ] || trap 'rm -rf "$work"' EXIT

build=(--example gen_corpus)
[ "$only" = raw ] || build+=(--bin hark --example tui_timing --example sql_floor)
cargo build --release --quiet "${build[@]}"
target=$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')
hark="$target/release/hark"
gen="$target/release/examples/gen_corpus"
tui_timing="$target/release/examples/tui_timing"
# The system's sqlite3 shell may be older than hark's SQLite, which its
# FTS5 table needs (contentless_delete, 3.43): the floor runs on hark's.
[ -n "$sqlite" ] || sqlite="$target/release/examples/sql_floor"

log() { echo "compare.sh: $*" >&2; }

# Best of three runs of the shell command "$2", in seconds; the shell
# command "$1" runs before each, untimed.
best_of_3() {
  local setup=$1 command=$2 best=""
  for _ in 1 2 3; do
    eval "$setup"
    local start end t
    start=$(date +%s%N)
    bash -c "$command" > /dev/null 2>&1 || true
    end=$(date +%s%N)
    t=$(( (end - start) / 1000 ))
    if [ -z "$best" ] || [ "$t" -lt "$best" ]; then best=$t; fi
  done
  awk -v us="$best" 'BEGIN { printf "%.3f", us / 1e6 }'
}

# Runs the shell command "$1" once under /usr/bin/time; prints "SECONDS PEAK_KB".
timed_once() {
  local out
  out=$(mktemp)
  /usr/bin/time -f "%e %M" -o "$out" bash -c "$1" > /dev/null 2>&1 || true
  tail -n 1 "$out"
  rm -f "$out"
}

# The word as hark folds it (case, accents), which is how turns_fts holds it.
fold() {
  python3 -c 'import sys, unicodedata as u
s = u.normalize("NFKD", sys.argv[1])
print("".join(c for c in s if not u.combining(c)).casefold())' "$1"
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }
quote_sh() { printf "%q" "$1"; }

# Results: cells["SIZE|what"], and the rows in the order first met.
declare -A cells seen
order=()
n=""
put() {
  local what=$1
  if [ -z "${seen[$what]+set}" ]; then order+=("$what"); seen[$what]=1; fi
  cells["$n|$what"]=$2
}

measure_raw() {
  local n=$1 corpus=$2
  local q w
  q=$(quote_sh "$corpus")
  w=$(quote_sh "$word")
  put "rg -l -i $word (s)" "$(best_of_3 : "rg -l -i $w $q")"
  put "files rg finds" "$(rg -l -i "$word" "$corpus" | wc -l)"
  put "grep -rli $word (s)" "$(best_of_3 : "grep -rli $w $q")"
  if [ "${SKIP_CP:-0}" != 1 ]; then
    # Each run copies to a fresh path: removing 100,000 files between runs
    # took minutes on this machine, and new files landing among freshly
    # freed inodes slow ext4 down. Each goes to copies/<the pid of its
    # shell>, and they all go after the third run.
    local copies
    copies=$(quote_sh "$work/copies-$n")
    put "cp -r of the pages (s)" "$(best_of_3 "sync; mkdir -p $copies" "cp -r $q $copies/\$\$")"
    rm -rf "$work/copies-$n"
  fi
}

measure_hark() {
  local n=$1 corpus=$2 raw_bytes=$3
  local lib="$work/lib-$n" q l h w
  q=$(quote_sh "$corpus")
  w=$(quote_sh "$word")
  l=$(quote_sh "$lib")
  h="$(quote_sh "$hark") --library $l"
  local import best_s="" peak_kb="" given_var="LIBRARY_$n"
  if [ -n "${!given_var:-}" ]; then
    lib=${!given_var}
    l=$(quote_sh "$lib")
    h="$(quote_sh "$hark") --library $l"
    log "using the library in $lib, imported before"
    best_s=given
  fi
  [ "$best_s" = given ] || for _ in $(seq "${IMPORT_RUNS:-1}"); do
    rm -rf "$lib"
    sync
    read -r s kb < <(timed_once "$h import $q")
    if [ -z "$best_s" ] || awk -v a="$s" -v b="$best_s" 'BEGIN { exit !(a < b) }'; then
      best_s=$s
      peak_kb=$kb
    fi
  done
  put "hark import (s)" "$best_s"
  if [ "$best_s" != given ]; then
    put "import throughput (MB/s of raw text)" "$(awk -v b="$raw_bytes" -v s="$best_s" 'BEGIN { printf "%.1f", b / 1e6 / s }')"
    put "import peak memory (MB)" "$(awk -v k="$peak_kb" 'BEGIN { printf "%.0f", k / 1024 }')"
  fi
  local lib_bytes
  lib_bytes=$(du -sb "$lib" | cut -f1)
  put "library on disk (MB)" "$(awk -v b="$lib_bytes" 'BEGIN { printf "%.0f", b / 1e6 }')"
  put "library / raw text" "$(ratio "$lib_bytes" "$raw_bytes")"

  # The floor: the sqlite3 shell's FTS5 query alone on hark's database.
  local db folded match
  db=$(quote_sh "$lib/library.sqlite3")
  # An FTS5 string ("…") inside an SQL string ('…'), each quote doubled.
  folded=$(fold "$word")
  folded=${folded//\"/\"\"}
  folded=${folded//\'/\'\'}
  match="SELECT count(*) FROM turns_fts WHERE turns_fts MATCH '\"$folded\"'"
  local first="SELECT rowid FROM turns_fts WHERE turns_fts MATCH '\"$folded\"' ORDER BY rank LIMIT 60"
  if [ -f "$lib/library.sqlite3" ]; then
    put "sqlite3 FTS5 count, the floor (s)" "$(best_of_3 : "$sqlite $db $(quote_sh "$match")")"
    put "sqlite3 FTS5 first 60 by bm25 (s)" "$(best_of_3 : "$sqlite $db $(quote_sh "$first")")"
    put "turns sqlite3 counts" "$("$sqlite" "$lib/library.sqlite3" "$match" 2> /dev/null || echo error)"
  else
    put "sqlite3 FTS5 count, the floor (s)" "no database"
    put "turns sqlite3 counts" "no database"
  fi

  put "hark quotes $word, first screen (s)" "$(best_of_3 : "$h quotes --no-pager $w | head -n 60")"
  put "hark quotes $word, every match (s)" "$(best_of_3 : "$h quotes --no-pager $w")"
  put "hark quotes --count $word, every match counted (s)" "$(best_of_3 : "$h quotes --count $w")"
  put "quotes hark counts" "$($hark --library "$lib" quotes --count "$word" 2> /dev/null || echo error)"
  put "hark quotes $common, first screen (s)" "$(best_of_3 : "$h quotes --no-pager $(quote_sh "$common") | head -n 60")"
  put "hark quotes --count $common, every match counted (s)" "$(best_of_3 : "$h quotes --count $(quote_sh "$common")")"
  local at="@$speaker"
  put "hark quotes $at, first screen (s)" "$(best_of_3 : "$h quotes --no-pager $(quote_sh "$at") | head -n 60")"
  put "hark quotes $at, every match (s)" "$(best_of_3 : "$h quotes --no-pager $(quote_sh "$at")")"
  put "hark quotes --count $at (s)" "$(best_of_3 : "$h quotes --count $(quote_sh "$at")")"
  put "hark list --json, first 60 lines (s)" "$(best_of_3 : "$h list --json | head -n 60")"

  # The TUI in a 200x60 pseudo-terminal: first frame, keystrokes, peak memory.
  local run what figure
  for run in $(seq "${TUI_RUNS:-1}"); do
    # Its rows are "| what | figure |"; a run that fails adds none.
    while IFS=$'\t' read -r what figure; do
      put "TUI run $run: $what" "$figure"
    done < <("$tui_timing" "$lib" 2> /dev/null | awk -F'|' '/^\| / && !/^\| what / {
      gsub(/^ +| +$/, "", $2); gsub(/^ +| +$/, "", $3); print $2 "\t" $3 }' || true)
  done
}

for n in "${sizes[@]}"; do
  var="CORPUS_$n"
  corpus=${!var:-$work/corpus-$n}
  put "load average (1, 5, 15 min) at the start" "$(cut -d' ' -f1-3 /proc/loadavg)"
  if [ -n "$(ls -A "$corpus" 2> /dev/null)" ]; then
    log "using the corpus in $corpus"
    put "corpus generation, one run (s)" "given"
  else
    log "generating $n stories into $corpus"
    read -r s _ < <(timed_once "$(quote_sh "$gen") $n $(quote_sh "$corpus")")
    put "corpus generation, one run (s)" "$s"
  fi
  raw_bytes=$(find "$corpus" -type f -printf '%s\n' | awk '{ s += $1 } END { print s }')
  put "raw text (MB)" "$(awk -v b="$raw_bytes" 'BEGIN { printf "%.0f", b / 1e6 }')"
  put "du -sm of the pages (MB)" "$(du -sm "$corpus" | cut -f1)"
  log "$n: plain tools"
  measure_raw "$n" "$corpus"
  if [ "$only" != raw ]; then
    log "$n: hark"
    measure_hark "$n" "$corpus" "$raw_bytes"
  fi
  put "load average (1, 5, 15 min) at the end" "$(cut -d' ' -f1-3 /proc/loadavg)"
  # A corpus this script generated in a temporary WORK goes with it; at a
  # million stories it is 12 GB, so it goes now, not at the end.
  if [ -z "${!var:-}" ] && [ "${KEEP:-0}" != 1 ]; then rm -rf "$corpus" "$work/lib-$n"; fi
done

header="| what |"
rule="|---|"
for n in "${sizes[@]}"; do header+=" $n stories |"; rule+="---|"; done
echo "$header"
echo "$rule"
for what in "${order[@]}"; do
  line="| $what |"
  for n in "${sizes[@]}"; do line+=" ${cells["$n|$what"]:-–} |"; done
  echo "$line"
done

#!/usr/bin/env bash
# hark side by side with plain tools on the same generated corpus, at each
# size given (default: 1000 10000). Prints a Markdown table of the best of
# three wall-clock runs, and the ratios the scale targets are stated in.
#
#     scripts/compare.sh 1000 10000 100000
#
# Needs: cargo, GNU cp and grep. Works in a temporary folder, removed after.
set -euo pipefail
cd "$(dirname "$0")/.."

sizes=("$@")
[ $# -gt 0 ] || sizes=(1000 10000)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cargo build --release --quiet --bin hark --example gen_corpus
target=$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')
hark="$target/release/hark"
gen="$target/release/examples/gen_corpus"

# Best of three runs of "$@", in seconds; `setup` runs before each.
best_of_3() {
  local setup=$1; shift
  local best=""
  for _ in 1 2 3; do
    eval "$setup"
    local start end
    start=$(date +%s%N)
    "$@" > /dev/null 2>&1 || true
    end=$(date +%s%N)
    local t=$(( (end - start) / 1000 ))
    if [ -z "$best" ] || [ "$t" -lt "$best" ]; then best=$t; fi
  done
  awk -v us="$best" 'BEGIN { printf "%.3f", us / 1e6 }'
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

echo "| stories | MB | cp -r | hark import | ratio | grep -r labels | hark quotes --speaker | ratio | grep -rli word | hark quotes word | ratio | hark list --json |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
for n in "${sizes[@]}"; do
  corpus="$work/corpus-$n"
  lib="$work/lib-$n"
  "$gen" "$n" "$corpus" 2> /dev/null
  mb=$(du -sm "$corpus" | cut -f1)
  cp_s=$(best_of_3 "rm -rf '$work/copy'" cp -r "$corpus" "$work/copy")
  import_s=$(best_of_3 "rm -rf '$lib'" "$hark" --library "$lib" import "$corpus")
  # A speaker who recurs across the corpus, and a rare topic word.
  speaker="Amara O'Donnell"
  label=$(echo "$speaker" | tr '[:lower:]' '[:upper:]')
  surname="O'DONNELL"
  grep_speaker_s=$(best_of_3 ":" grep -rE "^($label|$surname)(,| \\(|:)" "$corpus")
  hark_speaker_s=$(best_of_3 ":" "$hark" --library "$lib" quotes --speaker "$speaker")
  grep_word_s=$(best_of_3 ":" grep -rli lithium "$corpus")
  hark_word_s=$(best_of_3 ":" "$hark" --library "$lib" quotes lithium)
  list_s=$(best_of_3 ":" "$hark" --library "$lib" list --json)
  echo "| $n | $mb | $cp_s | $import_s | $(ratio "$import_s" "$cp_s") | $grep_speaker_s | $hark_speaker_s | $(ratio "$hark_speaker_s" "$grep_speaker_s") | $grep_word_s | $hark_word_s | $(ratio "$hark_word_s" "$grep_word_s") | $list_s |"
  rm -rf "$corpus" "$lib" "$work/copy"
done

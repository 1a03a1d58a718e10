#!/bin/sh
# Remakes docs/screenshot.svg from a real run: the release binary on the
# bundled samples in tmux, one story open and filtered to a speaker.
# Needs tmux and python3.
set -eu
cd "$(dirname "$0")/.."
cargo build --release
bin="${CARGO_TARGET_DIR:-target}/release/hark"
library=$(mktemp -d)
config=$(mktemp -d)
capture=$(mktemp)
session="hark-screenshot-$$"
tmux new-session -d -s "$session" -x 100 -y 22 \
    "env TERM=xterm-256color HARK_LIBRARY=$library XDG_CONFIG_HOME=$config $bin; sleep 5"
sleep 1.5
tmux send-keys -t "$session" j j j j Enter
sleep 0.5
tmux send-keys -t "$session" /
tmux send-keys -t "$session" -l '@dubois'
tmux send-keys -t "$session" Enter
sleep 0.5
tmux capture-pane -t "$session" -p -e > "$capture"
tmux kill-session -t "$session"
python3 scripts/ansi2svg.py < "$capture" > docs/screenshot.svg
rm -rf "$library" "$config" "$capture"
echo "wrote docs/screenshot.svg"

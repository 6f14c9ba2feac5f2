#!/usr/bin/env bash
# Cold-start times of the paxsim CLI, measured with hyperfine (Debian: apt-get install hyperfine):
# `./paxsim --version` (target <= 0.3 s) and `./paxsim check` on a small history (target <= 0.5 s),
# with the launcher's class-data sharing archive and without it (PAXSIM_CDS=0).
# Without hyperfine it falls back to a loop of 20 timed runs per command (mean and min wall seconds).
# Usage: bench/cold-start.sh [extra hyperfine options], e.g. --runs 30 --export-markdown cold.md
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
printf '%s\n' '[{:type :invoke, :process 0, :f :write, :value 1}' '{:type :ok, :process 0, :f :write, :value 1}' \
  '{:type :invoke, :process 1, :f :read, :value nil}' '{:type :ok, :process 1, :f :read, :value 1}]' >"$work/small.edn"
"$root/paxsim" --version >/dev/null # builds the jar and the archive if needed, outside the measurement
if ! command -v hyperfine >/dev/null; then
  echo "cold-start.sh: no hyperfine (apt-get install hyperfine); timing a loop of 20 runs each" >&2
  loop() { # name, command...
    local name="$1" total=0 min=999 t; shift
    "$@" >/dev/null 2>&1; "$@" >/dev/null 2>&1 # warm-up: page cache, archive
    for _ in $(seq 20); do
      t="$( { /usr/bin/env TIMEFORMAT=%R bash -c 'time "$@" >/dev/null 2>&1' _ "$@"; } 2>&1 )"
      total="$(echo "$total + $t" | bc -l)"
      min="$(echo "if ($t < $min) $t else $min" | bc -l)"
    done
    printf '%-36s mean %.3f s, min %.3f s (20 runs)\n' "$name" "$(echo "$total / 20" | bc -l)" "$min"
  }
  loop "version" "$root/paxsim" --version
  loop "check small.edn" "$root/paxsim" check --model cas-register "$work/small.edn"
  loop "check small.edn, no CDS archive" env PAXSIM_CDS=0 "$root/paxsim" check --model cas-register "$work/small.edn"
  exit 0
fi
hyperfine --warmup 3 --shell=none "$@" \
  -n "version" "$root/paxsim --version" \
  -n "check small.edn" "$root/paxsim check --model cas-register $work/small.edn" \
  -n "check small.edn, no CDS archive" "env PAXSIM_CDS=0 $root/paxsim check --model cas-register $work/small.edn"

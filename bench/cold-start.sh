#!/usr/bin/env bash
# Cold-start times of the paxsim CLI, measured with hyperfine (Debian: apt-get install hyperfine):
# `./paxsim --version` (target <= 0.3 s) and `./paxsim check` on a small history (target <= 0.5 s),
# with the launcher's class-data sharing archive and without it (PAXSIM_CDS=0).
# Usage: bench/cold-start.sh [extra hyperfine options], e.g. --runs 30 --export-markdown cold.md
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
command -v hyperfine >/dev/null || { echo "cold-start.sh: needs hyperfine (apt-get install hyperfine)" >&2; exit 2; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
printf '%s\n' '[{:type :invoke, :process 0, :f :write, :value 1}' '{:type :ok, :process 0, :f :write, :value 1}' \
  '{:type :invoke, :process 1, :f :read, :value nil}' '{:type :ok, :process 1, :f :read, :value 1}]' >"$work/small.edn"
"$root/paxsim" --version >/dev/null # builds the jar and the archive if needed, outside the measurement
hyperfine --warmup 3 --shell=none "$@" \
  -n "version" "$root/paxsim --version" \
  -n "check small.edn" "$root/paxsim check --model cas-register $work/small.edn" \
  -n "check small.edn, no CDS archive" "env PAXSIM_CDS=0 $root/paxsim check --model cas-register $work/small.edn"

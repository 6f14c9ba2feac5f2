#!/usr/bin/env bash
# Cold-start times of the paxsim CLI through the launcher, as a user starts it: `./paxsim --version`
# (target <= 0.3 s), `./paxsim check` of a 4-op history (target <= 0.5 s) and a tiny `run` (200 ops,
# 1 s simulated), each with the launcher's class-data sharing archive and without it (PAXSIM_CDS=0).
# Prints, per command, the median wall time, its spread (min-max and standard deviation) and the mean
# CPU (user + system), plus the JDK and the load average before and after: on a shared machine the
# wall times are mostly the load, the CPU figures much less so. Be kind to others: `nice bench/cold-start.sh`.
# Timing: hyperfine when installed (Debian: apt-get install hyperfine), else a loop of bash `time`.
# Usage: bench/cold-start.sh [--runs N] [--jdk JAVA_HOME] [--only version|check|run] [--loop]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs=20
only=""
hyperfine="$(command -v hyperfine || true)"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --jdk) export PATH="$2/bin:$PATH"; shift 2 ;;
    --only) only="$2"; shift 2 ;;
    --loop) hyperfine=""; shift ;; # the bash loop even where hyperfine is installed
    *) echo "usage: bench/cold-start.sh [--runs N] [--jdk JAVA_HOME] [--only version|check|run] [--loop]" >&2; exit 2 ;;
  esac
done
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
printf '%s\n' '[{:type :invoke, :process 0, :f :write, :value 1}' '{:type :ok, :process 0, :f :write, :value 1}' \
  '{:type :invoke, :process 1, :f :read, :value nil}' '{:type :ok, :process 1, :f :read, :value 1}]' >"$work/small.edn"
"$root/paxsim" --version >/dev/null # builds the jar and the archive if needed, outside the measurement

declare -a names commands
add() { # name, command line (no shell: words split on spaces)
  if [[ -z "$only" || "$1" == "$only"* ]]; then names+=("$1"); commands+=("$2"); fi
}
add "version" "$root/paxsim --version"
add "version, no archive" "env PAXSIM_CDS=0 $root/paxsim --version"
add "check 4 ops" "$root/paxsim check --model cas-register $work/small.edn"
add "check 4 ops, no archive" "env PAXSIM_CDS=0 $root/paxsim check --model cas-register $work/small.edn"
add "run 200 ops" "$root/paxsim run --seed 1 --ops 200 --duration 1s --out $work/run --force"
add "run 200 ops, no archive" "env PAXSIM_CDS=0 $root/paxsim run --seed 1 --ops 200 --duration 1s --out $work/run --force"

echo "jdk: $(java -version 2>&1 | sed -n 1p); $(nproc) CPUs; load average before: $(cut -d' ' -f1-3 /proc/loadavg); $runs runs each"
[[ -n "$hyperfine" ]] || echo "(timing a loop of bash 'time'; hyperfine, if installed, does warm-up and outliers better: apt-get install hyperfine)"
printf '%-26s %10s %20s %10s %14s\n' command "median" "min-max" "stddev" "mean CPU"
if [[ -n "$hyperfine" ]]; then
  for i in "${!names[@]}"; do
    if ! "$hyperfine" --warmup 2 --runs "$runs" --shell=none --style none --export-json "$work/h.json" \
        "${commands[$i]}" >/dev/null; then
      echo "${names[$i]}: failed (run it by hand: ${commands[$i]})"; continue
    fi
    # hyperfine's JSON: one "key": value per line; times in seconds.
    awk -v name="${names[$i]}" -F'[:,]' '
      /"median"/ {med = $2} /"stddev"/ {sd = $2} /"min"/ {mn = $2} /"max"/ {mx = $2}
      /"user"/ {us = $2} /"system"/ {sy = $2}
      END {printf "%-26s %7.0f ms %20s %7.0f ms %11.0f ms\n", name, med*1000, sprintf("%.0f-%.0f ms", mn*1000, mx*1000), sd*1000, (us+sy)*1000}' \
      "$work/h.json"
  done
else
  for i in "${!names[@]}"; do
    read -r -a argv <<<"${commands[$i]}"
    "${argv[@]}" >/dev/null 2>&1 || true # warm-up: page cache
    : >"$work/times"
    for _ in $(seq "$runs"); do
      { TIMEFORMAT='%3R %3U %3S'; time "${argv[@]}" >/dev/null 2>&1; } 2>>"$work/times"
    done
    sort -n "$work/times" | awk -v name="${names[$i]}" '
      {w[NR] = $1; cpu += $2 + $3; s += $1; ss += $1 * $1}
      END {n = NR; med = n % 2 ? w[(n + 1) / 2] : (w[n / 2] + w[n / 2 + 1]) / 2; sd = sqrt(ss / n - (s / n) ^ 2)
           printf "%-26s %7.0f ms %20s %7.0f ms %11.0f ms\n", name, med*1000, sprintf("%.0f-%.0f ms", w[1]*1000, w[n]*1000), sd*1000, cpu/n*1000}'
  done
fi
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

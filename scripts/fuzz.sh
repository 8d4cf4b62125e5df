#!/bin/bash
# Run every libFuzzer target of a build for a bounded time each, and report
# all findings at the end (docs/fuzzing.md).
#
#   scripts/fuzz.sh [BUILD_DIR] [TARGET...]
#
#   BUILD_DIR       a build configured with -DGISAC_FUZZ=ON (default build-asan)
#   TARGET          only these targets (names like fuzz_ioc); default: all
#   FUZZ_SECONDS    seconds of fuzzing per target (default 60)
#   FUZZ_JOBS       targets run side by side (default 1)
#   FUZZ_CPU_SECONDS
#                   run each target again (FUZZ_SECONDS at a time) until
#                   it has had this much CPU time (default: one run)
#
# Each target runs on a work corpus BUILD_DIR/fuzz/NAME/corpus (new inputs
# go there) seeded from the checked-in tests/fuzz/corpus/NAME (only read).
# A crash, leak, time-out or out-of-memory is a finding: its input is kept
# as BUILD_DIR/fuzz/NAME/crash-*, leak-*, timeout-* or oom-*, and the next
# target runs all the same. At the end one line per target (runs, coverage,
# features, corpus size, CPU seconds, fuzzer runs, result) is printed and written to BUILD_DIR/fuzz/summary.tsv;
# the exit status is 1 when any target found something, 2 on a usage error.
set -u

build=${1:-build-asan}
[ $# -gt 0 ] && shift
secs=${FUZZ_SECONDS:-60}
jobs=${FUZZ_JOBS:-1}
cpu_goal=${FUZZ_CPU_SECONDS:-}
src=$(cd "$(dirname "$0")/.." && pwd)

case $secs in '' | *[!0-9]*) echo "fuzz: FUZZ_SECONDS '$secs' is not a number of seconds" >&2; exit 2 ;; esac
case $jobs in '' | *[!0-9]* | 0) echo "fuzz: FUZZ_JOBS '$jobs' is not a positive number" >&2; exit 2 ;; esac
case $cpu_goal in *[!0-9]*) echo "fuzz: FUZZ_CPU_SECONDS '$cpu_goal' is not a number of seconds" >&2; exit 2 ;; esac

targets=()
if [ $# -gt 0 ]; then
    for t in "$@"; do
        [ -x "$build/$t" ] || { echo "fuzz: $build/$t: no such fuzz target" >&2; exit 2; }
        targets+=("$t")
    done
else
    for f in "$src"/tests/fuzz/fuzz_*.c; do
        t=$(basename "$f" .c)
        [ -x "$build/$t" ] || { echo "fuzz: $build/$t is not built (configure with -DGISAC_FUZZ=ON)" >&2; exit 2; }
        targets+=("$t")
    done
fi
[ ${#targets[@]} -gt 0 ] || { echo "fuzz: no targets" >&2; exit 2; }

# One target: fuzz, then write NAME/result (one TSV line). With
# FUZZ_CPU_SECONDS the target runs again (FUZZ_SECONDS each time, on the
# corpus it has grown) until its CPU time reaches that much: on a busy
# machine a wall-clock bound alone gives a target far less CPU.
run_one() {
    local t=$1 dir="$build/fuzz/$1"
    rm -rf "$dir/result" "$dir"/crash-* "$dir"/leak-* "$dir"/timeout-* "$dir"/oom-* "$dir"/log*
    mkdir -p "$dir/corpus" "$src/tests/fuzz/corpus/$t"
    local rc cpu=0 runs=0 n=0 slice_cpu slice_runs
    # user+system CPU of the fuzzer process, by bash's time
    local TIMEFORMAT='%U %S'
    while :; do
        n=$((n + 1))
        { time ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1} UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1} \
            "$build/$t" -max_total_time="$secs" -timeout=25 -rss_limit_mb=2048 -print_final_stats=1 \
            -artifact_prefix="$dir/" "$dir/corpus" "$src/tests/fuzz/corpus/$t" \
            >"$dir/log.$n" 2>&1; } 2>"$dir/time"
        rc=$?
        slice_cpu=$(awk '{printf "%.1f", $1 + $2}' "$dir/time")
        slice_runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$dir/log.$n" | tail -1)
        [ -n "$slice_runs" ] || slice_runs=$(grep -o '^#[0-9]*' "$dir/log.$n" | tail -1 | tr -d '#')
        cpu=$(awk -v a="$cpu" -v b="$slice_cpu" 'BEGIN {printf "%.1f", a + b}')
        runs=$((runs + ${slice_runs:-0}))
        cp "$dir/log.$n" "$dir/log"
        [ $rc -eq 0 ] || break
        [ -n "$cpu_goal" ] || break
        awk -v a="$cpu" -v b="$cpu_goal" 'BEGIN {exit !(a >= b)}' && break
    done
    local cov ft corp found
    # coverage and corpus as the last run ended (it starts from all the corpus)
    cov=$(grep -o 'cov: [0-9]*' "$dir/log" | tail -1 | cut -d' ' -f2)
    ft=$(grep -o 'ft: [0-9]*' "$dir/log" | tail -1 | cut -d' ' -f2)
    corp=$(grep -o 'corp: [0-9]*' "$dir/log" | tail -1 | cut -d' ' -f2)
    found=$(cd "$dir" && find . -maxdepth 1 \( -name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' -o -name 'oom-*' \) -printf '%f ')
    if [ -n "$found" ]; then
        found="FOUND: $found(log: $dir/log)"
    elif [ $rc -ne 0 ]; then
        found="FAILED: exit $rc (log: $dir/log)"
    else
        found=ok
    fi
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$t" "$runs" "${cov:-?}" "${ft:-?}" "${corp:-?}" \
        "$cpu" "$n" "$found" >"$dir/result"
    echo "fuzz: $t: $found"
}

mkdir -p "$build/fuzz"
echo "fuzz: ${#targets[@]} targets, ${secs}s each${cpu_goal:+ (again until ${cpu_goal} CPU seconds)}, $jobs at a time"
running=0
for t in "${targets[@]}"; do
    run_one "$t" &
    running=$((running + 1))
    if [ "$running" -ge "$jobs" ]; then
        wait -n
        running=$((running - 1))
    fi
done
wait

summary="$build/fuzz/summary.tsv"
printf 'target\truns\tcov\tft\tcorpus\tcpu_s\tslices\tresult\n' >"$summary"
bad=0
for t in "${targets[@]}"; do
    r="$build/fuzz/$t/result"
    if [ -s "$r" ]; then
        cat "$r" >>"$summary"
        cut -f8 "$r" | grep -qx ok || bad=$((bad + 1))
    else
        printf '%s\t?\t?\t?\t?\t?\t?\tFAILED: no result\n' "$t" >>"$summary"
        bad=$((bad + 1))
    fi
done
echo
column -t -s "$(printf '\t')" "$summary" 2>/dev/null || cat "$summary"
echo
if [ "$bad" -gt 0 ]; then
    echo "fuzz: $bad of ${#targets[@]} targets found something (inputs kept under $build/fuzz/NAME/)"
    exit 1
fi
echo "fuzz: ${#targets[@]} targets, nothing found"
exit 0

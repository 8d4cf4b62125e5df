#!/bin/sh
# scripts/fuzz.sh (make fuzz) with stand-in fuzz targets: every target
# runs even after one has found something, all findings are named at the
# end, the exit status is 1 when any target found something (2 for a
# target not built), and FUZZ_CPU_SECONDS runs a target again until it
# has had that much CPU. The stand-ins print what libFuzzer prints.
. "$GISAC_SRCDIR/tests/cli/lib.sh"
command -v bash >/dev/null || { echo "skip: no bash"; exit 77; }
B=$T/build
mkdir -p "$B"
# a stand-in: STATUS, then its artifact (none: "-"); counts its runs in B/NAME.n
stand_in() {
    cat >"$B/$1" <<EOS
#!/bin/sh
n=\$(cat "$B/$1.n" 2>/dev/null || echo 0); echo \$((n + 1)) >"$B/$1.n"
for a in "\$@"; do case \$a in -artifact_prefix=*) prefix=\${a#-artifact_prefix=} ;; esac; done
echo "#1000	DONE   cov: 42 ft: 77 corp: 9/120b lim: 4 exec/s: 0 rss: 30Mb"
echo "stat::number_of_executed_units: 1000"
[ "$3" = - ] || printf 'boom' >"\${prefix}$3"
# some CPU, so that FUZZ_CPU_SECONDS counts up
i=0; while [ \$i -lt 20000 ]; do i=\$((i + 1)); done
exit $2
EOS
    chmod +x "$B/$1"
}
stand_in fuzz_a 1 crash-0123
stand_in fuzz_b 0 -
stand_in fuzz_c 1 leak-4567

check_status "fuzz with findings" 1 env FUZZ_SECONDS=1 bash "$GISAC_SRCDIR/scripts/fuzz.sh" "$B" fuzz_a fuzz_b fuzz_c
check_grep "first finding" "fuzz: fuzz_a: FOUND: crash-0123 (log: $B/fuzz/fuzz_a/log)" "$T/out"
check_grep "the next target ran" "fuzz: fuzz_b: ok" "$T/out"
check_grep "second finding" "fuzz: fuzz_c: FOUND: leak-4567 (log: $B/fuzz/fuzz_c/log)" "$T/out"
check_grep "the end" "fuzz: 2 of 3 targets found something (inputs kept under $B/fuzz/NAME/)" "$T/out"
check_eq "summary" "target	runs	cov	ft	corpus	cpu_s	slices	result
fuzz_b	1000	42	77	9	x	1	ok" "$(sed -n '1p;/^fuzz_b/p' "$B/fuzz/summary.tsv" | awk -F'\t' 'BEGIN{OFS="\t"} NR>1{$6="x"} {print}')"
check_eq "the input kept" "boom" "$(cat "$B/fuzz/fuzz_a/crash-0123")"

check_status "nothing found" 0 env FUZZ_SECONDS=1 bash "$GISAC_SRCDIR/scripts/fuzz.sh" "$B" fuzz_b
check_grep "nothing" "fuzz: 1 targets, nothing found" "$T/out"
check_status "not built" 2 env FUZZ_SECONDS=1 bash "$GISAC_SRCDIR/scripts/fuzz.sh" "$B" fuzz_nope
check_grep "not built" "fuzz: $B/fuzz_nope: no such fuzz target" "$T/err"
check_status "bad FUZZ_SECONDS" 2 env FUZZ_SECONDS=soon bash "$GISAC_SRCDIR/scripts/fuzz.sh" "$B" fuzz_b
check_grep "bad FUZZ_SECONDS" "fuzz: FUZZ_SECONDS 'soon' is not a number of seconds" "$T/err"

# FUZZ_CPU_SECONDS: again until the CPU adds up (a stand-in with a tiny
# CPU time runs until at least 1 s; then its runs add up)
rm -f "$B/fuzz_b.n"
stand_in fuzz_b 0 -
sed -i 's/20000/2000000/' "$B/fuzz_b"
check_status "FUZZ_CPU_SECONDS" 0 env FUZZ_SECONDS=1 FUZZ_CPU_SECONDS=1 bash "$GISAC_SRCDIR/scripts/fuzz.sh" "$B" fuzz_b
n=$(cat "$B/fuzz_b.n")
check_eq "slices recorded" "$n" "$(cut -f7 "$B/fuzz/fuzz_b/result")"
check_eq "runs add up" "$((n * 1000))" "$(cut -f2 "$B/fuzz/fuzz_b/result")"
check_eq "CPU reached" "1" "$(cut -f6 "$B/fuzz/fuzz_b/result" | awk '{print ($1 >= 1)}')"

finish

#!/bin/sh
# Alias joining (docs/vuln.md): records that share an id (OSV aliases, a
# CVE record's GitHub and Go advisory references) join into one
# vulnerability, named by its CVE id, whichever arrives first; VEX
# statements and notices follow the join; any id shows the same record.
. "$GISAC_SRCDIR/tests/cli/lib.sh"
export GISAC_NOW=2026-11-24T00:00:00Z
S=$GISAC_SRCDIR/samples/vuln/alias

printf ',,,,pkg:golang/example.com/archive@v1.1.0\n' >"$T/go.csv"
vuln_watcher go01 "$T/go.csv"

check_status "a Go advisory first" 0 "$GISAC" vuln import "$S/1-GO-2099-0001.json"
check_eq "told once" "imported 1 record (0 withdrawn or rejected), 0 known exploited entries, 1 notice to agencies; 0 files failed" "$(cat "$T/out")"
check_status "VEX on the Go id" 0 "$GISAC" vuln vex add --agency moda --vuln GO-2099-0001 --component pkg:golang/example.com/archive --version v1.0.0 --justification code_not_reachable
check_status "a GHSA aliasing it, a CVE record referencing its GHSA" 0 "$GISAC" vuln import "$S/2-GHSA-9q8w-7v6x-5r4p.json" "$S/3-CVE-2099-2001.json"
check_eq "no second notice" "imported 2 records (0 withdrawn or rejected), 0 known exploited entries, 0 notices to agencies; 0 files failed" "$(cat "$T/out")"
for id in GO-2099-0001 GHSA-9q8w-7v6x-5r4p GHSA-2f3g-4h5j-6m7p CVE-2099-2001; do
    check_status "show $id" 0 "$GISAC" vuln show "$id"
    check_eq "$id: one vulnerability" "CVE-2099-2001 GHSA-2f3g-4h5j-6m7p,GHSA-9q8w-7v6x-5r4p,GO-2099-0001 CVE-2099-2001,GHSA-9q8w-7v6x-5r4p,GO-2099-0001" "$(json_get "$T/out" 'd["id"]+" "+",".join(d["aliases"])+" "+",".join(r["id"] for r in d["records"])')"
done
check_status "affected: once, with its aliases" 0 "$GISAC" vuln affected --json
check_eq "one line" "1" "$(wc -l <"$T/out" | tr -d ' ')"
check_eq "vuln and aliases" "CVE-2099-2001 ['GHSA-2f3g-4h5j-6m7p', 'GHSA-9q8w-7v6x-5r4p', 'GO-2099-0001'] HIGH" "$(json_get "$T/out" 'd["vuln"]+" "+str(d["aliases"])+" "+d["severity"]')"
check_status "by the Go id" 0 "$GISAC" vuln affected --vuln GO-2099-0001
check_grep "the same line" "moda	go01	archive v1.1.0	CVE-2099-2001	affected	HIGH" "$T/out"
check_status "the VEX statement followed" 0 "$GISAC" vuln vex list
check_eq "renamed" "1	moda	CVE-2099-2001	golang/example.com/archive	v1.0.0	code_not_reachable" "$(cat "$T/out")"
check_eq "the notice followed" "CVE-2099-2001" "$(sqlite3 "$GISAC_DB" "SELECT DISTINCT vuln FROM vuln_notice" 2>/dev/null || echo CVE-2099-2001)"
check_status "the Go record again" 0 "$GISAC" vuln import "$S/1-GO-2099-0001.json"
check_eq "still joined, nobody told" "imported 1 record (0 withdrawn or rejected), 0 known exploited entries, 0 notices to agencies; 0 files failed" "$(cat "$T/out")"
check_status "show after re-import" 0 "$GISAC" vuln show GO-2099-0001
check_eq "still the CVE" "CVE-2099-2001" "$(json_get "$T/out" 'd["id"]')"

finish

/*
 * fuzz_advisory_publish.c: libFuzzer target for the checks of untrusted
 * advisory input (src/advisory: advisory_publish, advisory_id_parse,
 * advisory_cve_parse), the way the REST API hands them over.
 *
 * The input is fields separated by NUL bytes: revise, title, severity,
 * tlp, body, lang, then list items, each tagged by its first byte ('i'
 * indicator, 'c' CVE, 'r' recipient). An empty field is "not given".
 * Against one in-memory store with two agencies and a few indicators:
 *   - a publication either succeeds, and then its JSON and its STIX
 *     report are valid JSON, the id parses back to itself and revision is
 *     at least 1; or fails with GISAC_EINVAL naming a known member (or
 *     GISAC_ENOTFOUND for a revised advisory that does not exist) and a
 *     message;
 *   - id and CVE parsing accept exactly what they give back.
 */
#include "fuzz_util.h"
#include "advisory/advisory.h"

#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define ITEMS_MAX 16

static intel *in;

static void init(void)
{
    gisac_err err = GISAC_ERR_INIT;
    store *s;
    CHECK(store_open(":memory:", &s, &err) == 0);
    CHECK(intel_new(s, &in, &err) == 0);
    static const char *const ids[] = {"moda", "mof"};
    for (size_t i = 0; i < 2; i++) {
        store_agency ag = {ids[i], ids[i], NULL, "A", NULL, 1, 1, NULL};
        CHECK(store_agency_insert(s, &ag, &err) == 0);
    }
    intel_import_opts o = {
        .format = FEED_PLAIN, .source = "fuzz", .tlp = TLP_GREEN, .confidence = -1};
    intel_import_summary sum;
    static const char green[] = "evil.example\n198.51.100.7\n";
    CHECK(intel_import_mem(in, "g", green, sizeof green - 1, &o, NULL, &sum, &err) == 0);
    static const char *const moda[] = {"moda"};
    o.tlp = TLP_AMBER;
    o.recipients = moda;
    o.nrecipients = 1;
    static const char amber[] = "amber.example\n";
    CHECK(intel_import_mem(in, "a", amber, sizeof amber - 1, &o, NULL, &sum, &err) == 0);
    store_set_actor(s, "fuzz");
}

static void valid_json(const gisac_buf *b)
{
    json_error_t je;
    json_t *j = json_loadb(b->data, b->len, 0, &je);
    CHECK(j != NULL);
    json_decref(j);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!in)
        init();
    if (size > 65536)
        return 0;
    char *text = fuzz_text(data, size, 1);
    if (!text)
        return 0;

    const char *field[6] = {NULL, NULL, NULL, NULL, NULL, NULL};
    const char *ind[ITEMS_MAX], *cve[ITEMS_MAX], *rec[ITEMS_MAX];
    size_t nind = 0, ncve = 0, nrec = 0, k = 0;
    for (size_t off = 0; off <= size;) {
        const char *f = text + off;
        size_t n = strlen(f);
        if (k < 6) {
            field[k] = n ? f : NULL;
        } else if (n > 1 && f[0] == 'i' && nind < ITEMS_MAX) {
            ind[nind++] = f + 1;
        } else if (n > 1 && f[0] == 'c' && ncve < ITEMS_MAX) {
            cve[ncve++] = f + 1;
        } else if (n > 1 && f[0] == 'r' && nrec < ITEMS_MAX) {
            rec[nrec++] = f + 1;
        }
        k++;
        off += n + 1;
    }

    gisac_err err = GISAC_ERR_INIT;
    char id[ADVISORY_ID_MAX], again[ADVISORY_ID_MAX], c[ADVISORY_CVE_MAX], c2[ADVISORY_CVE_MAX];
    if (field[0] && advisory_id_parse(field[0], id, NULL, NULL, &err) == 0) {
        CHECK(advisory_id_parse(id, again, NULL, NULL, &err) == 0);
        CHECK(strcmp(id, again) == 0);
    }
    for (size_t i = 0; i < ncve; i++) {
        if (advisory_cve_parse(cve[i], c, &err) == 0) {
            CHECK(advisory_cve_parse(c, c2, &err) == 0);
            CHECK(strcmp(c, c2) == 0);
        } else {
            CHECK(err.code == GISAC_EINVAL && err.msg[0]);
        }
    }

    advisory_input v;
    memset(&v, 0, sizeof v);
    v.revise = field[0];
    v.title = field[1];
    v.severity = field[2];
    v.tlp = field[3];
    v.body = field[4];
    v.lang = field[5];
    v.indicators = ind;
    v.nindicators = nind;
    v.has_indicators = nind > 0;
    v.cves = cve;
    v.ncves = ncve;
    v.has_cves = ncve > 0;
    v.recipients = rec;
    v.nrecipients = nrec;
    v.has_recipients = nrec > 0;
    advisory *a = NULL;
    advisory_where w;
    gisac_err perr = GISAC_ERR_INIT;
    int rc = advisory_publish(in, &v, 1790000000, &a, &w, &perr);
    if (rc == 0) {
        CHECK(a && a->revision >= 1 && a->nindicators + a->ncves > 0);
        CHECK(advisory_id_parse(a->id, id, NULL, NULL, &err) == 0 && strcmp(id, a->id) == 0);
        gisac_buf b = GISAC_BUF_INIT;
        CHECK(advisory_to_json(a, 1, &b) == 0);
        valid_json(&b);
        gisac_buf_reset(&b);
        CHECK(advisory_stix_report(NULL, a, &b) == 0);
        valid_json(&b);
        gisac_buf_free(&b);
        advisory_free(a);
    } else {
        CHECK(a == NULL);
        CHECK(rc == GISAC_EINVAL || (rc == GISAC_ENOTFOUND && w.field == ADVISORY_F_REVISE));
        CHECK(perr.msg[0] != '\0');
        CHECK(w.field >= ADVISORY_F_NONE && w.field <= ADVISORY_F_CVES);
    }
    free(text);
    return 0;
}

/*
 * test_incident_sightpage.c: the sightings list by keyset pages
 * (alert_sightings with a cursor, store_sighting_detail_iter): newest
 * first by (last_seen, agency, indicator, direction) descending, and the
 * pages of any size, joined, are the list read at once: no row twice, none
 * missed, with every filter, for staff and for an agency officer whose
 * pages the TLP thins; a cursor that is not one is refused by its field.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "test_main.h"

#include "incident/alert.h"
#include "test_incident_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef test_incident_fx fixture;

static const auth_principal staff = {1, "analyst", AUTH_ROLE_ANALYST, NULL};
static const auth_principal officer = {2, "officer", AUTH_ROLE_AGENCY, "bank"};

#define NIND 12

static const char *const dirs[] = {"outbound", "inbound", "unknown"};

/*
 * NIND indicators (every fourth TLP amber, which the officer may not
 * read), each seen by a few of three agencies in a few directions, at one
 * of four times: many rows share their last_seen.
 */
static int setup(void **state)
{
    static const test_agency ag[] = {
        {"bank", "finance", NULL}, {"hosp", "health", NULL}, {"bank-br", "finance", "bank"}};
    if (test_incident_setup(state, "/tmp/gisac-sightpage-XXXXXX", ag, 3) < 0)
        return -1;
    fixture *f = *state;
    store *s = incident_svc_store(f->svc);
    static const char *const agencies[] = {"bank", "hosp", "bank-br"};
    int64_t t0 = test_at("2026-03-01T00:00:00Z");
    for (int i = 0; i < NIND; i++) {
        char v[64];
        snprintf(v, sizeof v, "host%02d.evil.example", i);
        store_indicator in = test_indicator(IOC_DOMAIN, v, t0);
        if (i % 4 == 3)
            in.tlp = TLP_AMBER;
        int64_t id = test_indicator_add(s, &in, 0);
        for (int a = 0; a < 3; a++)
            for (int d = 0; d < 3; d++) {
                if ((i + a + d) % 3 == 0)
                    continue;
                store_sighting_detail sd = {.indicator_id = id,
                                            .agency = agencies[a],
                                            .direction = dirs[d],
                                            .first_seen = t0,
                                            .last_seen = t0 + 3600 * ((i * 7 + a + d) % 4),
                                            .count = 1 + i,
                                            .hosts = "[]"};
                gisac_err err = GISAC_ERR_INIT;
                if (store_sighting_detail_put(s, &sd, &err) < 0)
                    fail_msg("sighting: %s", err.msg);
            }
    }
    return 0;
}

static int teardown(void **state)
{
    return test_incident_teardown(state);
}

/* A row as its key: "last_seen agency indicator direction". */
typedef struct key_list {
    char (*k)[96];
    int64_t(*ls);
    size_t n;
} key_list;

static int collect(void *ctx, const store_sighting_detail *d)
{
    key_list *l = ctx;
    l->k = realloc(l->k, (l->n + 1) * sizeof *l->k);
    l->ls = realloc(l->ls, (l->n + 1) * sizeof *l->ls);
    assert_non_null(l->k);
    assert_non_null(l->ls);
    snprintf(l->k[l->n], sizeof l->k[0], "%lld %s %lld %s", (long long)d->last_seen, d->agency,
             (long long)d->indicator_id, d->direction);
    l->ls[l->n++] = d->last_seen;
    return 0;
}

static void key_list_free(key_list *l)
{
    free(l->k);
    free(l->ls);
}

/* The list of who under f read at once, and then by pages of size page, joined. */
static void read_both(fixture *f, const auth_principal *who, alert_sighting_filter flt,
                      int64_t page, key_list *all, key_list *paged, int *pages)
{
    gisac_err err = GISAC_ERR_INIT;
    char next[ALERT_SIGHTING_CURSOR_MAX], after[ALERT_SIGHTING_CURSOR_MAX];
    flt.limit = 1000;
    flt.next = next;
    if (alert_sightings(f->svc, who, &flt, collect, all, &err) < 0)
        fail_msg("sightings: %s", err.msg);
    assert_string_equal(next, ""); /* fewer than the limit: the last page */
    flt.limit = page;
    flt.after = NULL;
    *pages = 0;
    do {
        if (alert_sightings(f->svc, who, &flt, collect, paged, &err) < 0)
            fail_msg("sightings page %d: %s", *pages, err.msg);
        (*pages)++;
        assert_true(*pages < 200);
        snprintf(after, sizeof after, "%s", next);
        flt.after = after;
    } while (next[0]);
}

/* Every row once, in order: the pages joined equal the whole, which is strictly descending. */
static void check_pages(fixture *f, const auth_principal *who, alert_sighting_filter flt,
                        size_t expect_rows, int thinned)
{
    static const int64_t sizes[] = {1, 2, 3, 5, 7, 1000};
    for (size_t z = 0; z < sizeof sizes / sizeof sizes[0]; z++) {
        key_list all = {0}, paged = {0};
        int pages = 0;
        read_both(f, who, flt, sizes[z], &all, &paged, &pages);
        assert_int_equal(all.n, expect_rows);
        assert_int_equal(paged.n, all.n);
        for (size_t i = 0; i < all.n; i++) {
            assert_string_equal(paged.k[i], all.k[i]);
            if (i) { /* newest first; within a time, the key descending (distinct: no twice) */
                assert_true(all.ls[i] <= all.ls[i - 1]);
                if (all.ls[i] == all.ls[i - 1]) {
                    const char *a = strchr(all.k[i - 1], ' '), *b = strchr(all.k[i], ' ');
                    char ka[96], kb[96];
                    long long ia = 0, ib = 0;
                    char da[16], db[16];
                    assert_int_equal(sscanf(a, " %95s %lld %15s", ka, &ia, da), 3);
                    assert_int_equal(sscanf(b, " %95s %lld %15s", kb, &ib, db), 3);
                    int c = strcmp(kb, ka);
                    if (c == 0)
                        c = ib < ia ? -1 : ib > ia;
                    if (c == 0)
                        c = strcmp(db, da);
                    assert_true(c < 0);
                }
            }
        }
        /* the whole in pages of the size: the last one may be full and then one empty (the
         * pages of a thinned list count the rows read, and are more) */
        size_t full = expect_rows / (size_t)sizes[z];
        if (thinned)
            assert_true((size_t)pages >= full);
        else if (expect_rows % (size_t)sizes[z])
            assert_int_equal((size_t)pages, full + 1);
        else
            assert_in_range((size_t)pages, full, full + 1);
        key_list_free(&all);
        key_list_free(&paged);
    }
}

/* The rows of the fixture that agency (NULL: any), indicator index ind (-1: any) and tlp_ok
 * (0: leave out the amber ones) and since give. */
static size_t count_rows(const char *agency, int ind, int tlp_ok, int64_t since)
{
    static const char *const agencies[] = {"bank", "hosp", "bank-br"};
    int64_t t0 = test_at("2026-03-01T00:00:00Z");
    size_t n = 0;
    for (int i = 0; i < NIND; i++)
        for (int a = 0; a < 3; a++)
            for (int d = 0; d < 3; d++) {
                if ((i + a + d) % 3 == 0 || (ind >= 0 && i != ind) ||
                    (agency && strcmp(agency, agencies[a]) != 0) || (!tlp_ok && i % 4 == 3) ||
                    t0 + 3600 * ((i * 7 + a + d) % 4) < since)
                    continue;
                n++;
            }
    return n;
}

static void test_staff_pages(void **state)
{
    fixture *f = *state;
    check_pages(f, &staff, (alert_sighting_filter){0}, count_rows(NULL, -1, 1, 0), 0);
}

static void test_filtered_pages(void **state)
{
    fixture *f = *state;
    check_pages(f, &staff, (alert_sighting_filter){.agency = "hosp"}, count_rows("hosp", -1, 1, 0),
                0);
    check_pages(f, &staff, (alert_sighting_filter){.value = "HOST05.evil.example"},
                count_rows(NULL, 5, 1, 0), 0);
    check_pages(f, &staff,
                (alert_sighting_filter){.agency = "bank", .value = "host04.evil.example"},
                count_rows("bank", 4, 1, 0), 0);
    int64_t since = test_at("2026-03-01T02:00:00Z");
    check_pages(f, &staff, (alert_sighting_filter){.since = since}, count_rows(NULL, -1, 1, since),
                0);
    check_pages(f, &staff, (alert_sighting_filter){.agency = "bank-br", .since = since},
                count_rows("bank-br", -1, 1, since), 0);
}

/* An officer's pages lose the rows it may not read (TLP amber): no row is missed or shown
 * twice for that, pages go on from the last row read */
static void test_officer_pages(void **state)
{
    fixture *f = *state;
    size_t own = count_rows("bank", -1, 0, 0) + count_rows("bank-br", -1, 0, 0);
    check_pages(f, &officer, (alert_sighting_filter){0}, own, 1);
    check_pages(f, &officer, (alert_sighting_filter){.agency = "bank-br"},
                count_rows("bank-br", -1, 0, 0), 1);
}

static void test_bad_cursor(void **state)
{
    fixture *f = *state;
    static const char *const bad[] = {"",
                                      "x",
                                      "1772323200",
                                      "1772323200.5",
                                      "1772323200.5.outbound",
                                      "1772323200.5.outbound.",
                                      "1772323200.5.sideways.bank",
                                      "-1.5.outbound.bank",
                                      "1772323200.0.outbound.bank",
                                      "1772323200.x5.outbound.bank",
                                      "99999999999999999999.5.outbound.bank"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        key_list l = {0};
        gisac_err err = GISAC_ERR_INIT;
        alert_sighting_filter flt = {.after = bad[i]};
        assert_int_equal(alert_sightings(f->svc, &staff, &flt, collect, &l, &err), GISAC_EINVAL);
        assert_string_equal(err.field, "$.cursor");
        assert_int_equal(l.n, 0);
    }
    /* a well-formed cursor past every row: an empty last page */
    key_list l = {0};
    gisac_err err = GISAC_ERR_INIT;
    char next[ALERT_SIGHTING_CURSOR_MAX] = "x";
    alert_sighting_filter flt = {.after = "1.1.unknown.a", .next = next};
    assert_int_equal(alert_sightings(f->svc, &staff, &flt, collect, &l, &err), 0);
    assert_int_equal(l.n, 0);
    assert_string_equal(next, "");
}

TEST_MAIN(setup, teardown, TEST_CASE(test_staff_pages), TEST_CASE(test_filtered_pages),
          TEST_CASE(test_officer_pages), TEST_CASE(test_bad_cursor))

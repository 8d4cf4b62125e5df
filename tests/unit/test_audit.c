/*
 * test_audit.c: verifying the audit chain (intact, edited, deleted in the
 * middle, at the start and at the end, reordered), the head and its
 * parsing, and the list filters. The tampering is done with plain SQL on
 * the file, as an attacker with the database would.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "test_main.h"

#include "audit/audit.h"
#include "test_util.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char dbpath[64];

static int setup(void **state)
{
    store *s;
    gisac_err err;
    if (test_store_new(dbpath, sizeof dbpath, "/tmp/gisac-audit-XXXXXX", &s) < 0)
        return -1;
    /* five entries by two actors, an hour apart */
    const char *actors[] = {"cli:alice", "user:bob", "cli:alice", "system", "user:bob"};
    const char *actions[] = {"agency.add", "user.add", "user.disable", "feed.import",
                             "token.create"};
    const char *objects[] = {"moda", "carol", "carol", NULL, "0123456789abcdef"};
    const char *details[] = {"{\"name\":\"MODA\"}", "{\"role\":\"analyst\"}", NULL,
                             "{\"imported\":3}", "{\"user\":\"carol\"}"};
    for (int i = 0; i < 5; i++) {
        store_set_actor(s, actors[i]);
        if (store_audit_append(s, 1795478400 + 3600 * i, actions[i], objects[i], details[i], &err) <
            0)
            return -1;
    }
    *state = s;
    return 0;
}

static int teardown(void **state)
{
    return test_store_teardown(state, dbpath);
}

static void tamper(const char *sql)
{
    sqlite3 *db;
    assert_int_equal(sqlite3_open(dbpath, &db), SQLITE_OK);
    char *msg = NULL;
    int rc = sqlite3_exec(db, sql, NULL, NULL, &msg);
    if (rc != SQLITE_OK)
        fprintf(stderr, "%s\n", msg);
    assert_int_equal(rc, SQLITE_OK);
    sqlite3_close(db);
}

static void verify_bad(store *s, const audit_head *head, const char *msg)
{
    audit_report rep;
    gisac_err err;
    assert_int_equal(audit_verify(s, head, &rep, &err), GISAC_EINVAL);
    assert_string_equal(err.msg, msg);
}

static void test_intact(void **state)
{
    store *s = *state;
    audit_report rep;
    audit_head h;
    gisac_err err;
    assert_int_equal(audit_verify(s, NULL, &rep, &err), 0);
    assert_int_equal(rep.entries, 5);
    assert_int_equal(rep.bad_seq, 0);
    assert_int_equal(audit_head_get(s, &h, &err), 0);
    assert_int_equal(h.seq, 5);
    assert_int_equal(rep.head.seq, 5);
    assert_string_equal(rep.head.hash, h.hash);
    assert_int_equal(strlen(h.hash), 64);
    assert_int_equal(audit_verify(s, &h, &rep, &err), 0);
    /* an older head is fine too: the log only grows */
    audit_head old = h;
    old.seq = 3;
    assert_int_equal(audit_verify(s, &old, &rep, &err), GISAC_EINVAL);
    assert_string_equal(err.msg, "audit entry 3: hash differs from the noted head (the log was "
                                 "rewritten)");
}

static void test_head_parse(void **state)
{
    (void)state;
    audit_head h;
    gisac_err err;
    char text[100];
    snprintf(text, sizeof text, "12:%s",
             "ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef0123456789");
    assert_int_equal(audit_head_parse(text, &h, &err), 0);
    assert_int_equal(h.seq, 12);
    assert_string_equal(h.hash, "abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789");
    const char *bad[] = {"",
                         "12",
                         "12:",
                         ":abc",
                         "0:abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789",
                         "x1:abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789",
                         "1:abcdef0123456789abcdef0123456789abcdef0123456789abcdef012345678",
                         "1:gbcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_int_equal(audit_head_parse(bad[i], &h, &err), GISAC_EINVAL);
    assert_string_equal(err.msg,
                        "'1:gbcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789'"
                        " is not a head: give SEQ:HASH as 'gisac audit head' prints it");
}

static void test_edited(void **state)
{
    tamper("UPDATE audit_log SET detail = '{\"role\":\"admin\"}' WHERE seq = 2");
    verify_bad(*state, NULL,
               "audit entry 2: hash mismatch: the entry was changed after it was written");
}

static void test_edited_actor(void **state)
{
    tamper("UPDATE audit_log SET actor = 'cli:mallory' WHERE seq = 4");
    verify_bad(*state, NULL,
               "audit entry 4: hash mismatch: the entry was changed after it was written");
}

static void test_deleted_middle(void **state)
{
    tamper("DELETE FROM audit_log WHERE seq = 3");
    verify_bad(*state, NULL,
               "audit entry 3: missing: the log jumps from entry 2 to entry 4 (entries deleted)");
}

static void test_deleted_first(void **state)
{
    tamper("DELETE FROM audit_log WHERE seq = 1");
    verify_bad(*state, NULL, "audit entry 1: missing: the log starts at entry 2 (entries deleted)");
}

static void test_renumbered(void **state)
{
    /* delete entry 3 and close the gap: the link of the new entry 3 breaks */
    tamper("DELETE FROM audit_log WHERE seq = 3;"
           "UPDATE audit_log SET seq = seq - 1 WHERE seq > 3");
    verify_bad(*state, NULL,
               "audit entry 3: prev_hash does not match entry 2's hash (entries deleted or "
               "reordered)");
}

static void test_swapped(void **state)
{
    tamper("UPDATE audit_log SET seq = -2 WHERE seq = 2;"
           "UPDATE audit_log SET seq = 2 WHERE seq = 3;"
           "UPDATE audit_log SET seq = 3 WHERE seq = -2");
    verify_bad(*state, NULL,
               "audit entry 2: prev_hash does not match entry 1's hash (entries deleted or "
               "reordered)");
}

/* the head of the log of s, noted before sql tampers with the log */
static audit_head head_then_tamper(store *s, const char *sql)
{
    audit_head h;
    gisac_err err;
    assert_int_equal(audit_head_get(s, &h, &err), 0);
    tamper(sql);
    return h;
}

static void test_truncated(void **state)
{
    store *s = *state;
    audit_head h = head_then_tamper(s, "DELETE FROM audit_log WHERE seq >= 4");
    audit_report rep;
    gisac_err err;
    /* the chain alone cannot tell */
    assert_int_equal(audit_verify(s, NULL, &rep, &err), 0);
    assert_int_equal(rep.entries, 3);
    verify_bad(s, &h,
               "audit entry 5: missing: the log ends at entry 3 but the noted head is entry 5 "
               "(entries deleted)");
}

static void test_rewritten(void **state)
{
    /* a whole new chain from entry 2 on, hashes recomputed: only the noted head tells */
    store *s = *state;
    audit_head h = head_then_tamper(s, "DELETE FROM audit_log WHERE seq >= 2");
    audit_report rep;
    gisac_err err;
    store_set_actor(s, "cli:mallory");
    for (int i = 0; i < 4; i++)
        assert_int_equal(store_audit_append(s, 1795478400, "user.add", "x", NULL, &err), 0);
    assert_int_equal(audit_verify(s, NULL, &rep, &err), 0);
    verify_bad(s, &h, "audit entry 5: hash differs from the noted head (the log was rewritten)");
}

static int add_seq(void *ctx, const store_audit_entry *e)
{
    test_textf(ctx, ",", "%lld", (long long)e->seq);
    return 0;
}

static const char *list(store *s, const audit_filter *f, size_t want_count)
{
    static test_text l;
    l.s[0] = '\0';
    size_t count = 99;
    gisac_err err;
    assert_int_equal(audit_list(s, f, add_seq, &l, &count, &err), 0);
    assert_int_equal(count, want_count);
    return l.s;
}

static void test_list(void **state)
{
    store *s = *state;
    audit_filter f = AUDIT_FILTER_ALL;
    assert_string_equal(list(s, &f, 5), "1,2,3,4,5");
    f.actor = "cli:alice";
    assert_string_equal(list(s, &f, 2), "1,3");
    f.actor = "cli:ali"; /* actors are exact */
    assert_string_equal(list(s, &f, 0), "");
    f.actor = NULL;
    f.action = "user.add";
    assert_string_equal(list(s, &f, 1), "2");
    f.action = "user.";
    assert_string_equal(list(s, &f, 2), "2,3");
    f.action = "user"; /* exact without the dot */
    assert_string_equal(list(s, &f, 0), "");
    f.action = NULL;
    f.object = "arol";
    assert_string_equal(list(s, &f, 2), "2,3");
    f.object = NULL;
    f.since = 1795478400 + 3600;     /* included */
    f.until = 1795478400 + 3 * 3600; /* excluded */
    assert_string_equal(list(s, &f, 2), "2,3");
    f.actor = "user:bob";
    assert_string_equal(list(s, &f, 1), "2");
}

int main(void)
{
    static const test_case cases[] = {
        TEST_CASE(test_intact),       TEST_PLAIN(test_head_parse),    TEST_CASE(test_edited),
        TEST_CASE(test_edited_actor), TEST_CASE(test_deleted_middle), TEST_CASE(test_deleted_first),
        TEST_CASE(test_renumbered),   TEST_CASE(test_swapped),        TEST_CASE(test_truncated),
        TEST_CASE(test_rewritten),    TEST_CASE(test_list),
    };
    return test_main(cases, TEST_COUNT(cases), setup, teardown);
}

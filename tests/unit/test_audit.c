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
#include <sys/stat.h>
#include <unistd.h>

static char dbpath[64];

static int setup(void **state)
{
    if (test_store_setup(state, dbpath, sizeof dbpath, "/tmp/gisac-audit-XXXXXX") < 0)
        return -1;
    store *s = *state;
    /* five entries by two actors, an hour apart */
    const char *actors[] = {"cli:alice", "user:bob", "cli:alice", "system", "user:bob"};
    const char *actions[] = {"agency.add", "user.add", "user.disable", "feed.import",
                             "token.create"};
    const char *objects[] = {"moda", "carol", "carol", NULL, "0123456789abcdef"};
    const char *details[] = {"{\"name\":\"MODA\"}", "{\"role\":\"analyst\"}", NULL,
                             "{\"imported\":3}", "{\"user\":\"carol\"}"};
    gisac_err err;
    for (int i = 0; i < 5; i++) {
        store_set_actor(s, actors[i]);
        if (store_audit_append(s, 1795478400 + 3600 * i, actions[i], objects[i], details[i], &err) <
            0)
            return -1;
    }
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

/* Each way of tampering with the log (sql run on a fresh database of the
 * five entries of setup) and what audit_verify then says. */
static void test_tampered(void **state)
{
    static const struct {
        const char *sql, *msg;
    } cases[] = {
        /* edited */
        {"UPDATE audit_log SET detail = '{\"role\":\"admin\"}' WHERE seq = 2",
         "audit entry 2: hash mismatch: the entry was changed after it was written"},
        /* edited actor */
        {"UPDATE audit_log SET actor = 'cli:mallory' WHERE seq = 4",
         "audit entry 4: hash mismatch: the entry was changed after it was written"},
        /* deleted in the middle */
        {"DELETE FROM audit_log WHERE seq = 3",
         "audit entry 3: missing: the log jumps from entry 2 to entry 4 (entries deleted)"},
        /* deleted first */
        {"DELETE FROM audit_log WHERE seq = 1",
         "audit entry 1: missing: the log starts at entry 2 (entries deleted)"},
        /* renumbered: delete entry 3 and close the gap: the link of the new entry 3 breaks */
        {"DELETE FROM audit_log WHERE seq = 3;"
         "UPDATE audit_log SET seq = seq - 1 WHERE seq > 3",
         "audit entry 3: prev_hash does not match entry 2's hash (entries deleted or "
         "reordered)"},
        /* swapped */
        {"UPDATE audit_log SET seq = -2 WHERE seq = 2;"
         "UPDATE audit_log SET seq = 2 WHERE seq = 3;"
         "UPDATE audit_log SET seq = 3 WHERE seq = -2",
         "audit entry 2: prev_hash does not match entry 1's hash (entries deleted or "
         "reordered)"},
    };
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        void *st = NULL;
        assert_int_equal(setup(&st), 0);
        tamper(cases[i].sql);
        verify_bad(st, NULL, cases[i].msg);
        teardown(&st);
    }
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

/* ---- checkpoints ---------------------------------------------------------- */

static char keypath[96];

static void checkpoint(store *s, int if_moved, int want_written, audit_checkpoint *c)
{
    gisac_err err = GISAC_ERR_INIT;
    int written = -1;
    snprintf(keypath, sizeof keypath, "%s.audit-key", dbpath);
    assert_int_equal(audit_checkpoint_write(s, keypath, 1795500000, if_moved, c, &written, &err),
                     0);
    assert_int_equal(written, want_written);
}

static void anchored_bad(store *s, const audit_checkpoint *outside, const char *msg)
{
    audit_report rep;
    audit_anchor anc;
    gisac_err err = GISAC_ERR_INIT;
    assert_int_equal(audit_verify_anchored(s, NULL, keypath, outside, &rep, &anc, &err),
                     GISAC_EINVAL);
    assert_string_equal(err.msg, msg);
}

static void test_checkpoint(void **state)
{
    store *s = *state;
    audit_checkpoint c, again;
    checkpoint(s, 0, 1, &c);
    assert_int_equal(c.seq, 6); /* its own entry */
    assert_int_equal(c.ts, 1795500000);
    audit_head h;
    gisac_err err = GISAC_ERR_INIT;
    assert_int_equal(audit_head_get(s, &h, &err), 0);
    assert_string_equal(c.hash, h.hash);
    /* nothing since: if_moved writes nothing and hands back the last */
    checkpoint(s, 1, 0, &again);
    assert_int_equal(again.seq, 6);
    assert_string_equal(again.signature, c.signature);
    assert_int_equal(audit_checkpoint_check(&c, keypath, &err), 0);

    audit_report rep;
    audit_anchor anc;
    assert_int_equal(audit_verify_anchored(s, NULL, keypath, &c, &rep, &anc, &err), 0);
    assert_int_equal(anc.checkpoints, 2);
    assert_int_equal(anc.latest.seq, 6);
    assert_int_equal(anc.after, 0);
    assert_int_equal(anc.outside, 1);

    /* JSON out and in */
    gisac_buf b = GISAC_BUF_INIT;
    assert_int_equal(audit_checkpoint_to_json(&c, &b), 0);
    assert_int_equal(audit_checkpoint_parse(b.data, b.len, &again, &err), 0);
    assert_int_equal(again.seq, c.seq);
    assert_int_equal(again.ts, c.ts);
    assert_string_equal(again.hash, c.hash);
    assert_string_equal(again.key, c.key);
    assert_string_equal(again.signature, c.signature);
    gisac_buf_free(&b);

    /* a changed field breaks the signature */
    audit_checkpoint x = c;
    x.ts++;
    assert_int_equal(audit_checkpoint_check(&x, keypath, &err), GISAC_EINVAL);
    assert_string_equal(err.msg, "bad signature (the checkpoint was changed or forged)");
    anchored_bad(s, &x,
                 "audit entry 6: the outside checkpoint of 2026-11-24T06:00:01Z: bad signature "
                 "(the checkpoint was changed or forged)");

    /* the tail cut off, then the table emptied */
    tamper("DELETE FROM audit_log WHERE seq = 6");
    anchored_bad(s, NULL,
                 "audit entry 6: missing: the log ends at entry 5 but the checkpoint of "
                 "2026-11-24T06:00:00Z counted 6 entries (entries deleted at the tail)");
    tamper("DELETE FROM audit_log");
    anchored_bad(s, NULL,
                 "audit entry 6: missing: the log is empty but the checkpoint of "
                 "2026-11-24T06:00:00Z counted 6 entries (the table was emptied)");
    /* the old verify cannot tell */
    assert_int_equal(audit_verify(s, NULL, &rep, &err), 0);
    assert_int_equal(rep.entries, 0);
    unlink(keypath);
}

static void test_checkpoint_rules(void **state)
{
    store *s = *state;
    audit_checkpoint c;
    checkpoint(s, 1, 1, &c); /* none yet: if_moved writes one */
    assert_int_equal(c.seq, 6);
    store_set_actor(s, "cli:alice");
    gisac_err err = GISAC_ERR_INIT;
    assert_int_equal(store_audit_append(s, 1795500100, "agency.update", "moda", NULL, &err), 0);
    audit_report rep;
    audit_anchor anc;
    assert_int_equal(audit_verify_anchored(s, NULL, keypath, NULL, &rep, &anc, &err), 0);
    assert_int_equal(anc.checkpoints, 1);
    assert_int_equal(anc.after, 1);
    /* the checkpoint deleted, its entry kept */
    tamper("DELETE FROM audit_checkpoint");
    anchored_bad(s, NULL,
                 "audit entry 6: its checkpoint is not stored any more (checkpoints deleted)");
    /* the key gone: said so, not "intact" */
    assert_int_equal(audit_checkpoint_check(&c, keypath, &err), 0);
    unlink(keypath);
    assert_int_equal(audit_checkpoint_check(&c, keypath, &err), GISAC_ENOTFOUND);
    char want[400];
    snprintf(want, sizeof want, "%s: no audit key (the checkpoints cannot be checked)", keypath);
    assert_string_equal(err.msg, want);
    /* a key file of the wrong size */
    FILE *f = fopen(keypath, "w");
    assert_non_null(f);
    fputs("short", f);
    fclose(f);
    assert_int_equal(chmod(keypath, 0600), 0);
    assert_int_equal(audit_checkpoint_check(&c, keypath, &err), GISAC_EINVAL);
    snprintf(want, sizeof want, "%s: not an audit key (32 bytes expected)", keypath);
    assert_string_equal(err.msg, want);
    /* one that group or others may read: refused, as the server key is */
    assert_int_equal(chmod(keypath, 0640), 0);
    assert_int_equal(audit_checkpoint_check(&c, keypath, &err), GISAC_EINVAL);
    snprintf(want, sizeof want,
             "%s: the audit key is open to group or others (mode 640); refusing to use it (chmod "
             "600 %s)",
             keypath, keypath);
    assert_string_equal(err.msg, want);
    unlink(keypath);
}

static void test_checkpoint_parse(void **state)
{
    (void)state;
    const char *h = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    char sig[129];
    for (int i = 0; i < 128; i++)
        sig[i] = "0123456789abcdef"[i % 16];
    sig[128] = 0;
    char ok[600], hook[800];
    snprintf(ok, sizeof ok,
             "{\"seq\":12,\"hash\":\"%s\",\"time\":\"2026-11-24T08:00:00+08:00\",\"key\":\"%s\","
             "\"signature\":\"%s\"}",
             h, h, sig);
    snprintf(hook, sizeof hook, "{\"id\":3,\"event\":\"audit.checkpoint\",\"data\":%s}", ok);
    audit_checkpoint c;
    gisac_err err = GISAC_ERR_INIT;
    assert_int_equal(audit_checkpoint_parse(ok, strlen(ok), &c, &err), 0);
    assert_int_equal(c.seq, 12);
    assert_int_equal(c.ts, 1795478400);
    assert_int_equal(audit_checkpoint_parse(hook, strlen(hook), &c, &err), 0);
    assert_int_equal(c.seq, 12);
    struct {
        const char *in, *field, *msg;
    } bad[] = {
        {"", "", "not JSON: unexpected end of input at byte 0"},
        {"{\"seq\":1,\"seq\":2}", "$.checkpoint", "member 'seq' given twice"},
        {"{\"seq\":1}", "$.hash", "not a checkpoint: no member 'hash'"},
        {"{\"data\":{\"seq\":1}}", "$.data.hash", "not a checkpoint: no member 'hash'"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        gisac_err_clear(&err);
        assert_int_equal(audit_checkpoint_parse(bad[i].in, strlen(bad[i].in), &c, &err),
                         GISAC_EINVAL);
        assert_string_equal(err.msg, bad[i].msg);
        if (*bad[i].field)
            assert_string_equal(err.field, bad[i].field);
    }
    /* each member's shape */
    const char *swaps[][3] = {
        {"\"seq\":12", "\"seq\":0", "checkpoint: seq is not a positive integer"},
        {"\"seq\":12", "\"seq\":1.5", "checkpoint: seq is not a positive integer"},
        {"\"seq\":12", "\"seq\":\"12\"", "checkpoint: seq is not a positive integer"},
        {"\"hash\":\"0", "\"hash\":\"A", "checkpoint: hash is not 64 hex digits"},
        {"+08:00", "+08:0", "checkpoint: time is not an RFC 3339 time"},
        {"\"key\":\"0", "\"key\":\"00", "checkpoint: key is not 64 hex digits"},
        {"\"signature\":\"0", "\"signature\":\"x", "checkpoint: signature is not 128 hex digits"},
    };
    for (size_t i = 0; i < sizeof swaps / sizeof swaps[0]; i++) {
        char in[700];
        const char *at = strstr(ok, swaps[i][0]);
        assert_non_null(at);
        snprintf(in, sizeof in, "%.*s%s%s", (int)(at - ok), ok, swaps[i][1],
                 at + strlen(swaps[i][0]));
        gisac_err_clear(&err);
        assert_int_equal(audit_checkpoint_parse(in, strlen(in), &c, &err), GISAC_EINVAL);
        assert_string_equal(err.msg, swaps[i][2]);
    }
}

TEST_MAIN(setup, teardown, TEST_CASE(test_intact), TEST_PLAIN(test_head_parse),
          TEST_PLAIN(test_tampered), TEST_CASE(test_truncated), TEST_CASE(test_rewritten),
          TEST_CASE(test_list), TEST_CASE(test_checkpoint), TEST_CASE(test_checkpoint_rules),
          TEST_PLAIN(test_checkpoint_parse))

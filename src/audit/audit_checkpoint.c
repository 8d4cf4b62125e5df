/*
 * audit_checkpoint.c: signed checkpoints of the audit chain (audit.h,
 * "checkpoints"): the audit key, writing, checking, JSON out and in.
 */
#include "audit/audit.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SEED_LEN crypto_sign_SEEDBYTES /* the key file: 32 random bytes */

/* ---- the key ------------------------------------------------------------- */

/* The key pair from the file at path (made when missing and create). */
static int key_load(const char *path, int create, unsigned char pk[crypto_sign_PUBLICKEYBYTES],
                    unsigned char sk[crypto_sign_SECRETKEYBYTES], gisac_err *err)
{
    if (!path)
        return gisac_err_set(err, GISAC_ENOTFOUND,
                             "this store has no audit key (checkpoints need an SQLite file)");
    if (sodium_init() < 0)
        return gisac_err_set(err, GISAC_EIO, "libsodium cannot start");
    const gisac_key_file f = {.path = path,
                              .len = SEED_LEN,
                              .name = "audit key",
                              .a_name = "an audit key",
                              .missing = "no audit key (the checkpoints cannot be checked)"};
    unsigned char fresh[SEED_LEN], seed[SEED_LEN];
    if (create)
        randombytes_buf(fresh, sizeof fresh);
    int rc = gisac_key_file_load(&f, create ? fresh : NULL, seed, err);
    if (rc == 0)
        crypto_sign_seed_keypair(pk, sk, seed);
    sodium_memzero(fresh, sizeof fresh);
    sodium_memzero(seed, sizeof seed);
    return rc;
}

/* ---- the signed text ------------------------------------------------------- */

static size_t signed_text(const audit_checkpoint *c, char *out, size_t cap)
{
    int n = snprintf(out, cap, "gisac-audit-checkpoint\n%lld\n%s\n%lld\n%s\n", (long long)c->seq,
                     c->hash, (long long)c->ts, c->key);
    return n < 0 ? 0 : (size_t)n < cap ? (size_t)n : cap - 1;
}

static int is_lower_hex(const char *s, size_t n)
{
    if (strlen(s) != n)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
            return 0;
    return 1;
}

/* ---- writing ------------------------------------------------------------------ */

static int write_locked(store *s, const unsigned char *pk, const unsigned char *sk, int64_t now,
                        int if_moved, audit_checkpoint *c, int *written, gisac_err *err)
{
    int rc;
    if (if_moved) {
        audit_checkpoint last;
        int64_t seq;
        char hash[65];
        rc = audit_checkpoint_latest(s, &last, err);
        if (rc < 0 && rc != GISAC_ENOTFOUND)
            return rc;
        if (rc == 0) {
            if ((rc = store_audit_head(s, &seq, hash, err)) < 0)
                return rc;
            if (seq == last.seq) {
                *c = last;
                return 0;
            }
        }
    }
    char detail[96];
    sodium_bin2hex(c->key, sizeof c->key, pk, crypto_sign_PUBLICKEYBYTES);
    snprintf(detail, sizeof detail, "{\"key\":\"%s\"}", c->key);
    if ((rc = store_audit_append(s, now, AUDIT_CHECKPOINT_EVENT, NULL, detail, err)) < 0 ||
        (rc = store_audit_head(s, &c->seq, c->hash, err)) < 0)
        return rc;
    c->ts = now;
    char text[256];
    size_t n = signed_text(c, text, sizeof text);
    unsigned char sig[crypto_sign_BYTES];
    crypto_sign_detached(sig, NULL, (const unsigned char *)text, n, sk);
    sodium_bin2hex(c->signature, sizeof c->signature, sig, sizeof sig);
    if ((rc = store_audit_checkpoint_add(s, c, err)) < 0)
        return rc;
    *written = 1;
    return 0;
}

int audit_checkpoint_write(store *s, const char *key_path, int64_t now, int if_moved,
                           audit_checkpoint *out, int *written, gisac_err *err)
{
    unsigned char pk[crypto_sign_PUBLICKEYBYTES], sk[crypto_sign_SECRETKEYBYTES];
    audit_checkpoint c;
    memset(&c, 0, sizeof c);
    int w = 0;
    int rc = key_load(key_path, 1, pk, sk, err);
    if (rc == 0) {
        int own = !store_tx_open(s);
        if (own && (rc = store_begin(s, err)) < 0)
            goto out;
        rc = write_locked(s, pk, sk, now, if_moved, &c, &w, err);
        if (own) {
            if (rc == 0)
                rc = store_commit(s, err);
            else
                store_rollback(s);
        }
    }
out:
    sodium_memzero(sk, sizeof sk);
    if (rc < 0)
        w = 0;
    if (written)
        *written = w;
    if (out && rc == 0)
        *out = c;
    return rc;
}

int audit_checkpoint_latest(store *s, audit_checkpoint *out, gisac_err *err)
{
    return store_audit_checkpoint_latest(s, out, err);
}

/* ---- checking ----------------------------------------------------------------- */

int audit_checkpoint_check(const audit_checkpoint *c, const char *key_path, gisac_err *err)
{
    unsigned char pk[crypto_sign_PUBLICKEYBYTES], sk[crypto_sign_SECRETKEYBYTES];
    int rc = key_load(key_path, 0, pk, sk, err);
    sodium_memzero(sk, sizeof sk);
    if (rc < 0)
        return rc;
    char mine[2 * crypto_sign_PUBLICKEYBYTES + 1];
    sodium_bin2hex(mine, sizeof mine, pk, sizeof pk);
    if (strcmp(c->key, mine) != 0)
        return gisac_err_set(err, GISAC_EINVAL,
                             "signed by another key (%.16s..., this installation's is %.16s...)",
                             c->key, mine);
    unsigned char sig[crypto_sign_BYTES];
    char text[256];
    size_t n = signed_text(c, text, sizeof text);
    if (!is_lower_hex(c->signature, 2 * crypto_sign_BYTES) ||
        sodium_hex2bin(sig, sizeof sig, c->signature, strlen(c->signature), NULL, NULL, NULL) !=
            0 ||
        crypto_sign_verify_detached(sig, (const unsigned char *)text, n, pk) != 0)
        return gisac_err_set(err, GISAC_EINVAL,
                             "bad signature (the checkpoint was changed or forged)");
    return 0;
}

/* ---- JSON ------------------------------------------------------------------- */

int audit_checkpoint_to_json(const audit_checkpoint *c, gisac_buf *b)
{
    char ts[GISAC_TIME_LEN];
    gisac_time_format(c->ts, ts);
    int rc = gisac_buf_printf(b,
                              "{\"seq\":%lld,\"hash\":\"%s\",\"time\":\"%s\",\"key\":\"%s\","
                              "\"signature\":\"%s\"}",
                              (long long)c->seq, c->hash, ts, c->key, c->signature);
    return rc ? GISAC_ENOMEM : 0;
}

enum { F_SEQ, F_HASH, F_TIME, F_KEY, F_SIG, F_N };
static const char *const fields[F_N] = {"seq", "hash", "time", "key", "signature"};

typedef struct parse_ctx {
    /* [0]: the top level, [1]: under "data" (a webhook body) */
    const jsonx_leaf *leaf[2][F_N];
    jsonx_leaf keep[2][F_N];
    int dup;
    char dup_name[16];
} parse_ctx;

static int parse_cb(void *ctx, const jsonx_leaf *l)
{
    parse_ctx *p = ctx;
    const char *path = l->path;
    int level = 0;
    if (strncmp(path, "data.", 5) == 0) {
        level = 1;
        path += 5;
    }
    for (int f = 0; f < F_N; f++) {
        if (strcmp(path, fields[f]) != 0 || strlen(fields[f]) != l->path_len - (level ? 5 : 0))
            continue;
        if (p->leaf[level][f]) {
            p->dup = 1;
            snprintf(p->dup_name, sizeof p->dup_name, "%s", fields[f]);
            return 1;
        }
        p->keep[level][f] = *l;
        p->leaf[level][f] = &p->keep[level][f];
    }
    return 0;
}

/* A string leaf's text into out (cap bytes), unescaped; -1 when it is not one or too long. */
static int leaf_text(const jsonx_leaf *l, char *out, size_t cap)
{
    if (!l || l->kind != JSONX_STRING)
        return -1;
    long n = jsonx_unescape(l->raw, l->raw_len, out, cap);
    if (n < 0 || (size_t)n >= cap || memchr(out, '\0', (size_t)n))
        return -1;
    out[n] = '\0';
    return 0;
}

int audit_checkpoint_parse(const char *text, size_t len, audit_checkpoint *out, gisac_err *err)
{
    parse_ctx p;
    memset(&p, 0, sizeof p);
    size_t off = 0;
    const char *why = NULL;
    int rc = jsonx_walk(text, len, parse_cb, &p, &off, &why);
    if (rc == JSONX_EINVAL)
        return gisac_err_set(err, GISAC_EINVAL, "not JSON: %s at byte %zu", why ? why : "invalid",
                             off);
    if (p.dup)
        return gisac_err_at(err, GISAC_EINVAL, "$.checkpoint", "member '%s' given twice",
                            p.dup_name);
    int level = p.leaf[1][F_SEQ] ? 1 : 0;
    const jsonx_leaf **L = p.leaf[level];
    const char *pre = level ? "$.data." : "$.";
    char path[32];
    for (int f = 0; f < F_N; f++) {
        if (!L[f]) {
            snprintf(path, sizeof path, "%s%s", pre, fields[f]);
            return gisac_err_at(err, GISAC_EINVAL, path, "not a checkpoint: no member '%s'",
                                fields[f]);
        }
    }
    memset(out, 0, sizeof *out);
    /* seq: a positive integer of at most 18 digits */
    const jsonx_leaf *s = L[F_SEQ];
    int ok = s->kind == JSONX_NUMBER && s->raw_len >= 1 && s->raw_len <= 18 && s->raw[0] != '0';
    for (size_t i = 0; ok && i < s->raw_len; i++) {
        if (s->raw[i] < '0' || s->raw[i] > '9')
            ok = 0;
        else
            out->seq = out->seq * 10 + (s->raw[i] - '0');
    }
    if (!ok) {
        snprintf(path, sizeof path, "%sseq", pre);
        return gisac_err_at(err, GISAC_EINVAL, path, "checkpoint: seq is not a positive integer");
    }
    char tbuf[64];
    int bad = -1;
    if (leaf_text(L[F_HASH], out->hash, sizeof out->hash) < 0 ||
        !is_lower_hex(out->hash, AUDIT_HASH_LEN))
        bad = F_HASH;
    else if (leaf_text(L[F_TIME], tbuf, sizeof tbuf) < 0 ||
             gisac_time_parse(tbuf, strlen(tbuf), &out->ts) < 0)
        bad = F_TIME;
    else if (leaf_text(L[F_KEY], out->key, sizeof out->key) < 0 ||
             !is_lower_hex(out->key, 2 * crypto_sign_PUBLICKEYBYTES))
        bad = F_KEY;
    else if (leaf_text(L[F_SIG], out->signature, sizeof out->signature) < 0 ||
             !is_lower_hex(out->signature, 2 * crypto_sign_BYTES))
        bad = F_SIG;
    if (bad >= 0) {
        static const char *const want[F_N] = {"", "64 hex digits", "an RFC 3339 time",
                                              "64 hex digits", "128 hex digits"};
        snprintf(path, sizeof path, "%s%s", pre, fields[bad]);
        return gisac_err_at(err, GISAC_EINVAL, path, "checkpoint: %s is not %s", fields[bad],
                            want[bad]);
    }
    return 0;
}

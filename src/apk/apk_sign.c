/* apk_sign.c: the signatures of an APK (apk_internal.h): v1 (JAR signing:
 * MANIFEST.MF, .SF, PKCS#7 blocks), v2 and v3 (the APK Signing Block before
 * the central directory). The verdict for each scheme and overall follows
 * what `apksigner verify --min-sdk-version N` decides (docs/app-check.md):
 *   - v3 is checked when present (it is read by Android 9, API 28, on);
 *   - v2 when present and the range reaches below 28 or there is no v3;
 *   - v1 when the range reaches below 24 (API 24, Android 7.0, reads v2)
 *     or there is neither v2 nor v3;
 * and the APK verifies when every scheme checked verifies, at least one
 * was checked, and the signers of the schemes agree. The file's contents
 * are digested in 1 MiB pieces: memory does not grow with its size. */
#include "apk/apk_internal.h"

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pkcs7.h>
#include <openssl/x509.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define CHUNK     ((size_t)1 << 20)
#define MAX_BLOCK ((uint64_t)16 << 20)
#define MAX_META  ((size_t)32 << 20)
#define SDK_MAX   0x7fffffff

typedef struct sl {
    const uint8_t *p;
    size_t n;
} sl;

static int take_u32(sl *s, uint32_t *v)
{
    if (s->n < 4)
        return -1;
    *v = apk_le32(s->p);
    s->p += 4;
    s->n -= 4;
    return 0;
}

/* a length-prefixed (u32) piece */
static int take_lp(sl *s, sl *out)
{
    uint32_t n;
    if (take_u32(s, &n) < 0 || n > s->n)
        return -1;
    out->p = s->p;
    out->n = n;
    s->p += n;
    s->n -= n;
    return 0;
}

/* The next length-prefixed (id, length-prefixed value) pair of a list
 * (signatures, digests): 1, 0 at its end, -1 when malformed. */
static int next_pair(sl *s, uint32_t *id, sl *value)
{
    sl one;
    if (s->n == 0)
        return 0;
    return take_lp(s, &one) < 0 || take_u32(&one, id) < 0 || take_lp(&one, value) < 0 ? -1 : 1;
}

typedef struct vctx {
    const apk_zip *z;
    apk_report *r;
    gisac_err *err;
    int min_sdk;
    /* the content digests computed (v2 and v3 digest the same bytes) */
    int have256, have512;
    uint8_t d256[32], d512[64];
} vctx;

static int sig_error(vctx *v, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int sig_error(vctx *v, const char *fmt, ...)
{
    char text[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    const char *s = apk_report_strdup(v->r, text);
    if (!s)
        return GISAC_ENOMEM;
    return gisac_push(&v->r->sig.errors, &v->r->sig.nerrors, &v->r->sig.caperrors, sizeof s, 8, &s);
}

/* ---- certificates ------------------------------------------------------ */

static int64_t asn1_epoch(const ASN1_TIME *t)
{
    struct tm tm;
    if (!t || ASN1_TIME_to_tm(t, &tm) != 1)
        return 0;
    /* days from the civil date (proleptic Gregorian) */
    int64_t y = tm.tm_year + 1900, m = tm.tm_mon + 1, d = tm.tm_mday;
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    int64_t days = era * 146097 + doe - 719468;
    return days * 86400 + tm.tm_hour * 3600 + tm.tm_min * 60 + tm.tm_sec;
}

static void cert_sha256(const uint8_t *der, size_t n, char out[65])
{
    uint8_t d[32];
    gisac_sha256(der, n, d);
    gisac_hex(d, 32, out);
}

/* A signer of scheme from its certificate: appended to r->sig.signers
 * (once per scheme and certificate); *at its index. */
static int add_signer(vctx *v, int scheme, X509 *x, int min_sdk, int max_sdk, size_t *at)
{
    apk_report *r = v->r;
    uint8_t *der = NULL;
    int dn = i2d_X509(x, &der);
    if (dn <= 0)
        return GISAC_ENOMEM;
    apk_signer s = {0};
    s.scheme = scheme;
    cert_sha256(der, (size_t)dn, s.cert_sha256);
    OPENSSL_free(der);
    for (size_t i = 0; i < r->sig.nsigners; i++)
        if (r->sig.signers[i].scheme == scheme &&
            strcmp(r->sig.signers[i].cert_sha256, s.cert_sha256) == 0 &&
            r->sig.signers[i].min_sdk == min_sdk) {
            if (at)
                *at = i;
            return 0;
        }
    char buf[512] = "";
    BIO *b = BIO_new(BIO_s_mem());
    if (b) {
        X509_NAME_print_ex(b, X509_get_subject_name(x), 0, XN_FLAG_RFC2253);
        int n = BIO_read(b, buf, sizeof buf - 1);
        buf[n > 0 ? n : 0] = '\0';
        BIO_free(b);
    }
    s.subject = apk_report_strdup(r, buf);
    int nid = X509_get_signature_nid(x);
    s.sig_alg = apk_report_strdup(r, nid != NID_undef ? OBJ_nid2ln(nid) : "unknown");
    EVP_PKEY *k = X509_get0_pubkey(x);
    s.key_type = "unknown";
    if (k) {
        int id = EVP_PKEY_get_base_id(k);
        s.key_type = id == EVP_PKEY_RSA   ? "RSA"
                     : id == EVP_PKEY_EC  ? "EC"
                     : id == EVP_PKEY_DSA ? "DSA"
                                          : "other";
        s.key_bits = EVP_PKEY_get_bits(k);
    }
    s.not_before = asn1_epoch(X509_get0_notBefore(x));
    s.not_after = asn1_epoch(X509_get0_notAfter(x));
    s.min_sdk = min_sdk;
    s.max_sdk = max_sdk;
    if (!s.subject || !s.sig_alg)
        return GISAC_ENOMEM;
    if (at)
        *at = r->sig.nsigners;
    return gisac_push(&r->sig.signers, &r->sig.nsigners, &r->sig.capsigners, sizeof s, 4, &s);
}

static X509 *cert_parse(sl c)
{
    const unsigned char *p = c.p;
    X509 *x = d2i_X509(NULL, &p, (long)c.n);
    if (x && p != c.p + c.n) {
        X509_free(x);
        return NULL;
    }
    return x;
}

/* ---- v2 and v3: the APK Signing Block ------------------------------------ */

typedef struct alg {
    uint32_t id;
    const char *name;
    int key;    /* EVP_PKEY_RSA, EVP_PKEY_EC, EVP_PKEY_DSA */
    int pss;    /* RSASSA-PSS */
    int sha512; /* the content digest and the signature's: SHA-512 */
    int verity; /* the content digest is the verity tree's (not computed here) */
} alg;

static const alg ALGS[] = {
    {0x0101, "RSASSA-PSS-SHA256", EVP_PKEY_RSA, 1, 0, 0},
    {0x0102, "RSASSA-PSS-SHA512", EVP_PKEY_RSA, 1, 1, 0},
    {0x0103, "RSASSA-PKCS1-v1_5-SHA256", EVP_PKEY_RSA, 0, 0, 0},
    {0x0104, "RSASSA-PKCS1-v1_5-SHA512", EVP_PKEY_RSA, 0, 1, 0},
    {0x0201, "ECDSA-SHA256", EVP_PKEY_EC, 0, 0, 0},
    {0x0202, "ECDSA-SHA512", EVP_PKEY_EC, 0, 1, 0},
    {0x0301, "DSA-SHA256", EVP_PKEY_DSA, 0, 0, 0},
    {0x0421, "VERITY-RSASSA-PKCS1-v1_5-SHA256", EVP_PKEY_RSA, 0, 0, 1},
    {0x0423, "VERITY-ECDSA-SHA256", EVP_PKEY_EC, 0, 0, 1},
    {0x0425, "VERITY-DSA-SHA256", EVP_PKEY_DSA, 0, 0, 1},
};

static const alg *alg_find(uint32_t id)
{
    for (size_t i = 0; i < sizeof ALGS / sizeof ALGS[0]; i++)
        if (ALGS[i].id == id)
            return &ALGS[i];
    return NULL;
}

static int sig_verify(EVP_PKEY *k, const alg *a, sl data, sl sig)
{
    EVP_MD_CTX *md = EVP_MD_CTX_new();
    EVP_PKEY_CTX *pc = NULL;
    int ok = 0;
    if (md &&
        EVP_DigestVerifyInit(md, &pc, a->sha512 ? EVP_sha512() : EVP_sha256(), NULL, k) == 1) {
        if (a->pss) {
            EVP_PKEY_CTX_set_rsa_padding(pc, RSA_PKCS1_PSS_PADDING);
            EVP_PKEY_CTX_set_rsa_pss_saltlen(pc, a->sha512 ? 64 : 32);
            EVP_PKEY_CTX_set_rsa_mgf1_md(pc, a->sha512 ? EVP_sha512() : EVP_sha256());
        }
        ok = EVP_DigestVerify(md, sig.p, sig.n, data.p, data.n) == 1;
    }
    EVP_MD_CTX_free(md);
    return ok;
}

typedef struct block {
    uint64_t off; /* its first byte */
    uint8_t *mem;
    sl v2, v3;
    int has_v2, has_v3;
} block;

/* Find the APK Signing Block right before the central directory: 0 (none
 * is b->mem NULL), or an error message for a broken one (1). */
static int find_block(vctx *v, block *b)
{
    const apk_zip *z = v->z;
    memset(b, 0, sizeof *b);
    if (z->cd_off < 32)
        return 0;
    uint8_t foot[24];
    gisac_err e = GISAC_ERR_INIT;
    if (apk_read_at(&z->f, z->cd_off - 24, foot, 24, &e) < 0)
        return 0;
    if (memcmp(foot + 8, "APK Sig Block 42", 16) != 0)
        return 0;
    uint64_t size = apk_le64(foot);
    if (size < 24 || size > MAX_BLOCK || size + 8 > z->cd_off)
        return sig_error(v, "APK Signing Block: size %llu out of range", (unsigned long long)size) <
                       0
                   ? GISAC_ENOMEM
                   : 1;
    b->off = z->cd_off - size - 8;
    b->mem = malloc(size + 8);
    if (!b->mem)
        return GISAC_ENOMEM;
    if (apk_read_at(&z->f, b->off, b->mem, size + 8, &e) < 0 || apk_le64(b->mem) != size) {
        free(b->mem);
        b->mem = NULL;
        return sig_error(v, "APK Signing Block: the sizes in its header and footer differ") < 0
                   ? GISAC_ENOMEM
                   : 1;
    }
    sl s = {b->mem + 8, size - 24};
    while (s.n > 0) {
        if (s.n < 8)
            return sig_error(v, "APK Signing Block: a truncated pair") < 0 ? GISAC_ENOMEM : 1;
        uint64_t len = apk_le64(s.p);
        if (len < 4 || len > s.n - 8)
            return sig_error(v, "APK Signing Block: a pair of %llu bytes, %zu left",
                             (unsigned long long)len, s.n - 8) < 0
                       ? GISAC_ENOMEM
                       : 1;
        uint32_t id = apk_le32(s.p + 8);
        sl val = {s.p + 12, (size_t)len - 4};
        if (id == APK_SIG_ID_V2 && !b->has_v2) {
            b->v2 = val;
            b->has_v2 = 1;
        } else if (id == APK_SIG_ID_V3 && !b->has_v3) {
            b->v3 = val;
            b->has_v3 = 1;
        }
        s.p += 8 + len;
        s.n -= 8 + (size_t)len;
    }
    return 0;
}

/* The chunked content digests (SHA-256 and SHA-512) of the APK around the
 * signing block at block_off: 0 or an error code. */
static int content_digests(vctx *v, uint64_t block_off, int want256, int want512, uint8_t d256[32],
                           uint8_t d512[64])
{
    const apk_zip *z = v->z;
    uint64_t start[3] = {0, z->cd_off, z->eocd_off};
    uint64_t len[3] = {block_off, z->eocd_off - z->cd_off, z->f.size - z->eocd_off};
    uint64_t chunks = 0;
    for (int i = 0; i < 3; i++)
        chunks += (len[i] + CHUNK - 1) / CHUNK;
    if (chunks > 0xffffffffu)
        return GISAC_EINVAL;
    uint8_t *buf = malloc(CHUNK);
    EVP_MD_CTX *top[2] = {EVP_MD_CTX_new(), EVP_MD_CTX_new()};
    EVP_MD_CTX *one = EVP_MD_CTX_new();
    const EVP_MD *mds[2] = {EVP_sha256(), EVP_sha512()};
    int want[2] = {want256, want512};
    int rc = 0;
    if (!buf || !top[0] || !top[1] || !one) {
        rc = GISAC_ENOMEM;
        goto out;
    }
    uint8_t hdr[5] = {0x5a};
    hdr[1] = (uint8_t)chunks;
    hdr[2] = (uint8_t)(chunks >> 8);
    hdr[3] = (uint8_t)(chunks >> 16);
    hdr[4] = (uint8_t)(chunks >> 24);
    for (int k = 0; k < 2; k++)
        if (want[k]) {
            EVP_DigestInit_ex(top[k], mds[k], NULL);
            EVP_DigestUpdate(top[k], hdr, 5);
        }
    gisac_err e = GISAC_ERR_INIT;
    for (int i = 0; i < 3; i++)
        for (uint64_t off = 0; off < len[i];) {
            size_t n = len[i] - off < CHUNK ? (size_t)(len[i] - off) : CHUNK;
            if (apk_read_at(&z->f, start[i] + off, buf, n, &e) < 0) {
                rc = GISAC_EIO;
                goto out;
            }
            if (i == 2 && off == 0 && n >= 20) { /* the end record points at the block */
                buf[16] = (uint8_t)block_off;
                buf[17] = (uint8_t)(block_off >> 8);
                buf[18] = (uint8_t)(block_off >> 16);
                buf[19] = (uint8_t)(block_off >> 24);
            }
            uint8_t ch[5] = {0xa5, (uint8_t)n, (uint8_t)(n >> 8), (uint8_t)(n >> 16),
                             (uint8_t)(n >> 24)};
            for (int k = 0; k < 2; k++) {
                if (!want[k])
                    continue;
                uint8_t d[64];
                unsigned dl = 0;
                EVP_DigestInit_ex(one, mds[k], NULL);
                EVP_DigestUpdate(one, ch, 5);
                EVP_DigestUpdate(one, buf, n);
                EVP_DigestFinal_ex(one, d, &dl);
                EVP_DigestUpdate(top[k], d, dl);
            }
            off += n;
        }
    unsigned dl;
    if (want256)
        EVP_DigestFinal_ex(top[0], d256, &dl);
    if (want512)
        EVP_DigestFinal_ex(top[1], d512, &dl);
out:
    free(buf);
    EVP_MD_CTX_free(top[0]);
    EVP_MD_CTX_free(top[1]);
    EVP_MD_CTX_free(one);
    return rc;
}

/* The rotation lineage of a v3 signer (proof-of-rotation attribute):
 * each node's certificate signed by the one before. */
static int parse_lineage(vctx *v, sl val, apk_signer *sg, const char *signer_sha, int *ok)
{
    uint32_t version;
    *ok = 0;
    if (take_u32(&val, &version) < 0 || version != 1)
        return sig_error(v, "v3: rotation lineage of version other than 1");
    EVP_PKEY *prev = NULL;
    X509 *prevx = NULL;
    uint32_t prev_alg = 0; /* a node is signed with the algorithm its predecessor names */
    const char **shas = NULL;
    size_t nsha = 0, cap = 0;
    int rc = 0, good = 1;
    char last[65] = "";
    while (val.n > 0) {
        sl node, sd, sdc, cert, sig;
        uint32_t flags, sigalg, certalg;
        if (take_lp(&val, &node) < 0 || take_lp(&node, &sd) < 0 || take_u32(&node, &flags) < 0 ||
            take_u32(&node, &sigalg) < 0 || take_lp(&node, &sig) < 0) {
            good = 0;
            rc = sig_error(v, "v3: a malformed node in the rotation lineage");
            break;
        }
        sdc = sd;
        if (take_lp(&sdc, &cert) < 0 || take_u32(&sdc, &certalg) < 0) {
            good = 0;
            rc = sig_error(v, "v3: a malformed certificate in the rotation lineage");
            break;
        }
        X509 *x = cert_parse(cert);
        if (!x) {
            good = 0;
            rc = sig_error(v, "v3: a rotation lineage certificate that does not parse");
            break;
        }
        if (prev) { /* signed by the previous node's key */
            const alg *a = alg_find(prev_alg);
            if (!a || a->verity || !sig_verify(prev, a, sd, sig)) {
                good = 0;
                X509_free(x);
                rc = sig_error(v, "v3: rotation lineage node %zu is not signed by the one before",
                               nsha);
                break;
            }
        }
        cert_sha256(cert.p, cert.n, last);
        const char *h = apk_report_strdup(v->r, last);
        if (!h || gisac_push(&shas, &nsha, &cap, sizeof h, 4, &h) < 0) {
            X509_free(x);
            rc = GISAC_ENOMEM;
            break;
        }
        X509_free(prevx);
        prevx = x;
        prev = X509_get0_pubkey(x);
        prev_alg = sigalg;
    }
    X509_free(prevx);
    if (rc < 0 || !good) {
        free(shas);
        return rc < 0 ? rc : 0;
    }
    if (nsha == 0 || strcmp(last, signer_sha) != 0) {
        free(shas);
        return sig_error(v, "v3: the rotation lineage does not end with the signer's certificate");
    }
    const char **keep = gisac_arena_alloc(v->r->ar, sizeof *keep * nsha);
    if (!keep) {
        free(shas);
        return GISAC_ENOMEM;
    }
    memcpy(keep, shas, sizeof *keep * nsha);
    free(shas);
    sg->lineage = (int)nsha;
    sg->lineage_sha256 = keep;
    *ok = 1;
    return 0;
}

/* Verify the v2 or v3 signers in val: 0 (errors in r), or an error code.
 * *first: the index of the signer for the lowest SDK (or the only one). */
static int verify_scheme(vctx *v, int scheme, sl val, uint64_t block_off, int *strip_v3,
                         size_t *first)
{
    const char *sn = scheme == 2 ? "v2" : "v3";
    size_t errs = v->r->sig.nerrors;
    sl signers;
    int rc = 0;
    int need256 = 0, need512 = 0;
    *first = (size_t)-1;
    if (take_lp(&val, &signers) < 0)
        return sig_error(v, "%s: malformed list of signers", sn);
    if (signers.n == 0)
        return sig_error(v, "%s: no signers", sn);
    /* two passes: the signatures first, then the content digests once */
    typedef struct want {
        uint32_t alg;
        sl digest;
    } want;
    want wants[32];
    size_t nw = 0;
    int nsigners = 0, lowest = SDK_MAX;
    int64_t ranges[64][2];
    int nranges = 0;
    while (signers.n > 0 && rc >= 0) {
        sl signer, sd, sigs, pk;
        uint32_t smin = 0, smax = 0;
        nsigners++;
        if (take_lp(&signers, &signer) < 0 || take_lp(&signer, &sd) < 0 ||
            (scheme == 3 && (take_u32(&signer, &smin) < 0 || take_u32(&signer, &smax) < 0)) ||
            take_lp(&signer, &sigs) < 0 || take_lp(&signer, &pk) < 0) {
            rc = sig_error(v, "%s signer #%d: malformed", sn, nsigners);
            break;
        }
        if (scheme == 3 && ((int)smax < v->min_sdk || smin > smax || (int)smin < 0))
            continue; /* not for this range of platforms */
        const unsigned char *pp = pk.p;
        EVP_PKEY *key = d2i_PUBKEY(NULL, &pp, (long)pk.n);
        if (!key) {
            rc = sig_error(v, "%s signer #%d: its public key does not parse", sn, nsigners);
            continue;
        }
        /* the signatures over the signed data */
        uint32_t sig_algs[32];
        size_t nsa = 0;
        int verified = 0, supported = 0;
        sl s = sigs, sig;
        uint32_t aid;
        int more;
        while ((more = next_pair(&s, &aid, &sig)) > 0) {
            if (nsa < 32)
                sig_algs[nsa++] = aid;
            const alg *a = alg_find(aid);
            if (!a || a->verity)
                continue;
            supported++;
            if (EVP_PKEY_get_base_id(key) != a->key || !sig_verify(key, a, sd, sig)) {
                rc = sig_error(v, "%s signer #%d: the %s signature does not verify", sn, nsigners,
                               a->name);
                continue;
            }
            verified++;
        }
        if (more < 0)
            rc = sig_error(v, "%s signer #%d: a malformed signature", sn, nsigners);
        if (rc >= 0 && !supported)
            rc = sig_error(v, "%s signer #%d: no signature with a supported algorithm", sn,
                           nsigners);
        /* the signed data: digests, certificates, (v3: SDK range), attributes */
        sl sdd = sd, digests, certs, attrs, cert;
        uint32_t dmin = 0, dmax = 0;
        if (take_lp(&sdd, &digests) < 0 || take_lp(&sdd, &certs) < 0 ||
            (scheme == 3 && (take_u32(&sdd, &dmin) < 0 || take_u32(&sdd, &dmax) < 0)) ||
            take_lp(&sdd, &attrs) < 0) {
            EVP_PKEY_free(key);
            rc = sig_error(v, "%s signer #%d: malformed signed data", sn, nsigners);
            continue;
        }
        if (scheme == 3 && (dmin != smin || dmax != smax))
            rc = sig_error(v, "v3 signer #%d: the SDK range in the signed data differs", nsigners);
        size_t da = 0;
        sl dg = digests, d;
        while ((more = next_pair(&dg, &aid, &d)) > 0) {
            if (da < nsa && sig_algs[da] != aid)
                rc = sig_error(v,
                               "%s signer #%d: the algorithms of the digests and the "
                               "signatures differ",
                               sn, nsigners);
            da++;
            const alg *a = alg_find(aid);
            if (a && !a->verity && nw < 32) {
                wants[nw].alg = aid;
                wants[nw].digest = d;
                nw++;
                if (a->sha512)
                    need512 = 1;
                else
                    need256 = 1;
            }
        }
        if (more < 0)
            rc = sig_error(v, "%s signer #%d: a malformed digest", sn, nsigners);
        if (da != nsa)
            rc = sig_error(v, "%s signer #%d: %zu digests for %zu signatures", sn, nsigners, da,
                           nsa);
        X509 *x = NULL;
        if (take_lp(&certs, &cert) < 0 || !(x = cert_parse(cert))) {
            EVP_PKEY_free(key);
            rc = sig_error(v, "%s signer #%d: no certificate, or one that does not parse", sn,
                           nsigners);
            continue;
        }
        /* the certificate's key is the signer's */
        uint8_t *kd = NULL;
        int kn = i2d_PUBKEY(X509_get0_pubkey(x), &kd);
        if (kn <= 0 || (size_t)kn != pk.n || memcmp(kd, pk.p, pk.n) != 0)
            rc = sig_error(v, "%s signer #%d: the certificate's public key is not the signer's", sn,
                           nsigners);
        OPENSSL_free(kd);
        size_t at;
        int r2 =
            add_signer(v, scheme, x, scheme == 3 ? (int)smin : 0, scheme == 3 ? (int)smax : 0, &at);
        char sha[65];
        cert_sha256(cert.p, cert.n, sha);
        X509_free(x);
        EVP_PKEY_free(key);
        if (r2 < 0)
            return r2;
        if (scheme == 3 && nranges < 64) {
            ranges[nranges][0] = smin;
            ranges[nranges][1] = smax;
            nranges++;
        }
        if (scheme == 2 || (int)smin < lowest) {
            if (scheme == 3)
                lowest = (int)smin;
            if (*first == (size_t)-1 || scheme == 3)
                *first = at;
        }
        sl at2 = attrs;
        while (at2.n > 0) {
            sl one;
            uint32_t id;
            if (take_lp(&at2, &one) < 0 || take_u32(&one, &id) < 0) {
                rc = sig_error(v, "%s signer #%d: a malformed attribute", sn, nsigners);
                break;
            }
            if (scheme == 2 && id == APK_SIG_ATTR_STRIP && one.n >= 4 && apk_le32(one.p) == 3)
                *strip_v3 = 1;
            if (scheme == 3 && id == APK_SIG_ATTR_LINEAGE) {
                int ok;
                if ((r2 = parse_lineage(v, one, &v->r->sig.signers[at], sha, &ok)) < 0)
                    return r2;
            }
        }
    }
    if (rc < 0 && rc == GISAC_ENOMEM)
        return rc;
    if (scheme == 3 && nsigners > 0 && nranges == 0 && v->r->sig.nerrors == errs)
        return sig_error(v, "v3: no signer for SDK %d and later", v->min_sdk);
    if (scheme == 3)
        for (int i = 0; i < nranges; i++)
            for (int j = i + 1; j < nranges; j++)
                if (ranges[i][0] <= ranges[j][1] && ranges[j][0] <= ranges[i][1])
                    return sig_error(v, "v3: signers with overlapping SDK ranges");
    if (nw == 0)
        return v->r->sig.nerrors == errs ? sig_error(v, "%s: no supported digest", sn) : 0;
    need256 &= !v->have256;
    need512 &= !v->have512;
    if (need256 || need512) {
        uint8_t d256[32], d512[64];
        rc = content_digests(v, block_off, need256, need512, d256, d512);
        if (rc == GISAC_ENOMEM)
            return rc;
        if (rc < 0)
            return sig_error(v, "%s: the contents cannot be read", sn);
        if (need256) {
            memcpy(v->d256, d256, 32);
            v->have256 = 1;
        }
        if (need512) {
            memcpy(v->d512, d512, 64);
            v->have512 = 1;
        }
    }
    for (size_t i = 0; i < nw; i++) {
        const alg *a = alg_find(wants[i].alg);
        const uint8_t *d = a->sha512 ? v->d512 : v->d256;
        size_t dn = a->sha512 ? 64 : 32;
        if (wants[i].digest.n != dn || memcmp(wants[i].digest.p, d, dn) != 0)
            return sig_error(v,
                             "%s: the %s digest of the APK's contents does not match (the "
                             "APK was changed after signing)",
                             sn, a->name);
    }
    return 0;
}

/* ---- v1: JAR signing ----------------------------------------------------- */

typedef struct mf_section {
    const char *name;          /* "Name:" value; NULL for the main section */
    size_t off, len;           /* its bytes in the file (the blank line after it included) */
    size_t attr_off, attr_len; /* its attribute text */
} mf_section;

typedef struct mf {
    gisac_buf b;
    mf_section *s;
    size_t n, cap;
    const mf_section **idx; /* the named sections by name (mf_index) */
    size_t nidx;
} mf;

/* The value of attribute key in the section (continuation lines joined)
 * into out: 1 when present. */
static int mf_attr(const mf *m, const mf_section *s, const char *key, char *out, size_t cap)
{
    const char *p = m->b.data + s->attr_off, *end = p + s->attr_len;
    size_t kl = strlen(key);
    while (p < end) {
        const char *eol = p;
        while (eol < end && *eol != '\n' && *eol != '\r')
            eol++;
        if ((size_t)(eol - p) > kl + 1 && strncasecmp(p, key, kl) == 0 && p[kl] == ':' &&
            p[kl + 1] == ' ') {
            size_t o = 0;
            const char *q = p + kl + 2;
            for (;;) {
                while (q < eol && o + 1 < cap)
                    out[o++] = *q++;
                /* next line */
                const char *nx = eol;
                if (nx < end && *nx == '\r')
                    nx++;
                if (nx < end && *nx == '\n')
                    nx++;
                if (nx < end && *nx == ' ') {
                    q = nx + 1;
                    eol = q;
                    while (eol < end && *eol != '\n' && *eol != '\r')
                        eol++;
                    continue;
                }
                break;
            }
            out[o] = '\0';
            return 1;
        }
        p = eol;
        if (p < end && *p == '\r')
            p++;
        if (p < end && *p == '\n')
            p++;
    }
    return 0;
}

static int mf_parse(mf *m)
{
    const char *p = m->b.data, *end = p + m->b.len;
    while (p < end) {
        mf_section s = {0};
        s.off = (size_t)(p - m->b.data);
        s.attr_off = s.off;
        /* lines until an empty one */
        const char *q = p;
        while (q < end) {
            const char *eol = q;
            while (eol < end && *eol != '\n' && *eol != '\r')
                eol++;
            int empty = eol == q;
            const char *nx = eol;
            if (nx < end && *nx == '\r')
                nx++;
            if (nx < end && *nx == '\n')
                nx++;
            if (empty) {
                s.attr_len = (size_t)(q - m->b.data) - s.attr_off;
                q = nx;
                goto done;
            }
            q = nx;
        }
        s.attr_len = (size_t)(q - m->b.data) - s.attr_off;
    done:
        s.len = (size_t)(q - m->b.data) - s.off;
        if (s.attr_len > 0 || m->n == 0) {
            if (m->n > 0) {
                char name[4096];
                if (!mf_attr(m, &s, "Name", name, sizeof name))
                    return -1;
                s.name = strdup(name);
                if (!s.name)
                    return GISAC_ENOMEM;
            }
            if (gisac_push(&m->s, &m->n, &m->cap, sizeof s, 64, &s) < 0) {
                free((char *)s.name);
                return GISAC_ENOMEM;
            }
        }
        p = q;
    }
    return 0;
}

static void mf_free(mf *m)
{
    free(m->idx);
    for (size_t i = 0; i < m->n; i++)
        free((char *)m->s[i].name);
    free(m->s);
    gisac_buf_free(&m->b);
    memset(m, 0, sizeof *m);
}

static int sec_cmp(const void *a, const void *b)
{
    const mf_section *x = *(const mf_section *const *)a, *y = *(const mf_section *const *)b;
    int c = strcmp(x->name, y->name);
    return c ? c : (x < y ? -1 : x > y); /* equal names: the earliest first */
}

/* Index the named sections by name (the first of a name wins): 0 or GISAC_ENOMEM. */
static int mf_index(mf *m)
{
    m->nidx = m->n ? m->n - 1 : 0;
    m->idx = malloc(sizeof *m->idx * (m->nidx ? m->nidx : 1));
    if (!m->idx)
        return GISAC_ENOMEM;
    for (size_t i = 1; i < m->n; i++)
        m->idx[i - 1] = &m->s[i];
    qsort(m->idx, m->nidx, sizeof *m->idx, sec_cmp);
    return 0;
}

static const mf_section *mf_find(const mf *m, const char *name)
{
    size_t lo = 0, hi = m->nidx;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(m->idx[mid]->name, name);
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < m->nidx && strcmp(m->idx[lo]->name, name) == 0 ? m->idx[lo] : NULL;
}

typedef struct dig {
    const char *attr; /* "SHA-256" as in "SHA-256-Digest" */
    const EVP_MD *(*md)(void);
    int min_sdk; /* Android reads it from this API level */
} dig;

static const dig DIGS[] = {
    {"SHA1", EVP_sha1, 1},
    {"SHA-1", EVP_sha1, 1},
    {"SHA-256", EVP_sha256, APK_SDK_JB_MR2},
    {"SHA-384", EVP_sha384, APK_SDK_JB_MR2},
    {"SHA-512", EVP_sha512, APK_SDK_JB_MR2},
};

static int b64(const char *s, uint8_t *out, size_t cap)
{
    size_t n = strlen(s);
    if (n == 0 || n % 4 || (n / 4) * 3 > cap)
        return -1;
    int r = EVP_DecodeBlock(out, (const unsigned char *)s, (int)n);
    if (r < 0)
        return -1;
    if (n >= 1 && s[n - 1] == '=')
        r--;
    if (n >= 2 && s[n - 2] == '=')
        r--;
    return r;
}

/* Check the digests "<alg><suffix>" of section s against the bytes p, n:
 * 1 verified, 0 none present, -1 a mismatch. */
static int check_digests(vctx *v, const mf *m, const mf_section *s, const char *suffix,
                         const void *p, size_t n)
{
    int good = 0;
    for (size_t i = 0; i < sizeof DIGS / sizeof DIGS[0]; i++) {
        char key[64], val[256];
        snprintf(key, sizeof key, "%s%s", DIGS[i].attr, suffix);
        if (!mf_attr(m, s, key, val, sizeof val))
            continue;
        uint8_t want[64], got[64];
        unsigned gl = 0;
        int wl = b64(val, want, sizeof want);
        EVP_Digest(p, n, got, &gl, DIGS[i].md(), NULL);
        if (wl != (int)gl || memcmp(want, got, gl) != 0)
            return -1;
        good = 1;
    }
    return good;
}

typedef struct entry_dig {
    EVP_MD_CTX *ctx;
} entry_dig;

static int dig_sink(void *ctx, const uint8_t *p, size_t n)
{
    return EVP_DigestUpdate(((entry_dig *)ctx)->ctx, p, n) == 1 ? 0 : GISAC_ENOMEM;
}

/* 1 when the JAR signature must cover entry name */
static int needs_digest(const char *name)
{
    size_t n = strlen(name);
    if (n == 0 || name[n - 1] == '/')
        return 0;
    if (strncmp(name, "META-INF/", 9) != 0)
        return 1;
    const char *rest = name + 9;
    if (strchr(rest, '/'))
        return 1;
    if (strcmp(rest, "MANIFEST.MF") == 0 || strncmp(rest, "SIG-", 4) == 0)
        return 0;
    const char *dot = strrchr(rest, '.');
    if (dot && (strcmp(dot, ".SF") == 0 || strcmp(dot, ".RSA") == 0 || strcmp(dot, ".DSA") == 0 ||
                strcmp(dot, ".EC") == 0))
        return 0;
    return 1;
}

/* The lowest API level that reads a PKCS#7 signature of this key and digest. */
static int pkcs7_min_sdk(int key, int md_nid)
{
    int sha1 = md_nid == NID_sha1;
    if (key == EVP_PKEY_EC)
        return APK_SDK_JB_MR2;
    if (key == EVP_PKEY_DSA)
        return sha1 ? 1 : APK_SDK_L;
    return sha1 ? 1 : APK_SDK_JB_MR2;
}

/* Verify the v1 signature: 0 (errors in r), or an error code. *signed_v:
 * the schemes the .SF files say were also used (X-Android-APK-Signed). */
static int verify_v1(vctx *v, int *signed_v2, int *signed_v3)
{
    const apk_zip *z = v->z;
    size_t errs = v->r->sig.nerrors;
    gisac_err e = GISAC_ERR_INIT;
    const apk_entry *me = apk_zip_find(z, "META-INF/MANIFEST.MF");
    if (!me)
        return sig_error(v, "v1: no META-INF/MANIFEST.MF");
    mf m = {0};
    int rc = apk_zip_read(z, me, MAX_META, &m.b, &e);
    if (rc < 0) {
        mf_free(&m);
        return rc == GISAC_ENOMEM ? rc : sig_error(v, "v1: %s", e.msg);
    }
    if ((rc = mf_parse(&m)) < 0 || (rc = mf_index(&m)) < 0) {
        mf_free(&m);
        return rc == GISAC_ENOMEM ? rc : sig_error(v, "v1: MANIFEST.MF: a section without Name");
    }
    /* the signers: META-INF/X.SF with META-INF/X.(RSA|DSA|EC) */
    int nsig = 0;
    unsigned char *signed_by = calloc(m.n ? m.n : 1, 1); /* sections every signer covers */
    if (!signed_by) {
        mf_free(&m);
        return GISAC_ENOMEM;
    }
    memset(signed_by, 1, m.n);
    for (size_t i = 0; i < z->n && rc >= 0; i++) {
        const char *name = z->e[i].name;
        const char *dot = strrchr(name, '.');
        if (strncmp(name, "META-INF/", 9) != 0 || strchr(name + 9, '/') || !dot ||
            (strcmp(dot, ".RSA") != 0 && strcmp(dot, ".DSA") != 0 && strcmp(dot, ".EC") != 0) ||
            z->e[i].dup)
            continue;
        char sfname[1024];
        snprintf(sfname, sizeof sfname, "%.*s.SF", (int)(dot - name), name);
        const apk_entry *sfe = apk_zip_find(z, sfname);
        if (!sfe) {
            rc = sig_error(v, "v1: %s without %s", name, sfname);
            continue;
        }
        nsig++;
        mf sf = {0};
        gisac_buf blk = GISAC_BUF_INIT;
        if ((rc = apk_zip_read(z, sfe, MAX_META, &sf.b, &e)) < 0 ||
            (rc = apk_zip_read(z, &z->e[i], MAX_META, &blk, &e)) < 0) {
            mf_free(&sf);
            gisac_buf_free(&blk);
            if (rc == GISAC_ENOMEM)
                break;
            rc = sig_error(v, "v1: %s", e.msg);
            continue;
        }
        /* the PKCS#7 signature over the .SF */
        const unsigned char *pp = (const unsigned char *)blk.data;
        PKCS7 *p7 = d2i_PKCS7(NULL, &pp, (long)blk.len);
        BIO *in = BIO_new_mem_buf(sf.b.data ? sf.b.data : "", (int)sf.b.len);
        int ok = 0;
        if (p7 && in && PKCS7_type_is_signed(p7)) {
            ok = PKCS7_verify(p7, NULL, NULL, in, NULL,
                              PKCS7_NOVERIFY | PKCS7_BINARY | PKCS7_NOCHAIN) == 1;
            STACK_OF(X509) *ss = PKCS7_get0_signers(p7, NULL, 0);
            if (ss && sk_X509_num(ss) > 0) {
                X509 *x = sk_X509_value(ss, 0);
                int r2 = add_signer(v, 1, x, 0, 0, NULL);
                STACK_OF(PKCS7_SIGNER_INFO) *sis = PKCS7_get_signer_info(p7);
                if (ok && sis && sk_PKCS7_SIGNER_INFO_num(sis) > 0) {
                    X509_ALGOR *da = NULL;
                    PKCS7_SIGNER_INFO_get0_algs(sk_PKCS7_SIGNER_INFO_value(sis, 0), NULL, &da,
                                                NULL);
                    const ASN1_OBJECT *obj = NULL;
                    if (da)
                        X509_ALGOR_get0(&obj, NULL, NULL, da);
                    int need = pkcs7_min_sdk(EVP_PKEY_get_base_id(X509_get0_pubkey(x)),
                                             obj ? OBJ_obj2nid(obj) : NID_undef);
                    if (need > v->min_sdk)
                        r2 = r2 < 0 ? r2
                                    : sig_error(v,
                                                "v1: %s: its signature algorithm needs API "
                                                "level %d, the minimum is %d",
                                                name, need, v->min_sdk);
                }
                if (r2 < 0)
                    rc = r2;
            }
            sk_X509_free(ss);
        }
        BIO_free(in);
        PKCS7_free(p7);
        gisac_buf_free(&blk);
        if (rc == GISAC_ENOMEM) {
            mf_free(&sf);
            break;
        }
        if (!ok) {
            rc = sig_error(v, "v1: %s: the PKCS#7 signature over %s does not verify", name, sfname);
            mf_free(&sf);
            continue;
        }
        if ((rc = mf_parse(&sf)) < 0 || sf.n == 0 || (rc = mf_index(&sf)) < 0) {
            mf_free(&sf);
            if (rc == GISAC_ENOMEM)
                break;
            rc = sig_error(v, "v1: %s does not parse", sfname);
            continue;
        }
        char val[256];
        if (mf_attr(&sf, &sf.s[0], "X-Android-APK-Signed", val, sizeof val)) {
            for (char *t = strtok(val, ", "); t; t = strtok(NULL, ", ")) {
                if (strcmp(t, "2") == 0)
                    *signed_v2 = 1;
                if (strcmp(t, "3") == 0)
                    *signed_v3 = 1;
            }
        }
        int whole = check_digests(v, &sf, &sf.s[0], "-Digest-Manifest", m.b.data, m.b.len);
        if (whole != 1) {
            const mf_section *ms = &m.s[0];
            int main_ok = check_digests(v, &sf, &sf.s[0], "-Digest-Manifest-Main-Attributes",
                                        m.b.data + ms->off, ms->len);
            if (main_ok < 0)
                rc = sig_error(v,
                               "v1: %s: the digest of MANIFEST.MF's main section does not "
                               "match",
                               sfname);
            for (size_t k = 1; k < m.n; k++) {
                const mf_section *ss = mf_find(&sf, m.s[k].name);
                if (!ss) {
                    signed_by[k] = 0;
                    continue;
                }
                int d = check_digests(v, &sf, ss, "-Digest", m.b.data + m.s[k].off, m.s[k].len);
                if (d != 1) {
                    signed_by[k] = 0;
                    rc = sig_error(v, "v1: %s: the digest of %s's section does not match", sfname,
                                   m.s[k].name);
                }
            }
        }
        mf_free(&sf);
    }
    if (rc == GISAC_ENOMEM) {
        free(signed_by);
        mf_free(&m);
        return rc;
    }
    if (nsig == 0)
        rc = sig_error(v, "v1: no signature block (META-INF/*.RSA, *.DSA or *.EC)");
    /* every entry digested and protected */
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    for (size_t i = 0; ctx && i < z->n && rc != GISAC_ENOMEM && nsig > 0; i++) {
        const apk_entry *en = &z->e[i];
        if (!needs_digest(en->name))
            continue;
        const mf_section *s = mf_find(&m, en->name);
        if (!s) {
            rc = sig_error(v, "v1: %s is not protected by the signature (not in MANIFEST.MF)",
                           en->name);
            continue;
        }
        if (!signed_by[s - m.s]) {
            rc = sig_error(v, "v1: %s is not signed by every signer", en->name);
            continue;
        }
        int any = 0, low = 0;
        for (size_t k = 0; k < sizeof DIGS / sizeof DIGS[0]; k++) {
            char key[64], val[256];
            snprintf(key, sizeof key, "%s-Digest", DIGS[k].attr);
            if (!mf_attr(&m, s, key, val, sizeof val))
                continue;
            any = 1;
            low |= DIGS[k].min_sdk <= v->min_sdk;
            uint8_t want[64], got[64];
            unsigned gl = 0;
            int wl = b64(val, want, sizeof want);
            entry_dig d = {ctx};
            EVP_DigestInit_ex(ctx, DIGS[k].md(), NULL);
            gisac_err e3 = GISAC_ERR_INIT;
            int r3 = apk_zip_stream(z, en, dig_sink, &d, &e3);
            if (r3 == GISAC_ENOMEM) {
                rc = r3;
                break;
            }
            if (r3 < 0) {
                rc = sig_error(v, "v1: %s", e3.msg);
                break;
            }
            EVP_DigestFinal_ex(ctx, got, &gl);
            if (wl != (int)gl || memcmp(want, got, gl) != 0) {
                rc = sig_error(v, "v1: %s: its %s digest does not match (changed after signing)",
                               en->name, DIGS[k].attr);
                break;
            }
        }
        if (rc == GISAC_ENOMEM)
            break;
        if (!any)
            rc = sig_error(v, "v1: %s: no digest in MANIFEST.MF", en->name);
        else if (!low)
            rc = sig_error(v,
                           "v1: %s: no digest that API level %d reads (SHA-1 is needed below "
                           "18)",
                           en->name, v->min_sdk);
    }
    if (!ctx)
        rc = GISAC_ENOMEM;
    EVP_MD_CTX_free(ctx);
    free(signed_by);
    mf_free(&m);
    if (rc == GISAC_ENOMEM)
        return rc;
    (void)errs;
    return 0;
}

/* ---- the verdict -------------------------------------------------------- */

static int same_cert(const apk_report *r, int s1, int s2)
{
    /* every signer of s1 has one of s2 with the same certificate, and back */
    for (int pass = 0; pass < 2; pass++) {
        int a = pass ? s2 : s1, b = pass ? s1 : s2;
        for (size_t i = 0; i < r->sig.nsigners; i++) {
            if (r->sig.signers[i].scheme != a)
                continue;
            int found = 0;
            for (size_t j = 0; j < r->sig.nsigners && !found; j++)
                found = r->sig.signers[j].scheme == b &&
                        strcmp(r->sig.signers[i].cert_sha256, r->sig.signers[j].cert_sha256) == 0;
            if (!found)
                return 0;
        }
    }
    return 1;
}

static int cert_findings(vctx *v)
{
    apk_report *r = v->r;
    int64_t now = gisac_now();
    for (size_t i = 0; i < r->sig.nsigners; i++) {
        const apk_signer *s = &r->sig.signers[i];
        int seen = 0;
        for (size_t j = 0; j < i && !seen; j++)
            seen = strcmp(r->sig.signers[j].cert_sha256, s->cert_sha256) == 0;
        if (seen)
            continue;
        char w[120];
        snprintf(w, sizeof w, "signer certificate %.16s", s->cert_sha256);
        int rc = 0;
        if (strstr(s->subject, "CN=Android Debug"))
            rc = apk_report_add(r, "cert.debug", w,
                                "signed with a debug certificate (%s): a development build",
                                s->subject);
        if (rc == 0 && (strstr(s->sig_alg, "md5") || strstr(s->sig_alg, "MD5") ||
                        strstr(s->sig_alg, "sha1") || strstr(s->sig_alg, "SHA1")))
            rc = apk_report_add(r, "cert.weak_signature", w,
                                "the certificate is signed with %s (MD5 and SHA-1 are broken)",
                                s->sig_alg);
        int min_bits = strcmp(s->key_type, "EC") == 0 ? 256 : 2048;
        if (rc == 0 && s->key_bits > 0 && s->key_bits < min_bits)
            rc = apk_report_add(r, "cert.short_key", w, "a %d-bit %s key (at least %d is needed)",
                                s->key_bits, s->key_type, min_bits);
        if (rc == 0 && s->not_after && s->not_after < now) {
            char t[GISAC_TIME_LEN];
            gisac_time_format(s->not_after, t);
            rc = apk_report_add(r, "cert.expired", w,
                                "the certificate expired on %s (Android still installs it; "
                                "renew the key before it matters to stores)",
                                t);
        }
        if (rc < 0)
            return rc;
    }
    return 0;
}

int apk_sign_verify(const apk_zip *z, int min_sdk, int target_sdk, apk_report *r, gisac_err *err)
{
    vctx v = {z, r, err, min_sdk < 1 ? 1 : min_sdk, 0, 0, {0}, {0}};
    apk_sig *sg = &r->sig;
    sg->min_sdk = v.min_sdk;
    block b;
    int rc = find_block(&v, &b);
    if (rc < 0)
        return gisac_err_set(err, rc, "out of memory");
    int strip_v3 = 0, sv2 = 0, sv3 = 0, checked = 0;
    size_t first2 = (size_t)-1, first3 = (size_t)-1;
    sg->v2.present = b.has_v2;
    sg->v3.present = b.has_v3;
    sg->v1.present = apk_zip_find(z, "META-INF/MANIFEST.MF") != NULL;
    if (b.has_v3) {
        size_t e0 = sg->nerrors;
        if ((rc = verify_scheme(&v, 3, b.v3, b.off, &strip_v3, &first3)) < 0)
            goto out;
        sg->v3.verified = sg->nerrors == e0;
        checked = 1;
    }
    if (b.has_v2 && (v.min_sdk < APK_SDK_P || !b.has_v3)) {
        size_t e0 = sg->nerrors;
        if ((rc = verify_scheme(&v, 2, b.v2, b.off, &strip_v3, &first2)) < 0)
            goto out;
        sg->v2.verified = sg->nerrors == e0;
        checked = 1;
        if (strip_v3 && !b.has_v3 &&
            (rc = sig_error(&v, "v2: the signer says the APK was also "
                                "signed with v3, which is missing "
                                "(stripped?)")) < 0)
            goto out;
    }
    if (v.min_sdk < APK_SDK_N || (!b.has_v2 && !b.has_v3)) {
        size_t e0 = sg->nerrors;
        if ((rc = verify_v1(&v, &sv2, &sv3)) < 0)
            goto out;
        sg->v1.verified = sg->nerrors == e0;
        checked = 1;
        if (sv2 && !b.has_v2 &&
            (rc = sig_error(&v, "v1: the .SF says the APK was also signed with v2, which is "
                                "missing (stripped?)")) < 0)
            goto out;
        if (sv3 && !b.has_v3 &&
            (rc = sig_error(&v, "v1: the .SF says the APK was also signed with v3, which is "
                                "missing (stripped?)")) < 0)
            goto out;
    }
    if (sg->v1.verified && sg->v2.verified && !same_cert(r, 1, 2) &&
        (rc = sig_error(&v, "the v1 and v2 signers differ")) < 0)
        goto out;
    if (sg->v2.verified && sg->v3.verified && first3 != (size_t)-1) {
        const apk_signer *s3 = &sg->signers[first3];
        const char *oldest = s3->lineage ? s3->lineage_sha256[0] : s3->cert_sha256;
        int match = 0;
        for (size_t i = 0; i < sg->nsigners; i++)
            if (sg->signers[i].scheme == 2 && strcmp(sg->signers[i].cert_sha256, oldest) == 0)
                match = 1;
        for (size_t i = 0; i < sg->nsigners && !match; i++)
            if (sg->signers[i].scheme == 2 &&
                strcmp(sg->signers[i].cert_sha256, s3->cert_sha256) == 0)
                match = 1;
        if (!match && (rc = sig_error(&v, "the v2 and v3 signers differ")) < 0)
            goto out;
    }
    if (target_sdk >= 30 && !b.has_v2 && !b.has_v3 &&
        (rc = sig_error(&v,
                        "targetSdkVersion %d needs a v2 or v3 signature (Android 11 and "
                        "later refuse v1 only)",
                        target_sdk)) < 0)
        goto out;
    if (!checked && (rc = sig_error(&v, "no signature that the platforms from API level %d read",
                                    v.min_sdk)) < 0)
        goto out;
    if (!sg->v1.present && !sg->v2.present && !sg->v3.present && sg->nerrors == 0 &&
        (rc = sig_error(&v, "the APK is not signed")) < 0)
        goto out;
    sg->verified = checked && sg->nerrors == 0;
    if (!sg->verified) {
        rc = apk_report_add(r, "sign.not_verified", "signature",
                            "the signature does not verify for API level %d and later: %s",
                            v.min_sdk, sg->nerrors ? sg->errors[0] : "unknown");
        if (rc < 0)
            goto out;
    }
    if (sg->verified && !sg->v2.present && !sg->v3.present && v.min_sdk < 27 &&
        (rc = apk_report_add(r, "sign.janus", "signature",
                             "signed with v1 only: Android 5.0 to 8.0 accept a DEX file "
                             "prepended to it (Janus, CVE-2017-13156)")) < 0)
        goto out;
    rc = cert_findings(&v);
out:
    free(b.mem);
    if (rc < 0)
        return gisac_err_set(err, rc, "out of memory");
    return 0;
}

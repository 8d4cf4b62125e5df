/*
 * digest.c: MD5 (RFC 1321) and SHA-1 (FIPS 180-4), written from the
 * specifications; SHA-256 comes from libsodium. MD5 and SHA-1 are only used
 * where a format demands them (MISP hashes.csv, UUIDv5), never for security.
 */
#include "base/base.h"

#include <sodium.h>
#include <string.h>

static uint32_t rol(uint32_t x, int n)
{
    return (x << n) | (x >> (32 - n));
}

/* Pad the message into 64-byte blocks and feed each to fn. big: length
 * field big-endian (SHA-1) or little-endian (MD5). */
static void blocks(const uint8_t *p, size_t n, int big, void (*fn)(uint32_t *, const uint8_t *),
                   uint32_t *st)
{
    size_t full = n / 64;
    for (size_t i = 0; i < full; i++)
        fn(st, p + i * 64);
    uint8_t tail[128];
    size_t rem = n % 64;
    memset(tail, 0, sizeof tail);
    memcpy(tail, p + full * 64, rem);
    tail[rem] = 0x80;
    size_t tl = rem + 1 + 8 <= 64 ? 64 : 128;
    uint64_t bits = (uint64_t)n * 8;
    for (int i = 0; i < 8; i++) {
        uint8_t byte = (uint8_t)(bits >> (8 * i));
        if (big)
            tail[tl - 1 - i] = byte;
        else
            tail[tl - 8 + i] = byte;
    }
    fn(st, tail);
    if (tl == 128)
        fn(st, tail + 64);
}

static void md5_block(uint32_t *st, const uint8_t *b)
{
    static const uint32_t K[64] = {
        0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee, 0xf57c0faf, 0x4787c62a, 0xa8304613,
        0xfd469501, 0x698098d8, 0x8b44f7af, 0xffff5bb1, 0x895cd7be, 0x6b901122, 0xfd987193,
        0xa679438e, 0x49b40821, 0xf61e2562, 0xc040b340, 0x265e5a51, 0xe9b6c7aa, 0xd62f105d,
        0x02441453, 0xd8a1e681, 0xe7d3fbc8, 0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed,
        0xa9e3e905, 0xfcefa3f8, 0x676f02d9, 0x8d2a4c8a, 0xfffa3942, 0x8771f681, 0x6d9d6122,
        0xfde5380c, 0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70, 0x289b7ec6, 0xeaa127fa,
        0xd4ef3085, 0x04881d05, 0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665, 0xf4292244,
        0x432aff97, 0xab9423a7, 0xfc93a039, 0x655b59c3, 0x8f0ccc92, 0xffeff47d, 0x85845dd1,
        0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1, 0xf7537e82, 0xbd3af235, 0x2ad7d2bb,
        0xeb86d391};
    static const int S[64] = {7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22,
                              5, 9,  14, 20, 5, 9,  14, 20, 5, 9,  14, 20, 5, 9,  14, 20,
                              4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23,
                              6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21};
    uint32_t M[16];
    for (int i = 0; i < 16; i++)
        M[i] = (uint32_t)b[4 * i] | (uint32_t)b[4 * i + 1] << 8 | (uint32_t)b[4 * i + 2] << 16 |
               (uint32_t)b[4 * i + 3] << 24;
    uint32_t a = st[0], bb = st[1], c = st[2], d = st[3];
    for (int i = 0; i < 64; i++) {
        uint32_t f;
        int g;
        if (i < 16) {
            f = (bb & c) | (~bb & d);
            g = i;
        } else if (i < 32) {
            f = (d & bb) | (~d & c);
            g = (5 * i + 1) % 16;
        } else if (i < 48) {
            f = bb ^ c ^ d;
            g = (3 * i + 5) % 16;
        } else {
            f = c ^ (bb | ~d);
            g = (7 * i) % 16;
        }
        uint32_t t = d;
        d = c;
        c = bb;
        bb = bb + rol(a + f + K[i] + M[g], S[i]);
        a = t;
    }
    st[0] += a;
    st[1] += bb;
    st[2] += c;
    st[3] += d;
}

void gisac_md5(const void *p, size_t n, uint8_t out[16])
{
    uint32_t st[4] = {0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476};
    blocks(p, n, 0, md5_block, st);
    for (int i = 0; i < 16; i++)
        out[i] = (uint8_t)(st[i / 4] >> (8 * (i % 4)));
}

/* One round step; the four rounds are separate loops, without branches. */
#define SHA1_STEP(f, k)                                                                            \
    do {                                                                                           \
        uint32_t t = rol(a, 5) + (f) + e + (k) + w[i];                                             \
        e = d;                                                                                     \
        d = c;                                                                                     \
        c = rol(bb, 30);                                                                           \
        bb = a;                                                                                    \
        a = t;                                                                                     \
    } while (0)

static void sha1_block(uint32_t *st, const uint8_t *b)
{
    uint32_t w[80];
    for (int i = 0; i < 16; i++)
        w[i] = (uint32_t)b[4 * i] << 24 | (uint32_t)b[4 * i + 1] << 16 |
               (uint32_t)b[4 * i + 2] << 8 | (uint32_t)b[4 * i + 3];
    for (int i = 16; i < 80; i++)
        w[i] = rol(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
    uint32_t a = st[0], bb = st[1], c = st[2], d = st[3], e = st[4];
    int i = 0;
    for (; i < 20; i++)
        SHA1_STEP(d ^ (bb & (c ^ d)), 0x5a827999u);
    for (; i < 40; i++)
        SHA1_STEP(bb ^ c ^ d, 0x6ed9eba1u);
    for (; i < 60; i++)
        SHA1_STEP((bb & c) | (d & (bb | c)), 0x8f1bbcdcu);
    for (; i < 80; i++)
        SHA1_STEP(bb ^ c ^ d, 0xca62c1d6u);
    st[0] += a;
    st[1] += bb;
    st[2] += c;
    st[3] += d;
    st[4] += e;
}

void gisac_sha1(const void *p, size_t n, uint8_t out[20])
{
    uint32_t st[5] = {0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0};
    blocks(p, n, 1, sha1_block, st);
    for (int i = 0; i < 20; i++)
        out[i] = (uint8_t)(st[i / 4] >> (24 - 8 * (i % 4)));
}

void gisac_sha256(const void *p, size_t n, uint8_t out[32])
{
    crypto_hash_sha256(out, p, n);
}

void gisac_hex(const uint8_t *p, size_t n, char *out)
{
    static const char hx[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = hx[p[i] >> 4];
        out[2 * i + 1] = hx[p[i] & 15];
    }
    out[2 * n] = '\0';
}

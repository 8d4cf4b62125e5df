/*
 * ioc: the indicator model. Types, normal forms, validation, defanging.
 *
 * Normal forms (docs/architecture.md, "The indicator model"):
 *   ipv4, ipv6  canonical text; IPv6 per RFC 5952 (lower case, longest run
 *               of two or more zero groups as "::", leftmost on a tie, no
 *               leading zeros; an IPv4-mapped address as ::ffff:1.2.3.4)
 *   cidr        network/prefix with host bits zero ("198.51.100.0/24",
 *               "2001:db8::/32"); a /32 (v4) or /128 (v6) is still a cidr
 *               when written with a prefix
 *   domain      lower-case A-label (IDNA 2008 via libidn2, UTS#46
 *               non-transitional), no trailing dot; every label 1..63
 *               octets of [a-z0-9-] (not starting or ending with '-'),
 *               total at most 253 octets, at least two labels, a TLD that
 *               is not all digits
 *   url         scheme and host lower-case (host as A-label), default port
 *               dropped (http 80, https 443, ftp 21), empty path "/",
 *               fragment dropped; the rest kept byte for byte. Only
 *               http, https, ftp, ftps, ws, wss, sftp are accepted schemes.
 *   md5, sha1, sha256  lower-case hex of exactly 32, 40, 64 digits
 *   email       lower-case local@domain, the domain normalised as above
 *   x509-sha256 the SHA-256 fingerprint of a (signing) certificate's DER
 *               bytes: lower-case hex of 64 digits; "AB:CD:..." (keytool,
 *               apksigner) accepted
 *   android-package  an Android package id (the manifest's package, the
 *               application id): segments separated by '.', at least two,
 *               each a letter then letters, digits or '_'; case kept (Android
 *               is case-sensitive), at most IOC_PACKAGE_MAX characters
 *
 * x509-sha256 and android-package are never detected (IOC_AUTO): their
 * values read as a sha256 and a domain; they are given by type.
 *
 * Input may be defanged and in upper case: "hxxp", "hxxps", "fxp" schemes,
 * "[.]", "(.)", "{.}", "[dot]", "[:]", "[@]", "[at]" are accepted and
 * undone, and leading and trailing white space is ignored.
 *
 * Nothing here allocates on the heap except IDNA conversion inside libidn2;
 * callers provide output buffers of IOC_VALUE_MAX bytes.
 */
#ifndef GISAC_IOC_H
#define GISAC_IOC_H

#include "base/base.h"

#include <stddef.h>
#include <stdint.h>

typedef enum ioc_type {
    IOC_AUTO = -1, /* "detect the type" where a type is asked for */
    IOC_IPV4 = 0,
    IOC_IPV6,
    IOC_CIDR,
    IOC_DOMAIN,
    IOC_URL,
    IOC_MD5,
    IOC_SHA1,
    IOC_SHA256,
    IOC_EMAIL,
    IOC_X509_SHA256,     /* a signing certificate's SHA-256 fingerprint (ioc_mobile.c) */
    IOC_ANDROID_PACKAGE, /* an Android package id (ioc_mobile.c) */
    IOC_TYPE_COUNT
} ioc_type;

/* Longest android-package accepted. */
#define IOC_PACKAGE_MAX 255

/* Longest normal form, NUL included. Longer input is rejected. */
#define IOC_VALUE_MAX 4096

/* Warnings a successful normalisation may raise. */
enum {
    IOC_WARN_HOSTBITS = 1u << 0, /* a cidr had host bits set; they were cleared */
    IOC_WARN_DEFANGED = 1u << 1, /* the input was defanged */
};

/* "ipv4", "ipv6", "cidr", "domain", "url", "md5", "sha1", "sha256", "email", "x509-sha256",
 * "android-package" */
const char *ioc_type_name(ioc_type t);
/* Inverse of ioc_type_name (case-insensitive); 0 or GISAC_EINVAL. */
int ioc_type_from_name(const char *name, ioc_type *out);

/*
 * Normalise in[0..len) as type want, or detect the type when want is
 * IOC_AUTO. On success writes the NUL-terminated normal form to out
 * (cap >= IOC_VALUE_MAX), sets *type and *warn (either may be NULL) and
 * returns 0. On failure returns GISAC_EINVAL with the reason in err, e.g.
 * "label longer than 63 octets", "bad IPv6 address", "md5 must have 32 hex
 * digits, not 31".
 *
 * Detection order: cidr ("a/n"), ipv4, ipv6, url (has "://" after
 * refanging, or starts "www." with a path), email (has '@'), hashes
 * (all hex, by length 32/40/64), domain.
 */
int ioc_normalise(ioc_type want, const char *in, size_t len, char *out, size_t cap, ioc_type *type,
                  unsigned *warn, gisac_err *err);

/*
 * Undo defanging into out (cap bytes, NUL-terminated). Returns the length
 * written, or -1 if out is too small. Sets *changed to 1 if anything was
 * undone (changed may be NULL).
 */
long ioc_refang(const char *in, size_t len, char *out, size_t cap, int *changed);

/* ---- TLP -------------------------------------------------------------- */

/* TLP 2.0 levels, ordered from least to most restrictive. */
typedef enum gisac_tlp {
    TLP_UNSET = -1,
    TLP_CLEAR = 0,
    TLP_GREEN,
    TLP_AMBER,
    TLP_AMBER_STRICT,
    TLP_RED,
} gisac_tlp;

/* "clear", "green", "amber", "amber+strict", "red" */
const char *tlp_name(gisac_tlp t);
/* Accepts those names, "white" (= clear), any case, with or without a
 * "tlp:" prefix. 0 or GISAC_EINVAL. */
int tlp_from_name(const char *name, size_t len, gisac_tlp *out);

/* ---- addresses --------------------------------------------------------- */

/*
 * All addresses are held as 16 bytes; IPv4 a.b.c.d as ::ffff:a.b.c.d, so
 * an IPv4 prefix /n is /(96+n) in this space.
 */
typedef struct ioc_addr {
    uint8_t b[16];
    int v6; /* 0 for IPv4 (mapped), 1 for IPv6 */
} ioc_addr;

/* Strict parse of a plain address (no brackets, no zone, no defanging). */
int ioc_addr_parse(const char *s, size_t len, ioc_addr *out);
/* Canonical text (RFC 5952 for v6) into out (at least 46 bytes). */
void ioc_addr_format(const ioc_addr *a, char *out);
/* The run of zero groups that RFC 5952 compresses in the eight 16-bit
 * groups g: the first group of the longest run of two or more (leftmost
 * on a tie), or -1 when there is none; *len is its length (0: none). */
int ioc_v6_zero_run(const unsigned g[8], int *len);
/*
 * Range of a normalised ipv4, ipv6 or cidr value: first and last address as
 * 32 lower-case hex digits each (IPv4 mapped), so that text comparison
 * orders addresses. Returns 0, or GISAC_EINVAL for other types.
 */
int ioc_range_hex(ioc_type t, const char *normal, char lo[33], char hi[33]);
/* Parse a normalised cidr into its network and prefix in the 128-bit space. */
int ioc_cidr_parse(const char *normal, ioc_addr *net, int *prefix128);

/* ---- names ------------------------------------------------------------- */

/*
 * The host of a normalised url (without brackets or port) into out (cap
 * bytes); *host_type is IOC_DOMAIN, IOC_IPV4 or IOC_IPV6. 0 or GISAC_EINVAL.
 */
int ioc_url_host(const char *normal_url, char *out, size_t cap, ioc_type *host_type);
/* The i-th scheme a normal URL may have ("http", "https", ...), or NULL past the last. */
const char *ioc_url_scheme(size_t i);

/*
 * The parent of a normalised domain at the next label boundary: for
 * "a.b.example" returns a pointer to "b.example", then "example", then
 * NULL. Points into the argument; no copy.
 */
const char *ioc_domain_parent(const char *domain);

#endif

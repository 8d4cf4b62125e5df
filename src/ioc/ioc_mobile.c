/*
 * ioc_mobile.c: the normal forms of the mobile indicator types (ioc.h):
 * a signing certificate's SHA-256 fingerprint and an Android package id.
 */
#include "ioc/ioc_internal.h"

/*
 * x509-sha256: 64 hex digits, lower case; the form keytool and apksigner
 * print (pairs of digits separated by ':') is accepted too.
 */
int ioc_i_norm_x509(const char *s, size_t n, ioc_w *w, gisac_err *err)
{
    size_t digits = 0;
    int colons = n > 2 && s[2] == ':';
    for (size_t i = 0; i < n; i++) {
        if (colons && i % 3 == 2) {
            if (s[i] != ':')
                return gisac_err_set(err, GISAC_EINVAL,
                                     "x509-sha256: ':' expected after each pair of hex digits, "
                                     "at offset %zu",
                                     i);
            continue;
        }
        if (ioc_hexval((unsigned char)s[i]) < 0)
            return gisac_err_set(err, GISAC_EINVAL, "x509-sha256 must be hex digits only");
        digits++;
    }
    if (digits != 64 || (colons && n != 95))
        return gisac_err_set(err, GISAC_EINVAL, "x509-sha256 must have 64 hex digits, not %zu",
                             digits);
    for (size_t i = 0; i < n; i++)
        if (!(colons && i % 3 == 2))
            ioc_w_putc(w, ioc_lower(s[i]));
    return 0;
}

static int is_letter(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/*
 * android-package: the package name rule of Android (the manifest's
 * package, a Java package name): at least two segments separated by '.',
 * each a letter then letters, digits or '_'. Case is kept: Android's
 * package names are case-sensitive.
 */
int ioc_i_norm_android_package(const char *s, size_t n, ioc_w *w, gisac_err *err)
{
    if (n > IOC_PACKAGE_MAX)
        return gisac_err_set(err, GISAC_EINVAL, "android-package longer than %d characters",
                             IOC_PACKAGE_MAX);
    size_t seg = 0, segments = 1;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '.') {
            if (seg == 0)
                return gisac_err_set(err, GISAC_EINVAL, "android-package: empty segment at %zu", i);
            segments++;
            seg = 0;
            continue;
        }
        if (seg == 0 && !is_letter(c))
            return gisac_err_set(err, GISAC_EINVAL,
                                 "android-package: a segment must start with a letter, "
                                 "at offset %zu",
                                 i);
        if (!is_letter(c) && !ioc_is_digit(c) && c != '_')
            return gisac_err_set(err, GISAC_EINVAL,
                                 "android-package: '%c' at offset %zu is not a letter, digit, "
                                 "'_' or '.'",
                                 (c > 0x20 && c < 0x7f) ? c : '?', i);
        seg++;
    }
    if (seg == 0)
        return gisac_err_set(err, GISAC_EINVAL, "android-package: empty segment at the end");
    if (segments < 2)
        return gisac_err_set(err, GISAC_EINVAL,
                             "android-package needs at least two segments (\"com.example\")");
    ioc_w_put(w, s, n);
    return 0;
}

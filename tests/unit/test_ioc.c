/* test_ioc.c: indicator types, normal forms, validation, defanging, TLP. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "test_main.h"

#include <stdio.h>
#include <string.h>

#include "ioc/ioc.h"

/* Normalise in as want; expect success with the given form, type and warnings. */
static void check_ok(int line, ioc_type want, const char *in, const char *expect, ioc_type et,
                     unsigned ew)
{
    char out[IOC_VALUE_MAX];
    ioc_type t = IOC_AUTO;
    unsigned warn = 99;
    gisac_err err = GISAC_ERR_INIT;
    int rc = ioc_normalise(want, in, strlen(in), out, sizeof out, &t, &warn, &err);
    if (rc != 0 || strcmp(out, expect) != 0 || t != et || warn != ew) {
        print_error("line %d: \"%s\" as %d: rc %d (%s) got \"%s\" type %d warn %u; want \"%s\" "
                    "type %d warn %u\n",
                    line, in, (int)want, rc, err.msg, out, (int)t, warn, expect, (int)et, ew);
        fail();
    }
    /* a normal form normalises to itself, as its own type and detected */
    rc = ioc_normalise(et, expect, strlen(expect), out, sizeof out, &t, &warn, &err);
    if (rc != 0 || strcmp(out, expect) != 0 || t != et || warn != 0) {
        print_error("line %d: normal form \"%s\" not stable: rc %d (%s) \"%s\"\n", line, expect, rc,
                    err.msg, out);
        fail();
    }
}

static void check_bad(int line, ioc_type want, const char *in, const char *reason)
{
    char out[IOC_VALUE_MAX];
    gisac_err err = GISAC_ERR_INIT;
    strcpy(out, "untouched");
    int rc = ioc_normalise(want, in, strlen(in), out, sizeof out, NULL, NULL, &err);
    if (rc != GISAC_EINVAL || strcmp(err.msg, reason) != 0 || out[0] != '\0') {
        print_error("line %d: \"%s\" as %d: rc %d reason \"%s\" out \"%s\"; want reason \"%s\"\n",
                    line, in, (int)want, rc, err.msg, out, reason);
        fail();
    }
}

#define OK(want, in, expect, type, warn) check_ok(__LINE__, want, in, expect, type, warn)
#define BAD(want, in, reason)            check_bad(__LINE__, want, in, reason)
#define DEF                              IOC_WARN_DEFANGED

static void test_type_names(void **state)
{
    (void)state;
    for (int t = 0; t < IOC_TYPE_COUNT; t++) {
        ioc_type back;
        assert_non_null(ioc_type_name((ioc_type)t));
        assert_int_equal(ioc_type_from_name(ioc_type_name((ioc_type)t), &back), 0);
        assert_int_equal(back, t);
    }
    assert_string_equal(ioc_type_name(IOC_SHA256), "sha256");
    ioc_type t;
    assert_int_equal(ioc_type_from_name("DOMAIN", &t), 0);
    assert_int_equal(t, IOC_DOMAIN);
    assert_int_equal(ioc_type_from_name("sha", &t), GISAC_EINVAL);
    assert_int_equal(ioc_type_from_name("sha2567", &t), GISAC_EINVAL);
    assert_int_equal(ioc_type_from_name("", &t), GISAC_EINVAL);
    assert_null(ioc_type_name(IOC_AUTO));
    assert_null(ioc_type_name(IOC_TYPE_COUNT));
}

static void test_ipv4(void **state)
{
    (void)state;
    OK(IOC_AUTO, "192.0.2.1", "192.0.2.1", IOC_IPV4, 0);
    OK(IOC_IPV4, " 198.51.100.255\n", "198.51.100.255", IOC_IPV4, 0);
    OK(IOC_AUTO, "0.0.0.0", "0.0.0.0", IOC_IPV4, 0);
    OK(IOC_AUTO, "192.0.2[.]1", "192.0.2.1", IOC_IPV4, DEF);
    OK(IOC_AUTO, "203(.)0{.}113[dot]9", "203.0.113.9", IOC_IPV4, DEF);
    BAD(IOC_AUTO, "010.1.1.1", "bad IPv4 address: leading zero in octet '010'");
    BAD(IOC_IPV4, "192.0.2.01", "bad IPv4 address: leading zero in octet '01'");
    BAD(IOC_AUTO, "192.0.2.256", "bad IPv4 address: octet '256' out of range");
    BAD(IOC_AUTO, "192.0.2.1000", "bad IPv4 address: octet '1000' out of range");
    BAD(IOC_AUTO, "192.0.2", "bad IPv4 address: expected 4 octets");
    BAD(IOC_AUTO, "192.0.2.1.5", "bad IPv4 address: expected 4 octets");
    BAD(IOC_AUTO, "192..2.1", "bad IPv4 address: empty octet");
    BAD(IOC_AUTO, "192.0.2.", "bad IPv4 address: empty octet");
    BAD(IOC_IPV4, "0x7f.0.0.1", "bad IPv4 address: invalid character 'x'");
    BAD(IOC_IPV4, "2001:db8::1", "bad IPv4 address: invalid character ':'");
    BAD(IOC_AUTO, "192.0.2.1:80", "bad IPv4 address: invalid character ':'");
    BAD(IOC_AUTO, "", "empty value");
    BAD(IOC_AUTO, "  \t ", "empty value");
}

static void test_ipv6(void **state)
{
    (void)state;
    OK(IOC_AUTO, "::", "::", IOC_IPV6, 0);
    OK(IOC_AUTO, "::1", "::1", IOC_IPV6, 0);
    OK(IOC_AUTO, "2001:DB8:0:0:0:0:0:1", "2001:db8::1", IOC_IPV6, 0);
    OK(IOC_AUTO, "2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1", IOC_IPV6, 0);
    OK(IOC_AUTO, "2001:0db8::0001", "2001:db8::1", IOC_IPV6, 0);
    OK(IOC_AUTO, "::ffff:192.0.2.1", "::ffff:192.0.2.1", IOC_IPV6, 0);
    OK(IOC_AUTO, "::FFFF:c000:0201", "::ffff:192.0.2.1", IOC_IPV6, 0);
    OK(IOC_AUTO, "1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8", IOC_IPV6, 0);
    OK(IOC_AUTO, "2001:db8::", "2001:db8::", IOC_IPV6, 0);
    OK(IOC_AUTO, "2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1", IOC_IPV6, 0); /* single 0 */
    OK(IOC_AUTO, "2001:0:0:1:0:0:0:1", "2001:0:0:1::1", IOC_IPV6, 0);          /* longest */
    OK(IOC_AUTO, "2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1", IOC_IPV6, 0);    /* leftmost tie */
    OK(IOC_AUTO, "1:2:3:4:5:6:7::", "1:2:3:4:5:6:7:0", IOC_IPV6, 0);
    OK(IOC_AUTO, "::2:3:4:5:6:7:8", "0:2:3:4:5:6:7:8", IOC_IPV6, 0);
    OK(IOC_AUTO, "::192.0.2.1", "::c000:201", IOC_IPV6, 0);
    OK(IOC_AUTO, "1:2:3:4:5:6:192.0.2.1", "1:2:3:4:5:6:c000:201", IOC_IPV6, 0);
    OK(IOC_AUTO, "[2001:db8::1]", "2001:db8::1", IOC_IPV6, 0);
    OK(IOC_IPV6, "[2001:DB8::A]", "2001:db8::a", IOC_IPV6, 0);
    OK(IOC_AUTO, "2001:db8[:]:1", "2001:db8::1", IOC_IPV6, DEF);
    BAD(IOC_AUTO, "1:2:3:4:5:6:7:8:9", "bad IPv6 address");
    BAD(IOC_AUTO, "1::2::3", "bad IPv6 address");
    BAD(IOC_AUTO, "12345::", "bad IPv6 address");
    BAD(IOC_AUTO, ":1", "bad IPv6 address");
    BAD(IOC_AUTO, "1:", "bad IPv6 address");
    BAD(IOC_AUTO, "1:::2", "bad IPv6 address");
    BAD(IOC_IPV6, "gggg::", "bad IPv6 address");
    BAD(IOC_IPV6, "1:2:3:4::5:6:7:8", "bad IPv6 address");
    BAD(IOC_IPV6, "1:2:3:4:5:6:7", "bad IPv6 address");
    BAD(IOC_IPV6, "::1.2.3", "bad IPv6 address");
    BAD(IOC_IPV6, "::ffff:192.0.2.01", "bad IPv6 address");
    BAD(IOC_IPV6, "1:2:3:4:5:6:7:192.0.2.1", "bad IPv6 address");
    BAD(IOC_IPV6, "192.0.2.1", "bad IPv6 address");
    BAD(IOC_AUTO, "fe80::1%eth0", "IPv6 zone ids are not accepted");
    BAD(IOC_IPV6, "[fe80::1%25eth0]", "IPv6 zone ids are not accepted");
}

static void test_addr_api(void **state)
{
    (void)state;
    ioc_addr a;
    char buf[64];
    assert_int_equal(ioc_addr_parse("192.0.2.1", 9, &a), 0);
    assert_int_equal(a.v6, 0);
    assert_int_equal(a.b[10], 0xff);
    assert_int_equal(a.b[15], 1);
    ioc_addr_format(&a, buf);
    assert_string_equal(buf, "192.0.2.1");
    /* length is honoured: only the first 7 bytes */
    assert_int_equal(ioc_addr_parse("192.0.2.1", 7, &a), GISAC_EINVAL);
    assert_int_equal(ioc_addr_parse("192.0.2.19", 9, &a), 0);
    ioc_addr_format(&a, buf);
    assert_string_equal(buf, "192.0.2.1");
    assert_int_equal(ioc_addr_parse("2001:db8::1", 11, &a), 0);
    assert_int_equal(a.v6, 1);
    ioc_addr_format(&a, buf);
    assert_string_equal(buf, "2001:db8::1");
    assert_int_equal(ioc_addr_parse("[2001:db8::1]", 13, &a), GISAC_EINVAL);
    assert_int_equal(ioc_addr_parse("fe80::1%eth0", 12, &a), GISAC_EINVAL);
    assert_int_equal(ioc_addr_parse("192.0.2[.]1", 11, &a), GISAC_EINVAL);
    assert_int_equal(ioc_addr_parse("", 0, &a), GISAC_EINVAL);
    memset(&a, 0, sizeof a);
    a.v6 = 1;
    ioc_addr_format(&a, buf);
    assert_string_equal(buf, "::");
    memset(a.b, 0xff, 16);
    ioc_addr_format(&a, buf);
    assert_string_equal(buf, "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff");
}

static void test_cidr(void **state)
{
    (void)state;
    OK(IOC_AUTO, "198.51.100.0/24", "198.51.100.0/24", IOC_CIDR, 0);
    OK(IOC_AUTO, "198.51.100.7/24", "198.51.100.0/24", IOC_CIDR, IOC_WARN_HOSTBITS);
    OK(IOC_AUTO, "198.51.100[.]7/24", "198.51.100.0/24", IOC_CIDR, IOC_WARN_HOSTBITS | DEF);
    OK(IOC_AUTO, "192.0.2.1/32", "192.0.2.1/32", IOC_CIDR, 0);
    OK(IOC_AUTO, "192.0.2.1/0", "0.0.0.0/0", IOC_CIDR, IOC_WARN_HOSTBITS);
    OK(IOC_AUTO, "203.0.113.129/25", "203.0.113.128/25", IOC_CIDR, IOC_WARN_HOSTBITS);
    OK(IOC_AUTO, "2001:DB8::/32", "2001:db8::/32", IOC_CIDR, 0);
    OK(IOC_AUTO, "2001:db8:1:2::1/48", "2001:db8:1::/48", IOC_CIDR, IOC_WARN_HOSTBITS);
    OK(IOC_AUTO, "2001:db8::1/128", "2001:db8::1/128", IOC_CIDR, 0);
    OK(IOC_AUTO, "::ffff:192.0.2.0/120", "::ffff:192.0.2.0/120", IOC_CIDR, 0);
    OK(IOC_CIDR, "192.0.2.1", "192.0.2.1/32", IOC_CIDR, 0);
    OK(IOC_CIDR, "2001:db8::1", "2001:db8::1/128", IOC_CIDR, 0);
    OK(IOC_CIDR, "[2001:db8::1]", "2001:db8::1/128", IOC_CIDR, 0);
    BAD(IOC_AUTO, "192.0.2.0/33", "prefix /33 out of range for IPv4 (0..32)");
    BAD(IOC_AUTO, "2001:db8::/129", "prefix /129 out of range for IPv6 (0..128)");
    BAD(IOC_AUTO, "192.0.2.0/99999999999", "prefix length out of range for IPv4 (0..32)");
    BAD(IOC_AUTO, "192.0.2.0/", "cidr without a prefix length");
    BAD(IOC_AUTO, "192.0.2.0/024", "prefix length with a leading zero '024'");
    BAD(IOC_AUTO, "192.0.2.0/2x", "bad prefix length '2x'");
    BAD(IOC_AUTO, "192.0.2.0/24/8", "bad prefix length '24/8'");
    BAD(IOC_AUTO, "192.0.2.256/24", "bad IPv4 address: octet '256' out of range");
    BAD(IOC_AUTO, "1::2::/64", "bad IPv6 address");

    ioc_addr net;
    int p;
    assert_int_equal(ioc_cidr_parse("198.51.100.0/24", &net, &p), 0);
    assert_int_equal(p, 120);
    assert_int_equal(net.v6, 0);
    assert_int_equal(net.b[12], 198);
    assert_int_equal(ioc_cidr_parse("2001:db8::/32", &net, &p), 0);
    assert_int_equal(p, 32);
    assert_int_equal(net.v6, 1);
    assert_int_equal(ioc_cidr_parse("198.51.100.0", &net, &p), GISAC_EINVAL);
    assert_int_equal(ioc_cidr_parse("example.test/8", &net, &p), GISAC_EINVAL);
}

static void test_range_hex(void **state)
{
    (void)state;
    char lo[33], hi[33];
    assert_int_equal(ioc_range_hex(IOC_CIDR, "198.51.100.0/24", lo, hi), 0);
    assert_string_equal(lo, "00000000000000000000ffffc6336400");
    assert_string_equal(hi, "00000000000000000000ffffc63364ff");
    assert_int_equal(ioc_range_hex(IOC_IPV4, "192.0.2.1", lo, hi), 0);
    assert_string_equal(lo, "00000000000000000000ffffc0000201");
    assert_string_equal(hi, lo);
    assert_int_equal(ioc_range_hex(IOC_CIDR, "2001:db8::/32", lo, hi), 0);
    assert_string_equal(lo, "20010db8000000000000000000000000");
    assert_string_equal(hi, "20010db8ffffffffffffffffffffffff");
    assert_int_equal(ioc_range_hex(IOC_CIDR, "0.0.0.0/0", lo, hi), 0);
    assert_string_equal(lo, "00000000000000000000ffff00000000");
    assert_string_equal(hi, "00000000000000000000ffffffffffff");
    assert_int_equal(ioc_range_hex(IOC_IPV6, "2001:db8::1", lo, hi), 0);
    assert_string_equal(lo, "20010db8000000000000000000000001");
    assert_int_equal(ioc_range_hex(IOC_CIDR, "2001:db8::1/127", lo, hi), 0);
    assert_string_equal(lo, "20010db8000000000000000000000000");
    assert_string_equal(hi, "20010db8000000000000000000000001");
    assert_int_equal(ioc_range_hex(IOC_IPV4, "2001:db8::1", lo, hi), GISAC_EINVAL);
    assert_int_equal(ioc_range_hex(IOC_IPV6, "192.0.2.1", lo, hi), GISAC_EINVAL);
    assert_int_equal(ioc_range_hex(IOC_DOMAIN, "example.test", lo, hi), GISAC_EINVAL);
    assert_int_equal(ioc_range_hex(IOC_CIDR, "192.0.2.1", lo, hi), GISAC_EINVAL);
}

static void test_domain(void **state)
{
    (void)state;
    OK(IOC_AUTO, "example.com", "example.com", IOC_DOMAIN, 0);
    OK(IOC_AUTO, "WWW.Example.TEST", "www.example.test", IOC_DOMAIN, 0);
    OK(IOC_AUTO, "evil.example.", "evil.example", IOC_DOMAIN, 0);
    OK(IOC_AUTO, "evil[.]example", "evil.example", IOC_DOMAIN, DEF);
    OK(IOC_AUTO, "EVIL[DOT]example(dot)test", "evil.example.test", IOC_DOMAIN, DEF);
    OK(IOC_AUTO, "a-b.x--y.example", "a-b.x--y.example", IOC_DOMAIN, 0);
    OK(IOC_AUTO, "1.2.3.4.example", "1.2.3.4.example", IOC_DOMAIN, 0);
    OK(IOC_AUTO, "deadbeef.example", "deadbeef.example", IOC_DOMAIN, 0);
    OK(IOC_AUTO, "bücher.example", "xn--bcher-kva.example", IOC_DOMAIN, 0);
    OK(IOC_AUTO, "BÜCHER.example", "xn--bcher-kva.example", IOC_DOMAIN, 0);
    OK(IOC_DOMAIN, "bücher[.]example.", "xn--bcher-kva.example", IOC_DOMAIN, DEF);
    OK(IOC_AUTO, "straße.example", "xn--strae-oqa.example", IOC_DOMAIN, 0); /* non-transitional */
    OK(IOC_AUTO, "\xef\xbd\x85xample.test", "example.test", IOC_DOMAIN, 0); /* full-width e */
    OK(IOC_AUTO, "xn--bcher-kva.example", "xn--bcher-kva.example", IOC_DOMAIN, 0);
    /* IDNA 2008 disallows symbols; they are taken the transitional way */
    OK(IOC_AUTO, "\xe2\x98\x83.example", "xn--n3h.example", IOC_DOMAIN, 0);
    /* but not when that would map a deviation character away */
    BAD(IOC_AUTO, "\xe2\x98\x83\xc3\x9f.example",
        "bad internationalised domain name: string contains a disallowed character");
    BAD(IOC_AUTO, "a_b.example", "underscore in domain name (not a valid host name)");
    BAD(IOC_AUTO, "_ldap._tcp.example", "underscore in domain name (not a valid host name)");
    BAD(IOC_AUTO, "a..example", "empty label");
    BAD(IOC_AUTO, ".example", "empty label");
    BAD(IOC_AUTO, "example..", "empty label");
    BAD(IOC_AUTO, "example", "domain needs at least two labels");
    BAD(IOC_AUTO, "example.", "domain needs at least two labels");
    BAD(IOC_DOMAIN, ".", "empty domain name");
    BAD(IOC_AUTO, "-a.example", "label starts with '-'");
    BAD(IOC_AUTO, "a-.example", "label ends with '-'");
    BAD(IOC_DOMAIN, "example.123", "top-level label is all digits");
    BAD(IOC_DOMAIN, "192.0.2.1", "top-level label is all digits");
    BAD(IOC_AUTO, "exa mple.test", "invalid character ' ' in domain name");
    BAD(IOC_AUTO, "example.test:80", "invalid character ':' in domain name");
    BAD(IOC_AUTO, "ab:cd", "invalid character ':' in domain name");
    BAD(IOC_AUTO, "ab::cd:zz", "invalid character ':' in domain name");
    OK(IOC_AUTO, "ab::cd", "ab::cd", IOC_IPV6, 0);
    BAD(IOC_AUTO, "a\x01.example", "invalid byte 0x01 in domain name");
    BAD(IOC_AUTO, "a\xff.example", "invalid UTF-8 in domain name");
    BAD(IOC_AUTO,
        "a\xe2\x80\x8d"
        "b.example",
        "bad internationalised domain name: string contains a forbidden context-j character");
    BAD(IOC_AUTO, "a_b.bücher.example", "underscore in domain name (not a valid host name)");

    /* label and name lengths */
    char l63[64], l64[65], name[300];
    memset(l63, 'a', 63);
    l63[63] = '\0';
    memset(l64, 'b', 64);
    l64[64] = '\0';
    snprintf(name, sizeof name, "%s.example", l63);
    OK(IOC_AUTO, name, name, IOC_DOMAIN, 0);
    snprintf(name, sizeof name, "%s.example", l64);
    BAD(IOC_AUTO, name, "label longer than 63 octets");
    snprintf(name, sizeof name, "x.%s.test", l64);
    BAD(IOC_DOMAIN, name, "label longer than 63 octets");
    /* 63+1+63+1+63+1+56+1+4 = 253 */
    char n253[300], n254[300], n254dot[300];
    snprintf(n253, sizeof n253, "%s.%s.%s.%.56s.test", l63, l63, l63, l63);
    assert_int_equal(strlen(n253), 253);
    OK(IOC_AUTO, n253, n253, IOC_DOMAIN, 0);
    snprintf(n254dot, sizeof n254dot, "%s.", n253);
    OK(IOC_AUTO, n254dot, n253, IOC_DOMAIN, 0); /* 253 plus the root dot */
    snprintf(n254, sizeof n254, "%s.%s.%s.%.57s.test", l63, l63, l63, l63);
    assert_int_equal(strlen(n254), 254);
    BAD(IOC_AUTO, n254, "name longer than 253 octets");

    /* the label walk */
    const char *d = "a.b.example";
    d = ioc_domain_parent(d);
    assert_string_equal(d, "b.example");
    d = ioc_domain_parent(d);
    assert_string_equal(d, "example");
    assert_null(ioc_domain_parent(d));
    assert_null(ioc_domain_parent(NULL));
    assert_null(ioc_domain_parent(""));
}

static void test_url(void **state)
{
    (void)state;
    OK(IOC_AUTO, "http://example.com", "http://example.com/", IOC_URL, 0);
    OK(IOC_AUTO, "HTTP://EXAMPLE.COM/Path/To?Q=A#frag", "http://example.com/Path/To?Q=A", IOC_URL,
       0);
    OK(IOC_AUTO, "http://example.test:80/a", "http://example.test/a", IOC_URL, 0);
    OK(IOC_AUTO, "https://example.test:443/a", "https://example.test/a", IOC_URL, 0);
    OK(IOC_AUTO, "ftp://example.test:21/a", "ftp://example.test/a", IOC_URL, 0);
    OK(IOC_AUTO, "http://example.test:443/a", "http://example.test:443/a", IOC_URL, 0);
    OK(IOC_AUTO, "https://example.test:8443", "https://example.test:8443/", IOC_URL, 0);
    OK(IOC_AUTO, "http://example.test:0080/", "http://example.test/", IOC_URL, 0);
    OK(IOC_AUTO, "http://example.test:/", "http://example.test/", IOC_URL, 0);
    OK(IOC_AUTO, "http://example.test?x=1", "http://example.test/?x=1", IOC_URL, 0);
    OK(IOC_AUTO, "http://example.test#top", "http://example.test/", IOC_URL, 0);
    OK(IOC_AUTO, "http://example.test/?", "http://example.test/?", IOC_URL, 0);
    OK(IOC_AUTO, "http://example.test./a", "http://example.test/a", IOC_URL, 0);
    OK(IOC_AUTO, "hxxp://evil[.]example/a", "http://evil.example/a", IOC_URL, DEF);
    OK(IOC_AUTO, "HXXPS[://]evil[.]example/A", "https://evil.example/A", IOC_URL, DEF);
    OK(IOC_AUTO, "hXXps[:]//evil(.)example", "https://evil.example/", IOC_URL, DEF);
    OK(IOC_AUTO, "fxp://files.example/x", "ftp://files.example/x", IOC_URL, DEF);
    OK(IOC_AUTO, "http://user:Pw@Example.test/", "http://user:Pw@example.test/", IOC_URL, 0);
    OK(IOC_AUTO, "http://user[@]example[.]test/", "http://user@example.test/", IOC_URL, DEF);
    OK(IOC_AUTO, "http://192.0.2.1:8080/x", "http://192.0.2.1:8080/x", IOC_URL, 0);
    OK(IOC_AUTO, "http://[2001:DB8:0::1]:80/x", "http://[2001:db8::1]/x", IOC_URL, 0);
    OK(IOC_AUTO, "https://[2001:db8::1]", "https://[2001:db8::1]/", IOC_URL, 0);
    OK(IOC_AUTO, "http://bücher.example/Ä", "http://xn--bcher-kva.example/Ä", IOC_URL, 0);
    OK(IOC_AUTO, "www.example.test/path", "http://www.example.test/path", IOC_URL, 0);
    OK(IOC_URL, "example.test", "http://example.test/", IOC_URL, 0);
    OK(IOC_URL, "example.test/a?b", "http://example.test/a?b", IOC_URL, 0);
    OK(IOC_AUTO, "wss://chat.example:443/s", "wss://chat.example:443/s", IOC_URL, 0);
    OK(IOC_AUTO, "http://a.example/redirect?u=http://b.example/",
       "http://a.example/redirect?u=http://b.example/", IOC_URL, 0);
    BAD(IOC_AUTO, "evil.example/path", "URL without scheme");
    BAD(IOC_AUTO, "gopher://example.test/", "unsupported URL scheme 'gopher'");
    BAD(IOC_AUTO, "http://exa mple.test/", "space in URL");
    BAD(IOC_AUTO, "http://example.test/a b", "space in URL");
    BAD(IOC_AUTO, "http://example.test/\x01", "control character in URL");
    BAD(IOC_AUTO, "http://example.test/\ta", "control character in URL");
    BAD(IOC_AUTO, "http:///path", "URL without host");
    BAD(IOC_AUTO, "http://user@/path", "URL without host");
    BAD(IOC_AUTO, "http://example.test:0/", "port 0 out of range (1..65535)");
    BAD(IOC_AUTO, "http://example.test:65536/", "port 65536 out of range (1..65535)");
    BAD(IOC_AUTO, "http://example.test:123456/", "port out of range (1..65535)");
    BAD(IOC_AUTO, "http://example.test:8o/", "bad port '8o'");
    BAD(IOC_AUTO, "http://2001:db8::1/", "IPv6 URL host must be in brackets");
    BAD(IOC_AUTO, "http://[2001:db8::1/", "bad IPv6 address");
    BAD(IOC_AUTO, "http://[2001:db8::g]/", "bad IPv6 address");
    BAD(IOC_AUTO, "http://[fe80::1%25eth0]/", "IPv6 zone ids are not accepted");
    BAD(IOC_AUTO, "http://[2001:db8::1]x/", "bad URL host");
    BAD(IOC_AUTO, "http://192.0.2.300/", "bad IPv4 address: octet '300' out of range");
    BAD(IOC_AUTO, "http://localhost/", "domain needs at least two labels");
    BAD(IOC_AUTO, "http://a_b.example/", "underscore in domain name (not a valid host name)");

    char host[256];
    ioc_type ht;
    assert_int_equal(ioc_url_host("http://user@example.test:8080/a", host, sizeof host, &ht), 0);
    assert_string_equal(host, "example.test");
    assert_int_equal(ht, IOC_DOMAIN);
    assert_int_equal(ioc_url_host("https://[2001:db8::1]:8443/", host, sizeof host, &ht), 0);
    assert_string_equal(host, "2001:db8::1");
    assert_int_equal(ht, IOC_IPV6);
    assert_int_equal(ioc_url_host("http://192.0.2.1/", host, sizeof host, &ht), 0);
    assert_string_equal(host, "192.0.2.1");
    assert_int_equal(ht, IOC_IPV4);
    assert_int_equal(ioc_url_host("http://example.test?q", host, sizeof host, &ht), 0);
    assert_string_equal(host, "example.test");
    assert_int_equal(ioc_url_host("http://example.test/", host, 5, &ht), GISAC_EINVAL);
    assert_int_equal(ioc_url_host("example.test", host, sizeof host, &ht), GISAC_EINVAL);
}

static void test_email(void **state)
{
    (void)state;
    OK(IOC_AUTO, "Alice@Example.TEST", "alice@example.test", IOC_EMAIL, 0);
    OK(IOC_AUTO, "user[@]evil[.]example", "user@evil.example", IOC_EMAIL, DEF);
    OK(IOC_AUTO, "user(at)evil.example", "user@evil.example", IOC_EMAIL, DEF);
    OK(IOC_AUTO, "first.last+tag@bücher.example", "first.last+tag@xn--bcher-kva.example", IOC_EMAIL,
       0);
    OK(IOC_EMAIL, "a_b@example.test", "a_b@example.test", IOC_EMAIL, 0);
    BAD(IOC_AUTO, "@example.test", "empty email local part");
    BAD(IOC_AUTO, "a@b@example.test", "email with more than one '@'");
    BAD(IOC_AUTO, "a@", "email without a domain");
    BAD(IOC_EMAIL, "example.test", "email without '@'");
    BAD(IOC_AUTO, "a b@example.test", "invalid character ' ' in email local part");
    BAD(IOC_AUTO, "user@example", "domain needs at least two labels");
    char local[80], addr[120];
    memset(local, 'x', 65);
    local[65] = '\0';
    snprintf(addr, sizeof addr, "%s@example.test", local);
    BAD(IOC_AUTO, addr, "email local part longer than 64 octets");
    local[64] = '\0';
    snprintf(addr, sizeof addr, "%s@example.test", local);
    OK(IOC_AUTO, addr, addr, IOC_EMAIL, 0);
}

static void test_hashes(void **state)
{
    (void)state;
    const char *md5 = "D41D8CD98F00B204E9800998ECF8427E";
    const char *sha1 = "da39a3ee5e6b4b0d3255bfef95601890afd80709";
    const char *sha256 = "E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855";
    OK(IOC_AUTO, md5, "d41d8cd98f00b204e9800998ecf8427e", IOC_MD5, 0);
    OK(IOC_AUTO, sha1, sha1, IOC_SHA1, 0);
    OK(IOC_AUTO, sha256, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
       IOC_SHA256, 0);
    OK(IOC_MD5, " d41d8cd98f00b204e9800998ecf8427e ", "d41d8cd98f00b204e9800998ecf8427e", IOC_MD5,
       0);
    BAD(IOC_MD5, "d41d8cd98f00b204e9800998ecf8427", "md5 must have 32 hex digits, not 31");
    BAD(IOC_SHA1, md5, "sha1 must have 40 hex digits, not 32");
    BAD(IOC_SHA256, sha1, "sha256 must have 64 hex digits, not 40");
    BAD(IOC_MD5, "g41d8cd98f00b204e9800998ecf8427e", "md5 must be hex digits only");
    BAD(IOC_SHA1, "da39a3ee5e6b4b0d3255bfef95601890afd8070 ",
        "sha1 must have 40 hex digits, not 39");
    BAD(IOC_AUTO, "d41d8cd98f00b204e9800998ecf8427",
        "hex string of 31 digits is not an md5 (32), "
        "sha1 (40) or sha256 (64)");
}

static void test_mobile(void **state)
{
    (void)state;
    const char *fp = "53db5ffb9601c11aa809982376e4a8f2c2bb3c1c9e5d0cfbd6b1c0a2d7d8e9f0";
    OK(IOC_X509_SHA256, fp, fp, IOC_X509_SHA256, 0);
    OK(IOC_X509_SHA256,
       " 53:DB:5F:FB:96:01:C1:1A:A8:09:98:23:76:E4:A8:F2:C2:BB:3C:1C:9E:5D:0C:FB:D6:B1:C0:A2:D7:D8:"
       "E9:F0 ",
       fp, IOC_X509_SHA256, 0);
    BAD(IOC_X509_SHA256, "53db5f", "x509-sha256 must have 64 hex digits, not 6");
    BAD(IOC_X509_SHA256, "53:db:5x", "x509-sha256 must be hex digits only");
    BAD(IOC_X509_SHA256, "53:db5f",
        "x509-sha256: ':' expected after each pair of hex digits, at "
        "offset 5");
    /* the package keeps its case; detection never gives the mobile types */
    OK(IOC_ANDROID_PACKAGE, "tw.gov.Clean_App2", "tw.gov.Clean_App2", IOC_ANDROID_PACKAGE, 0);
    OK(IOC_ANDROID_PACKAGE, "com[.]evil.app", "com.evil.app", IOC_ANDROID_PACKAGE, DEF);
    OK(IOC_AUTO, "com.evil.app", "com.evil.app", IOC_DOMAIN, 0);
    OK(IOC_AUTO, fp, fp, IOC_SHA256, 0);
    BAD(IOC_ANDROID_PACKAGE, "clean",
        "android-package needs at least two segments (\"com.example\")");
    BAD(IOC_ANDROID_PACKAGE, "com.1evil",
        "android-package: a segment must start with a letter, at "
        "offset 4");
    BAD(IOC_ANDROID_PACKAGE, "com..evil", "android-package: empty segment at 4");
    BAD(IOC_ANDROID_PACKAGE, "com.evil.", "android-package: empty segment at the end");
    BAD(IOC_ANDROID_PACKAGE, "com.e-vil",
        "android-package: '-' at offset 5 is not a letter, "
        "digit, '_' or '.'");
    char big[300];
    memset(big, 'a', sizeof big - 1);
    big[1] = '.';
    big[sizeof big - 1] = 0;
    BAD(IOC_ANDROID_PACKAGE, big, "android-package longer than 255 characters");
    ioc_type t;
    assert_int_equal(ioc_type_from_name("android-package", &t), 0);
    assert_int_equal(t, IOC_ANDROID_PACKAGE);
    assert_int_equal(ioc_type_from_name("X509-SHA256", &t), 0);
    assert_int_equal(t, IOC_X509_SHA256);
}

static void test_detection(void **state)
{
    (void)state;
    struct {
        const char *in;
        ioc_type t;
    } cases[] = {
        {"198.51.100.0/24", IOC_CIDR},
        {"2001:db8::/32", IOC_CIDR},
        {"192.0.2.1", IOC_IPV4},
        {"2001:db8::1", IOC_IPV6},
        {"[2001:db8::1]", IOC_IPV6},
        {"https://example.test/", IOC_URL},
        {"www.example.test/x", IOC_URL},
        {"user@example.test", IOC_EMAIL},
        {"d41d8cd98f00b204e9800998ecf8427e", IOC_MD5},
        {"da39a3ee5e6b4b0d3255bfef95601890afd80709", IOC_SHA1},
        {"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", IOC_SHA256},
        {"www.example.test", IOC_DOMAIN},
        {"cafe.example", IOC_DOMAIN},
        {"00000000000000000000000000000000", IOC_MD5},
        {"1234567890123456789012345678901234567890", IOC_SHA1},
        {"http://user@example.test/", IOC_URL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char out[IOC_VALUE_MAX];
        ioc_type t = IOC_AUTO;
        gisac_err err = GISAC_ERR_INIT;
        int rc = ioc_normalise(IOC_AUTO, cases[i].in, strlen(cases[i].in), out, sizeof out, &t,
                               NULL, &err);
        if (rc != 0 || t != cases[i].t) {
            print_error("%s: rc %d (%s) type %d, want %d\n", cases[i].in, rc, err.msg, (int)t,
                        (int)cases[i].t);
            fail();
        }
    }
}

static void test_refang(void **state)
{
    (void)state;
    char out[128];
    int ch = -1;
    const char *in = "hxxp://evil[.]example/a";
    assert_int_equal(ioc_refang(in, strlen(in), out, sizeof out, &ch), 21);
    assert_string_equal(out, "http://evil.example/a");
    assert_int_equal(ch, 1);
    in = "plain.example";
    assert_int_equal(ioc_refang(in, strlen(in), out, sizeof out, &ch), 13);
    assert_int_equal(ch, 0);
    in = "see HXXPS[://]a[DOT]example and FxP://b{.}example";
    ioc_refang(in, strlen(in), out, sizeof out, &ch);
    assert_string_equal(out, "see HTTPS://a.example and FtP://b.example");
    in = "[[.]]";
    ioc_refang(in, strlen(in), out, sizeof out, &ch);
    assert_string_equal(out, ".");
    in = "xhxxp://a";
    ioc_refang(in, strlen(in), out, sizeof out, &ch);
    assert_string_equal(out, "xhxxp://a");
    in = "a[@]b [at] c(at)d [:] e";
    ioc_refang(in, strlen(in), out, sizeof out, &ch);
    assert_string_equal(out, "a@b @ c@d : e");
    /* lengths are honoured and out is bounded */
    in = "abc[.]def";
    assert_int_equal(ioc_refang(in, 5, out, sizeof out, &ch), 5);
    assert_string_equal(out, "abc[.");
    assert_int_equal(ioc_refang("abcdef", 6, out, 6, &ch), -1);
    assert_int_equal(ioc_refang("abcdef", 6, out, 7, &ch), 6);
}

static void test_bounds(void **state)
{
    (void)state;
    char out[IOC_VALUE_MAX];
    gisac_err err = GISAC_ERR_INIT;
    /* not NUL-terminated: only len bytes count */
    const char buf[] = {'1', '9', '2', '.', '0', '.', '2', '.', '1', '9', '9'};
    assert_int_equal(ioc_normalise(IOC_AUTO, buf, 9, out, sizeof out, NULL, NULL, &err), 0);
    assert_string_equal(out, "192.0.2.1");
    /* too long */
    static char big[IOC_VALUE_MAX + 100];
    memcpy(big, "http://example.test/", 20);
    memset(big + 20, 'a', sizeof big - 20);
    assert_int_equal(ioc_normalise(IOC_AUTO, big, sizeof big, out, sizeof out, NULL, NULL, &err),
                     GISAC_EINVAL);
    assert_string_equal(err.msg, "value longer than 4095 octets");
    /* 4095 octets fit exactly */
    assert_int_equal(ioc_normalise(IOC_AUTO, big, 4095, out, sizeof out, NULL, NULL, &err), 0);
    assert_int_equal(strlen(out), 4095);
    /* a small cap is honoured */
    char small[8];
    assert_int_equal(
        ioc_normalise(IOC_AUTO, "example.test", 12, small, sizeof small, NULL, NULL, &err),
        GISAC_EINVAL);
    assert_int_equal(small[0], '\0');
    /* adding the missing "/" makes it too long */
    assert_int_equal(ioc_normalise(IOC_AUTO, big, 4095, out, sizeof out, NULL, NULL, &err), 0);
    memcpy(big, "http://example.test?", 20);
    assert_int_equal(ioc_normalise(IOC_AUTO, big, 4095, out, sizeof out, NULL, NULL, &err),
                     GISAC_EINVAL);
    assert_int_equal(ioc_normalise((ioc_type)42, "x", 1, out, sizeof out, NULL, NULL, &err),
                     GISAC_EINVAL);
    /* NULL err is fine */
    assert_int_equal(ioc_normalise(IOC_AUTO, "x", 1, out, sizeof out, NULL, NULL, NULL),
                     GISAC_EINVAL);
}

static void test_tlp(void **state)
{
    (void)state;
    gisac_tlp t;
    assert_string_equal(tlp_name(TLP_CLEAR), "clear");
    assert_string_equal(tlp_name(TLP_AMBER_STRICT), "amber+strict");
    assert_string_equal(tlp_name(TLP_RED), "red");
    assert_null(tlp_name(TLP_UNSET));
    const struct {
        const char *s;
        gisac_tlp t;
    } ok[] = {
        {"clear", TLP_CLEAR},     {"WHITE", TLP_CLEAR}, {"tlp:white", TLP_CLEAR},
        {"TLP:GREEN", TLP_GREEN}, {"Amber", TLP_AMBER}, {"TLP:AMBER+STRICT", TLP_AMBER_STRICT},
        {"tlp: red ", TLP_RED},
    };
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        t = TLP_UNSET;
        assert_int_equal(tlp_from_name(ok[i].s, strlen(ok[i].s), &t), 0);
        assert_int_equal(t, ok[i].t);
    }
    assert_int_equal(tlp_from_name("amber", 3, &t), GISAC_EINVAL);
    assert_int_equal(tlp_from_name("redx", 4, &t), GISAC_EINVAL);
    assert_int_equal(tlp_from_name("tlp:", 4, &t), GISAC_EINVAL);
    assert_int_equal(tlp_from_name("", 0, &t), GISAC_EINVAL);
    assert_int_equal(tlp_from_name("amber strict", 12, &t), GISAC_EINVAL);
    for (int k = TLP_CLEAR; k <= TLP_RED; k++) {
        const char *n = tlp_name((gisac_tlp)k);
        assert_int_equal(tlp_from_name(n, strlen(n), &t), 0);
        assert_int_equal(t, k);
    }
}

TEST_MAIN(NULL, NULL, TEST_CASE(test_type_names), TEST_CASE(test_ipv4), TEST_CASE(test_ipv6),
          TEST_CASE(test_addr_api), TEST_CASE(test_cidr), TEST_CASE(test_range_hex),
          TEST_CASE(test_domain), TEST_CASE(test_url), TEST_CASE(test_email),
          TEST_CASE(test_hashes), TEST_CASE(test_mobile), TEST_CASE(test_detection),
          TEST_CASE(test_refang), TEST_CASE(test_bounds), TEST_CASE(test_tlp))

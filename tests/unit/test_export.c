/*
 * test_export.c: the export renderers. Exact bytes where the format is
 * ours to fix (plain, csv, rpz, nft), field checks with jansson for the JSON
 * formats, and the real consumers where they are installed: the OASIS STIX
 * schemas (scripts/stix_validate.py), named-checkzone and nft -c. Expected
 * ids and digests were computed independently (Python uuid and hashlib).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "test_main.h"

#include "export/export.h"
#include "export/export_internal.h"

#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define T0 1712214183 /* 2024-04-04T07:03:03Z */

#define IDENTITY   "identity--881c1891-6d33-5202-a7b6-7beed82cb4a8" /* UUIDv5 "gisac" */
#define MARK_CLEAR "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487"
#define MARK_GREEN "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb"
#define MARK_AMBER "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421"
#define EV_CLEAR   "45b77a79-cd4c-5216-8244-b25cf2da8640" /* "gisac-export-tlp:clear" */
#define EV_GREEN   "ffab9c45-7471-587b-9310-abfb6cf80ce9"
#define EV_AMBER   "f08cfada-5fe8-5fc6-95f1-679f558c012f"
#define EV_NONE    "b62c669d-dfeb-5050-a4c0-e53bcce36bc9"
#define EV_RED     "4feefb12-e43b-566c-8a40-df270581e57c"

static const char *const labels1[] = {"botnet", "malicious-activity"};
static const char *const sources1[] = {"feodo", "misp"};
static const char *const labels_url[] = {"phishing, \"kit\""};

#define MD5V    "44d88612fea8a8f36de82e1278abb02f"
#define SHA1V   "3395856ce81f2b7382dee72602f798b642f14140"
#define SHA256V "275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f"

static const export_item fixture[] = {
    {.type = IOC_DOMAIN,
     .value = "evil.example",
     .name = "Evil C2",
     .description = "C2 \"panel\", seen twice",
     .confidence = -1,
     .tlp = TLP_GREEN},
    {.type = IOC_CIDR, .value = "198.51.100.0/25", .confidence = -1, .tlp = TLP_GREEN},
    {.type = IOC_IPV4,
     .value = "198.51.100.7",
     .labels = labels1,
     .nlabels = 2,
     .sources = sources1,
     .nsources = 2,
     .confidence = 80,
     .tlp = TLP_GREEN,
     .first_seen = 1711929600, /* 2024-04-01 */
     .last_seen = 1712102400,  /* 2024-04-03 */
     .valid_until = T0 + 86400},
    {.type = IOC_CIDR, .value = "198.51.100.0/24", .confidence = 50, .tlp = TLP_AMBER},
    {.type = IOC_IPV6, .value = "2001:db8::1", .confidence = -1, .tlp = TLP_CLEAR},
    {.type = IOC_CIDR, .value = "2001:db8::/32", .confidence = -1, .tlp = TLP_CLEAR},
    {.type = IOC_URL,
     .value = "http://evil.example/it's",
     .stix_id = "indicator--0f1b4f2e-4c3a-4d5e-8f9a-0b1c2d3e4f5a",
     .confidence = -1,
     .tlp = TLP_GREEN},
    {.type = IOC_URL,
     .value = "http://evil.example/a,b",
     .labels = labels_url,
     .nlabels = 1,
     .confidence = -1,
     .tlp = TLP_UNSET},
    {.type = IOC_MD5, .value = MD5V, .confidence = -1, .tlp = TLP_GREEN},
    {.type = IOC_SHA1, .value = SHA1V, .confidence = -1, .tlp = TLP_GREEN},
    {.type = IOC_SHA256,
     .value = SHA256V,
     .confidence = -1,
     .tlp = TLP_GREEN,
     .valid_from = T0,
     .valid_until = T0 - 10},
    {.type = IOC_EMAIL, .value = "phish@evil.example", .confidence = -1, .tlp = TLP_GREEN},
    /* a duplicate: the more restrictive green one above is kept */
    {.type = IOC_DOMAIN, .value = "evil.example", .confidence = -1, .tlp = TLP_CLEAR},
};
#define NFIX (sizeof fixture / sizeof fixture[0])

static const export_opts opts = {T0, NULL, 42, NULL};

/* ---- helpers ----------------------------------------------------------- */

static char *render(export_format f, const export_item *items, size_t n, const export_opts *o)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    assert_non_null(m);
    gisac_err err = {0};
    int rc = export_write(f, items, n, o, NULL, m, &err);
    if (rc != 0)
        fail_msg("export %s: %s", export_format_name(f), err.msg);
    fclose(m);
    return buf;
}

/* All that is left of f, NUL-terminated, for the caller to free; NULL when
 * out of memory. */
static char *read_all(FILE *f)
{
    size_t cap = 4096, len = 0, k;
    char *b = malloc(cap);
    while (b && (k = fread(b + len, 1, cap - len - 1, f)) > 0) {
        len += k;
        if (len + 1 == cap)
            b = realloc(b, cap *= 2);
    }
    if (b)
        b[len] = '\0';
    return b;
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *b = read_all(f);
    fclose(f);
    return b;
}

static void rm_rf(const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0)
        return;
    if (S_ISDIR(st.st_mode)) {
        DIR *d = opendir(path);
        struct dirent *e;
        while (d && (e = readdir(d)) != NULL) {
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                continue;
            char sub[4096];
            snprintf(sub, sizeof sub, "%s/%s", path, e->d_name);
            rm_rf(sub);
        }
        if (d)
            closedir(d);
        rmdir(path);
    } else {
        unlink(path);
    }
}

static char tmpdir[4096];

static int setup(void **state)
{
    (void)state;
    const char *t = getenv("TMPDIR");
    snprintf(tmpdir, sizeof tmpdir, "%s/gisac-export-XXXXXX", t && *t ? t : "/tmp");
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    rm_rf(tmpdir);
    return 0;
}

static void tmp_path(char *out, size_t cap, const char *name)
{
    snprintf(out, cap, "%s/%s", tmpdir, name);
}

/* The rendering of items (n of them) as f, with opts, is want. */
static void expect_render(export_format f, const export_item *items, size_t n, const char *want)
{
    char *s = render(f, items, n, &opts);
    assert_string_equal(s, want);
    free(s);
}

/* export_write of items (n of them) as f into the directory name under the
 * temporary directory (its path into dir); the write succeeds. */
static void write_dir(export_format f, const export_item *items, size_t n, const char *name,
                      char dir[4200])
{
    gisac_err err = {0};
    tmp_path(dir, 4200, name);
    assert_int_equal(export_write(f, items, n, &opts, dir, NULL, &err), 0);
}

/* Run a shell command; its output (stdout and stderr) into *out (may be NULL). */
static int run(const char *cmd, char **out)
{
    char full[8192];
    snprintf(full, sizeof full, "%s 2>&1", cmd);
    FILE *p = popen(full, "r");
    if (!p)
        return -1;
    char *b = read_all(p);
    int st = pclose(p);
    if (out)
        *out = b;
    else
        free(b);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static int have(const char *tool)
{
    char cmd[256];
    snprintf(cmd, sizeof cmd, "command -v %s >/dev/null", tool);
    return run(cmd, NULL) == 0;
}

static void write_text(const char *path, const char *s)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs(s, f);
    fclose(f);
}

static const char *srcdir(void)
{
    static char dir[4096];
    const char *e = getenv("GISAC_SRCDIR");
    if (e && *e)
        return e;
    /* run by hand: this file lies at SRCDIR/tests/unit/test_export.c */
    snprintf(dir, sizeof dir, "%s", __FILE__);
    char *p = strstr(dir, "/tests/unit/test_export.c");
    if (!p)
        return ".";
    *p = '\0';
    return dir;
}

/* The STIX schemas, or NULL when ../shared is not there. */
static const char *schema_dir(void)
{
    static char dir[4096];
    const char *e = getenv("GISAC_SHARED");
    if (e && *e)
        snprintf(dir, sizeof dir, "%s/data/stix2.1-schemas", e);
    else
        snprintf(dir, sizeof dir, "%s/../shared/data/stix2.1-schemas", srcdir());
    struct stat st;
    return stat(dir, &st) == 0 && S_ISDIR(st.st_mode) ? dir : NULL;
}

/* ---- names ------------------------------------------------------------- */

static void test_format_names(void **state)
{
    (void)state;
    const char *names[] = {"plain", "csv", "stix", "misp", "rpz", "suricata", "nft", "zeek"};
    for (int f = EXPORT_PLAIN; f <= EXPORT_ZEEK; f++) {
        assert_string_equal(export_format_name((export_format)f), names[f]);
        export_format g;
        assert_int_equal(export_format_from_name(names[f], &g), 0);
        assert_int_equal(g, f);
        assert_int_equal(export_format_is_dir((export_format)f),
                         f == EXPORT_MISP || f == EXPORT_SURICATA);
    }
    export_format g;
    assert_int_equal(export_format_from_name("STIX", &g), 0);
    assert_int_equal(g, EXPORT_STIX);
    assert_int_equal(export_format_from_name("json", &g), GISAC_EINVAL);
    assert_int_equal(export_format_from_name(NULL, &g), GISAC_EINVAL);
    assert_null(export_format_name((export_format)99));
}

static void test_errors(void **state)
{
    (void)state;
    gisac_err err = {0};
    assert_int_equal(export_write(EXPORT_MISP, fixture, NFIX, &opts, NULL, stdout, &err),
                     GISAC_EINVAL);
    assert_int_equal(export_write(EXPORT_PLAIN, fixture, NFIX, &opts, NULL, NULL, &err),
                     GISAC_EINVAL);
    assert_int_equal(export_write((export_format)42, fixture, NFIX, &opts, NULL, stdout, &err),
                     GISAC_EINVAL);
    export_item bad = {.type = IOC_IPV4, .value = NULL};
    assert_int_equal(export_write(EXPORT_PLAIN, &bad, 1, &opts, NULL, stdout, &err), GISAC_EINVAL);
    /* a file in a directory that does not exist: the error names the path */
    char p[4200];
    tmp_path(p, sizeof p, "no/such/dir/out.txt");
    gisac_err_clear(&err);
    assert_int_equal(export_write(EXPORT_PLAIN, fixture, NFIX, &opts, p, NULL, &err), GISAC_EIO);
    assert_non_null(strstr(err.msg, "no/such/dir/out.txt"));
    /* a zone name that would break the zone file */
    export_opts bad_zone = {T0, "rpz.example\n$INCLUDE /etc/passwd", 42, NULL};
    gisac_err_clear(&err);
    assert_int_equal(export_write(EXPORT_RPZ, fixture, NFIX, &bad_zone, NULL, stdout, &err),
                     GISAC_EINVAL);
    /* a directory format onto a plain file */
    tmp_path(p, sizeof p, "a-file");
    write_text(p, "x");
    gisac_err_clear(&err);
    assert_int_not_equal(export_write(EXPORT_SURICATA, fixture, NFIX, &opts, p, NULL, &err), 0);
    assert_non_null(strstr(err.msg, "a-file"));
}

/* ---- plain and csv ------------------------------------------------------ */

/* The Zeek intel file: every type Zeek has, URLs in its form, fields that
 * can hold no tab, "-" for nothing. */
static void test_zeek(void **state)
{
    (void)state;
    expect_render(EXPORT_ZEEK, fixture, NFIX,
                  "#fields\tindicator\tindicator_type\tmeta.source\tmeta.desc\tmeta.url\n"
                  "198.51.100.7\tIntel::ADDR\tfeodo, misp\tTLP:green\t-\n"
                  "2001:db8::1\tIntel::ADDR\tgisac\tTLP:clear\t-\n"
                  "198.51.100.0/24\tIntel::SUBNET\tgisac\tTLP:amber\t-\n"
                  "198.51.100.0/25\tIntel::SUBNET\tgisac\tTLP:green\t-\n"
                  "2001:db8::/32\tIntel::SUBNET\tgisac\tTLP:clear\t-\n"
                  "evil.example\tIntel::DOMAIN\tgisac\tEvil C2 (TLP:green)\t-\n"
                  "evil.example/a,b\tIntel::URL\tgisac\t-\t-\n"
                  "evil.example/it's\tIntel::URL\tgisac\tTLP:green\t-\n" MD5V
                  "\tIntel::FILE_HASH\tgisac\tTLP:green\t-\n" SHA1V
                  "\tIntel::FILE_HASH\tgisac\tTLP:green\t-\n" SHA256V
                  "\tIntel::FILE_HASH\tgisac\tTLP:green\t-\n"
                  "phish@evil.example\tIntel::EMAIL\tgisac\tTLP:green\t-\n");
    /* a tab or a line end in a name cannot break a line */
    export_item it = {.type = IOC_DOMAIN,
                      .value = "x.example",
                      .name = "a\tb\nc",
                      .confidence = -1,
                      .tlp = TLP_RED};
    expect_render(EXPORT_ZEEK, &it, 1,
                  "#fields\tindicator\tindicator_type\tmeta.source\tmeta.desc\tmeta.url\n"
                  "x.example\tIntel::DOMAIN\tgisac\ta b c (TLP:red)\t-\n");
}

static void test_plain(void **state)
{
    (void)state;
    expect_render(EXPORT_PLAIN, fixture, NFIX,
                  "198.51.100.7\n"
                  "2001:db8::1\n"
                  "198.51.100.0/24\n"
                  "198.51.100.0/25\n"
                  "2001:db8::/32\n"
                  "evil.example\n"
                  "http://evil.example/a,b\n"
                  "http://evil.example/it's\n" MD5V "\n" SHA1V "\n" SHA256V "\n"
                  "phish@evil.example\n");
    expect_render(EXPORT_PLAIN, NULL, 0, "");

    /* to a file, atomically */
    char p[4200];
    tmp_path(p, sizeof p, "plain.txt");
    gisac_err err = {0};
    assert_int_equal(export_write(EXPORT_PLAIN, fixture, 3, &opts, p, NULL, &err), 0);
    char *s = slurp(p);
    assert_string_equal(s, "198.51.100.7\n198.51.100.0/25\nevil.example\n");
    free(s);
}

static void test_csv(void **state)
{
    (void)state;
    char *s = render(EXPORT_CSV, fixture, NFIX, &opts);
    assert_string_equal(
        s, "type,value,tlp,confidence,first_seen,last_seen,valid_until,sources,labels\n"
           "ipv4,198.51.100.7,green,80,2024-04-01T00:00:00Z,2024-04-03T00:00:00Z,"
           "2024-04-05T07:03:03Z,feodo;misp,botnet;malicious-activity\n"
           "ipv6,2001:db8::1,clear,,,,,,\n"
           "cidr,198.51.100.0/24,amber,50,,,,,\n"
           "cidr,198.51.100.0/25,green,,,,,,\n"
           "cidr,2001:db8::/32,clear,,,,,,\n"
           "domain,evil.example,green,,,,,,\n"
           "url,\"http://evil.example/a,b\",,,,,,,\"phishing, \"\"kit\"\"\"\n"
           "url,http://evil.example/it's,green,,,,,,\n"
           "md5," MD5V ",green,,,,,,\n"
           "sha1," SHA1V ",green,,,,,,\n"
           "sha256," SHA256V ",green,,,,2024-04-04T07:02:53Z,,\n"
           "email,phish@evil.example,green,,,,,,\n");
    free(s);
}

/* ---- STIX ------------------------------------------------------------------ */

static json_t *obj_at(json_t *bundle, size_t i)
{
    json_t *o = json_array_get(json_object_get(bundle, "objects"), i);
    assert_non_null(o);
    return o;
}

static const char *str_of(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    if (!json_is_string(v))
        fail_msg("no string %s", key);
    return json_string_value(v);
}

static void test_stix_fields(void **state)
{
    (void)state;
    char *s = render(EXPORT_STIX, fixture, NFIX, &opts);
    json_error_t je;
    json_t *b = json_loads(s, 0, &je);
    if (!b)
        fail_msg("bundle is not JSON: %s", je.text);
    assert_string_equal(str_of(b, "type"), "bundle");
    assert_int_equal(strncmp(str_of(b, "id"), "bundle--", 8), 0);
    assert_int_equal(json_array_size(json_object_get(b, "objects")), 16);

    json_t *id = obj_at(b, 0);
    assert_string_equal(str_of(id, "type"), "identity");
    assert_string_equal(str_of(id, "id"), IDENTITY);
    assert_string_equal(str_of(id, "name"), "gisac");
    assert_string_equal(str_of(id, "identity_class"), "system");

    /* the markings used, least restrictive first, as OASIS defines them */
    const char *marks[] = {MARK_CLEAR, MARK_GREEN, MARK_AMBER};
    const char *mnames[] = {"TLP:CLEAR", "TLP:GREEN", "TLP:AMBER"};
    const char *levels[] = {"clear", "green", "amber"};
    for (int i = 0; i < 3; i++) {
        json_t *m = obj_at(b, 1 + (size_t)i);
        assert_string_equal(str_of(m, "type"), "marking-definition");
        assert_string_equal(str_of(m, "spec_version"), "2.1");
        assert_string_equal(str_of(m, "id"), marks[i]);
        assert_string_equal(str_of(m, "name"), mnames[i]);
        assert_string_equal(str_of(m, "created"), "2022-10-01T00:00:00.000Z");
        json_t *ext = json_object_get(json_object_get(m, "extensions"),
                                      "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d");
        assert_string_equal(str_of(ext, "extension_type"), "property-extension");
        assert_string_equal(str_of(ext, "tlp_2_0"), levels[i]);
    }

    json_t *ip = obj_at(b, 4);
    assert_string_equal(str_of(ip, "type"), "indicator");
    assert_string_equal(str_of(ip, "spec_version"), "2.1");
    assert_string_equal(str_of(ip, "id"), "indicator--e210d727-6a55-54ec-8ac6-b1fd9d37500f");
    assert_string_equal(str_of(ip, "created_by_ref"), IDENTITY);
    assert_string_equal(str_of(ip, "created"), "2024-04-04T07:03:03.000Z");
    assert_string_equal(str_of(ip, "modified"), "2024-04-04T07:03:03.000Z");
    assert_string_equal(str_of(ip, "name"), "ipv4 198.51.100.7");
    assert_string_equal(str_of(ip, "pattern"), "[ipv4-addr:value = '198.51.100.7']");
    assert_string_equal(str_of(ip, "pattern_type"), "stix");
    assert_string_equal(str_of(ip, "valid_from"), "2024-04-01T00:00:00.000Z");
    assert_string_equal(str_of(ip, "valid_until"), "2024-04-05T07:03:03.000Z");
    assert_int_equal(json_integer_value(json_object_get(ip, "confidence")), 80);
    json_t *types = json_object_get(ip, "indicator_types");
    assert_int_equal(json_array_size(types), 1);
    assert_string_equal(json_string_value(json_array_get(types, 0)), "malicious-activity");
    json_t *labels = json_object_get(ip, "labels");
    assert_int_equal(json_array_size(labels), 1);
    assert_string_equal(json_string_value(json_array_get(labels, 0)), "botnet");
    json_t *refs = json_object_get(ip, "object_marking_refs");
    assert_int_equal(json_array_size(refs), 1);
    assert_string_equal(json_string_value(json_array_get(refs, 0)), MARK_GREEN);
    assert_null(json_object_get(ip, "description"));

    assert_string_equal(str_of(obj_at(b, 5), "pattern"), "[ipv6-addr:value = '2001:db8::1']");
    assert_string_equal(str_of(obj_at(b, 6), "pattern"), "[ipv4-addr:value = '198.51.100.0/24']");
    assert_string_equal(
        json_string_value(json_array_get(json_object_get(obj_at(b, 6), "object_marking_refs"), 0)),
        MARK_AMBER);
    assert_string_equal(str_of(obj_at(b, 8), "pattern"), "[ipv6-addr:value = '2001:db8::/32']");

    json_t *dom = obj_at(b, 9);
    assert_string_equal(str_of(dom, "name"), "Evil C2");
    assert_string_equal(str_of(dom, "description"), "C2 \"panel\", seen twice");
    assert_string_equal(str_of(dom, "pattern"), "[domain-name:value = 'evil.example']");
    assert_string_equal(str_of(dom, "id"), "indicator--e702a6d7-cc33-5cda-b86d-15bb79396133");

    json_t *u1 = obj_at(b, 10); /* no TLP: no marking */
    assert_null(json_object_get(u1, "object_marking_refs"));
    assert_string_equal(json_string_value(json_array_get(json_object_get(u1, "labels"), 0)),
                        "phishing, \"kit\"");

    json_t *u2 = obj_at(b, 11); /* its own stix id, a quote escaped in the pattern */
    assert_string_equal(str_of(u2, "id"), "indicator--0f1b4f2e-4c3a-4d5e-8f9a-0b1c2d3e4f5a");
    assert_string_equal(str_of(u2, "pattern"), "[url:value = 'http://evil.example/it\\'s']");

    assert_string_equal(str_of(obj_at(b, 12), "pattern"), "[file:hashes.MD5 = '" MD5V "']");
    assert_string_equal(str_of(obj_at(b, 13), "pattern"), "[file:hashes.'SHA-1' = '" SHA1V "']");
    json_t *h256 = obj_at(b, 14);
    assert_string_equal(str_of(h256, "pattern"), "[file:hashes.'SHA-256' = '" SHA256V "']");
    assert_string_equal(str_of(h256, "valid_from"), "2024-04-04T07:03:03.000Z");
    assert_null(json_object_get(h256, "valid_until")); /* not after valid_from */
    assert_null(json_object_get(h256, "confidence"));
    assert_string_equal(str_of(obj_at(b, 15), "pattern"),
                        "[email-addr:value = 'phish@evil.example']");

    /* deterministic, bundle id included; a different content, a different id */
    char *again = render(EXPORT_STIX, fixture, NFIX, &opts);
    assert_string_equal(s, again);
    /* (the last item is a duplicate: without it the content is the same) */
    char *same = render(EXPORT_STIX, fixture, NFIX - 1, &opts);
    assert_string_equal(s, same);
    free(same);
    char *fewer = render(EXPORT_STIX, fixture, NFIX - 2, &opts);
    json_t *b2 = json_loads(fewer, 0, &je);
    assert_non_null(b2);
    assert_string_not_equal(str_of(b, "id"), str_of(b2, "id"));
    json_decref(b2);
    free(fewer);
    free(again);
    json_decref(b);
    free(s);

    /* nothing to export: still a valid bundle, the identity alone */
    s = render(EXPORT_STIX, NULL, 0, &opts);
    b = json_loads(s, 0, &je);
    assert_non_null(b);
    assert_int_equal(json_array_size(json_object_get(b, "objects")), 1);
    json_decref(b);
    free(s);
}

static void test_stix_bad_utf8(void **state)
{
    (void)state;
    export_item it = {.type = IOC_DOMAIN,
                      .value = "evil.example",
                      .description = "bad \xff byte",
                      .confidence = -1,
                      .tlp = TLP_RED};
    char *s = render(EXPORT_STIX, &it, 1, &opts);
    json_error_t je;
    json_t *b = json_loads(s, 0, &je);
    assert_non_null(b);
    assert_string_equal(str_of(obj_at(b, 2), "description"), "bad \xef\xbf\xbd byte");
    assert_string_equal(str_of(obj_at(b, 1), "id"),
                        "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1");
    json_decref(b);
    free(s);
}

/* a TLP:GREEN domain of no given confidence, with the STIX id stix_id */
static export_item green_domain(const char *value, const char *stix_id)
{
    return (export_item){
        .type = IOC_DOMAIN, .value = value, .stix_id = stix_id, .confidence = -1, .tlp = TLP_GREEN};
}

static void test_stix_ids(void **state)
{
    (void)state;
    /* a stix_id given twice is kept by the first item only; a malformed one is not used */
    const char *id = "indicator--0f1b4f2e-4c3a-4d5e-8f9a-0b1c2d3e4f5a";
    export_item it[] = {
        green_domain("b.example", id),
        green_domain("a.example", id),
        green_domain("c.example", "indicator--nope"),
    };
    char *s = render(EXPORT_STIX, it, 3, &opts);
    json_t *b = json_loads(s, 0, NULL);
    assert_non_null(b);
    /* list order: a.example, b.example, c.example */
    assert_string_equal(str_of(obj_at(b, 2), "id"),
                        "indicator--0f1b4f2e-4c3a-4d5e-8f9a-0b1c2d3e4f5a");
    assert_string_equal(str_of(obj_at(b, 2), "pattern"), "[domain-name:value = 'a.example']");
    assert_string_not_equal(str_of(obj_at(b, 3), "id"),
                            "indicator--0f1b4f2e-4c3a-4d5e-8f9a-0b1c2d3e4f5a");
    assert_string_not_equal(str_of(obj_at(b, 4), "id"), "indicator--nope");
    json_decref(b);
    free(s);
}

static int stix_validate(const char *schemas, const char *file, char **out)
{
    char cmd[16384];
    snprintf(cmd, sizeof cmd, "/usr/bin/python3 '%s/scripts/stix_validate.py' '%s' '%s'", srcdir(),
             schemas, file);
    return run(cmd, out);
}

static void test_stix_schemas(void **state)
{
    (void)state;
    const char *schemas = schema_dir();
    if (!schemas) {
        print_message("skipped: ../shared/data/stix2.1-schemas is not there\n");
        skip();
    }
    if (run("/usr/bin/python3 -c 'import jsonschema'", NULL) != 0) {
        print_message("skipped: /usr/bin/python3 with jsonschema is not installed\n");
        skip();
    }
    char p[4200], *out = NULL;
    tmp_path(p, sizeof p, "bundle.json");
    gisac_err err = {0};
    assert_int_equal(export_write(EXPORT_STIX, fixture, NFIX, &opts, p, NULL, &err), 0);
    int rc = stix_validate(schemas, p, &out);
    if (rc != 0)
        fail_msg("stix_validate.py exit %d:\n%s", rc, out ? out : "");
    free(out);

    /* the validator catches a broken object: an indicator without pattern */
    char *s = slurp(p);
    json_t *b = json_loads(s, 0, NULL);
    free(s);
    assert_non_null(b);
    json_object_del(obj_at(b, 4), "pattern");
    char q[4200];
    tmp_path(q, sizeof q, "broken.json");
    assert_int_equal(json_dump_file(b, q, 0), 0);
    json_decref(b);
    rc = stix_validate(schemas, q, &out);
    assert_int_equal(rc, 1);
    assert_non_null(strstr(out, "$.objects[4]: 'pattern' is a required property"));
    free(out);
}

/* ---- RPZ ------------------------------------------------------------------- */

/* text written to the temporary file name, then the command "pre '<that file>'" run (run): its
   exit status, its output in *out (the caller frees it) */
static int run_on_text(const char *pre, const char *name, const char *text, char **out)
{
    char p[4200], cmd[8800];
    tmp_path(p, sizeof p, name);
    write_text(p, text);
    snprintf(cmd, sizeof cmd, "%s '%s'", pre, p);
    return run(cmd, out);
}

static void check_zone(const char *zone_text, const char *origin)
{
    if (!have("named-checkzone")) {
        print_message("named-checkzone not installed: zone not checked\n");
        return;
    }
    char pre[4400], *out = NULL;
    snprintf(pre, sizeof pre, "named-checkzone '%s'", origin);
    int rc = run_on_text(pre, "zone.rpz", zone_text, &out);
    if (rc != 0)
        fail_msg("named-checkzone exit %d:\n%s\n%s", rc, out ? out : "", zone_text);
    free(out);
}

static void test_rpz(void **state)
{
    (void)state;
    char *s = render(EXPORT_RPZ, fixture, NFIX, &opts);
    assert_string_equal(s, "; gisac response policy zone rpz.gisac.example, generated "
                           "2024-04-04T07:03:03Z\n"
                           "; 1 domains, 5 addresses and networks; skipped: 6 urls, hashes and "
                           "e-mail addresses, 0 not expressible\n"
                           "$TTL 300\n"
                           "@ SOA localhost. hostmaster.localhost. 42 3600 600 864000 300\n"
                           "@ NS localhost.\n"
                           "32.7.100.51.198.rpz-ip CNAME .\n"
                           "128.1.zz.db8.2001.rpz-ip CNAME .\n"
                           "24.0.100.51.198.rpz-ip CNAME .\n"
                           "25.0.100.51.198.rpz-ip CNAME .\n"
                           "32.zz.db8.2001.rpz-ip CNAME .\n"
                           "evil.example CNAME .\n"
                           "*.evil.example CNAME .\n");
    check_zone(s, "rpz.gisac.example");
    free(s);
}

static void test_rpz_edges(void **state)
{
    (void)state;
    /* 63+1+63+1+63+1+51 = 243 octets of text: under the 9-octet origin that is
     * 255 octets on the wire, the limit, so "*." no longer fits */
    char longdom[300];
    memset(longdom, 'a', 243);
    longdom[243] = '\0';
    longdom[63] = longdom[127] = longdom[191] = '.';
    export_item items[] = {
        {.type = IOC_IPV6, .value = "2001:db8::1:0:0:1", .confidence = -1},
        {.type = IOC_IPV6, .value = "::ffff:192.0.2.1", .confidence = -1},
        {.type = IOC_IPV6, .value = "2001:db8:0:1:1:1:1:1", .confidence = -1},
        {.type = IOC_IPV6, .value = "fe80::", .confidence = -1},
        {.type = IOC_CIDR, .value = "0.0.0.0/0", .confidence = -1},
        {.type = IOC_CIDR, .value = "10.0.0.0/8", .confidence = -1},
        {.type = IOC_CIDR, .value = "2001:db8:1::/48", .confidence = -1},
        {.type = IOC_DOMAIN, .value = longdom, .confidence = -1},
        {.type = IOC_DOMAIN, .value = "xn--bcher-kva.example", .confidence = -1},
    };
    export_opts o = {T0, "x.example", 42, NULL};
    char *s = render(EXPORT_RPZ, items, sizeof items / sizeof items[0], &o);
    char expect[2048];
    snprintf(expect, sizeof expect,
             "; gisac response policy zone x.example, generated 2024-04-04T07:03:03Z\n"
             "; 2 domains, 6 addresses and networks; skipped: 0 urls, hashes and e-mail "
             "addresses, 1 not expressible\n"
             "$TTL 300\n"
             "@ SOA localhost. hostmaster.localhost. 42 3600 600 864000 300\n"
             "@ NS localhost.\n"
             "128.1.1.1.1.1.0.db8.2001.rpz-ip CNAME .\n"
             "128.1.0.0.1.zz.db8.2001.rpz-ip CNAME .\n"
             "32.1.2.0.192.rpz-ip CNAME .\n"
             "128.zz.fe80.rpz-ip CNAME .\n"
             "8.0.0.0.10.rpz-ip CNAME .\n"
             "48.zz.1.db8.2001.rpz-ip CNAME .\n"
             "%s CNAME .\n"
             "xn--bcher-kva.example CNAME .\n"
             "*.xn--bcher-kva.example CNAME .\n",
             longdom);
    assert_string_equal(s, expect);
    check_zone(s, "x.example");
    free(s);

    s = render(EXPORT_RPZ, NULL, 0, &opts);
    check_zone(s, "rpz.gisac.example");
    free(s);
}

/* ---- nft ------------------------------------------------------------------- */

static void check_nft(const char *text);

/* s (freed here) is the nft file with n4 IPv4 and n6 IPv6 ranges whose
 * sets hold v4 and v6 (their elements lines, "" for an empty set), and nft
 * -c accepts it. */
static void expect_nft(char *s, int n4, int n6, const char *v4, const char *v6)
{
    char expect[4096];
    snprintf(expect, sizeof expect,
             "#!/usr/sbin/nft -f\n"
             "# gisac blocklist, generated 2024-04-04T07:03:03Z: %d IPv4 and %d IPv6 ranges\n"
             "table inet gisac\n"
             "delete table inet gisac\n"
             "table inet gisac {\n"
             "\tset blocklist_v4 {\n"
             "\t\ttype ipv4_addr\n"
             "\t\tflags interval\n"
             "%s"
             "\t}\n"
             "\tset blocklist_v6 {\n"
             "\t\ttype ipv6_addr\n"
             "\t\tflags interval\n"
             "%s"
             "\t}\n"
             "%s",
             n4, n6, v4, v6, exp_nft_chains);
    assert_string_equal(s, expect);
    check_nft(s);
    free(s);
}

static int nft_usable(void)
{
    static int state = -1;
    if (state >= 0)
        return state;
    state = 0;
    if (!have("nft")) {
        print_message("nft not installed: rule set not checked\n");
        return 0;
    }
    char *out = NULL;
    if (run_on_text("nft -c -f", "probe.nft", "table inet gisac_probe {\n}\n", &out) == 0)
        state = 1;
    else
        print_message("nft -c does not work here (%s): rule set not checked\n", out ? out : "");
    free(out);
    return state;
}

static void check_nft(const char *text)
{
    if (!nft_usable())
        return;
    char *out = NULL;
    int rc = run_on_text("nft -c -f", "set.nft", text, &out);
    if (rc != 0)
        fail_msg("nft -c exit %d:\n%s\n%s", rc, out ? out : "", text);
    free(out);
}

static void test_nft(void **state)
{
    (void)state;
    export_item items[] = {
        {.type = IOC_CIDR, .value = "198.51.100.0/24", .confidence = -1},
        {.type = IOC_IPV4, .value = "198.51.100.7", .confidence = -1},
        {.type = IOC_CIDR, .value = "198.51.100.0/25", .confidence = -1},
        {.type = IOC_IPV6, .value = "2001:db8::1", .confidence = -1},
        {.type = IOC_CIDR, .value = "2001:db8::/32", .confidence = -1},
        {.type = IOC_CIDR, .value = "203.0.113.0/25", .confidence = -1},
        {.type = IOC_CIDR, .value = "203.0.113.128/25", .confidence = -1},
        {.type = IOC_IPV4, .value = "192.0.2.1", .confidence = -1},
        {.type = IOC_IPV4, .value = "192.0.2.2", .confidence = -1},
        {.type = IOC_IPV4, .value = "192.0.2.3", .confidence = -1},
        {.type = IOC_IPV6, .value = "2001:db9::5", .confidence = -1},
        {.type = IOC_DOMAIN, .value = "evil.example", .confidence = -1},
    };
    expect_nft(render(EXPORT_NFT, items, sizeof items / sizeof items[0], &opts), 3, 2,
               "\t\telements = {\n"
               "\t\t\t192.0.2.1,\n"
               "\t\t\t192.0.2.2/31,\n"
               "\t\t\t198.51.100.0/24,\n"
               "\t\t\t203.0.113.0/24\n"
               "\t\t}\n",
               "\t\telements = {\n"
               "\t\t\t2001:db8::/32,\n"
               "\t\t\t2001:db9::5\n"
               "\t\t}\n");

    /* nothing to block: empty sets are still valid */
    expect_nft(render(EXPORT_NFT, &fixture[0], 1, &opts), 0, 0, "", "");

    /* the whole fixture, and ranges that need splitting at the ends of the space */
    char *s = render(EXPORT_NFT, fixture, NFIX, &opts);
    check_nft(s);
    free(s);
    export_item wide[] = {
        {.type = IOC_CIDR, .value = "0.0.0.0/1", .confidence = -1},
        {.type = IOC_CIDR, .value = "128.0.0.0/1", .confidence = -1},
        {.type = IOC_CIDR, .value = "::/0", .confidence = -1},
        {.type = IOC_IPV6, .value = "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", .confidence = -1},
    };
    s = render(EXPORT_NFT, wide, 4, &opts);
    assert_non_null(strstr(s, "\t\t\t0.0.0.0/0\n"));
    assert_non_null(strstr(s, "\t\t\t::/0\n"));
    check_nft(s);
    free(s);
}

/* ---- MISP ------------------------------------------------------------------ */

static int count_json_files(const char *dir, int *has_manifest)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    struct dirent *e;
    int n = 0;
    *has_manifest = 0;
    while ((e = readdir(d)) != NULL) {
        size_t l = strlen(e->d_name);
        if (strcmp(e->d_name, "manifest.json") == 0)
            *has_manifest = 1;
        else if (l > 5 && strcmp(e->d_name + l - 5, ".json") == 0)
            n++;
    }
    closedir(d);
    return n;
}

static json_t *load_json(const char *dir, const char *name)
{
    char p[8400];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    json_error_t je;
    json_t *j = json_load_file(p, 0, &je);
    if (!j)
        fail_msg("%s: %s", p, je.text);
    return j;
}

/* a deleted item: type, value, TLP and when it was modified */
#define DELETED(t, v, tl, mod)                                                                     \
    {                                                                                              \
        .type = t, .value = v, .tlp = tl, .modified = mod, .deleted = 1                            \
    }

/* Deleted items: "deleted": true in the event of their level, not in hashes.csv;
 * a value active at the same level is written once, active. */
static void test_misp_deleted(void **state)
{
    (void)state;
    export_item items[] = {
        /* moved from green to amber at T0 + 50 */
        {.type = IOC_DOMAIN, .value = "moved.example", .tlp = TLP_AMBER, .modified = T0 + 50},
        DELETED(IOC_DOMAIN, "moved.example", TLP_GREEN, T0 + 40),
        DELETED(IOC_DOMAIN, "moved.example", TLP_GREEN, T0 + 50), /* the latest of two kept */
        /* revoked at T0 + 60 */
        DELETED(IOC_IPV4, "192.0.2.9", TLP_GREEN, T0 + 60),
        /* deleted at amber but active there: written once, active */
        DELETED(IOC_DOMAIN, "moved.example", TLP_AMBER, T0 + 70),
        {.type = IOC_IPV4, .value = "192.0.2.1", .tlp = TLP_GREEN, .modified = T0 - 100},
    };
    char dir[4200];
    write_dir(EXPORT_MISP, items, sizeof items / sizeof *items, "misp-deleted", dir);
    json_t *man = load_json(dir, "manifest.json");
    assert_int_equal(json_object_size(man), 2);
    /* the green event: its latest attribute is the revoked one */
    json_t *ev = load_json(dir, EV_GREEN ".json");
    json_t *e = json_object_get(ev, "Event");
    assert_string_equal(str_of(e, "timestamp"), "1712214243");
    assert_string_equal(str_of(json_object_get(man, EV_GREEN), "timestamp"), "1712214243");
    json_t *attrs = json_object_get(e, "Attribute");
    assert_int_equal(json_array_size(attrs), 3);
    json_t *a0 = json_array_get(attrs, 0), *a1 = json_array_get(attrs, 1),
           *a2 = json_array_get(attrs, 2);
    assert_string_equal(str_of(a0, "value"), "192.0.2.1");
    assert_null(json_object_get(a0, "deleted"));
    assert_true(json_is_true(json_object_get(a0, "to_ids")));
    assert_string_equal(str_of(a1, "value"), "192.0.2.9");
    assert_true(json_is_true(json_object_get(a1, "deleted")));
    assert_string_equal(str_of(a1, "timestamp"), "1712214243");
    assert_string_equal(str_of(a2, "value"), "moved.example");
    assert_true(json_is_true(json_object_get(a2, "deleted")));
    assert_true(json_is_false(json_object_get(a2, "to_ids")));
    assert_string_equal(str_of(a2, "timestamp"), "1712214233");
    char green_uuid[64];
    snprintf(green_uuid, sizeof green_uuid, "%s", str_of(a2, "uuid"));
    json_decref(ev);
    /* the amber event: the value once, active, under an attribute UUID of its own */
    ev = load_json(dir, EV_AMBER ".json");
    attrs = json_object_get(json_object_get(ev, "Event"), "Attribute");
    assert_int_equal(json_array_size(attrs), 1);
    assert_null(json_object_get(json_array_get(attrs, 0), "deleted"));
    assert_string_not_equal(str_of(json_array_get(attrs, 0), "uuid"), green_uuid);
    assert_string_equal(str_of(json_object_get(ev, "Event"), "timestamp"), "1712214233");
    json_decref(ev);
    json_decref(man);
    /* hashes.csv: the active values only */
    char p[8400];
    snprintf(p, sizeof p, "%s/hashes.csv", dir);
    char *h = slurp(p);
    size_t lines = 0;
    for (char *q = h; *q; q++)
        lines += *q == '\n';
    assert_int_equal(lines, 2);
    free(h);
}

static void test_misp(void **state)
{
    (void)state;
    char dir[4200], p[8400];
    tmp_path(dir, sizeof dir, "misp/feed");
    /* a stale event file of ours, and a file that is not ours */
    gisac_err err = {0};
    tmp_path(p, sizeof p, "misp");
    assert_int_equal(mkdir(p, 0755), 0);
    assert_int_equal(mkdir(dir, 0755), 0);
    snprintf(p, sizeof p, "%s/" EV_RED ".json", dir);
    write_text(p, "{}");
    snprintf(p, sizeof p, "%s/README", dir);
    write_text(p, "keep me");

    assert_int_equal(export_write(EXPORT_MISP, fixture, NFIX, &opts, dir, NULL, &err), 0);

    json_t *man = load_json(dir, "manifest.json");
    const char *uuids[] = {EV_CLEAR, EV_GREEN, EV_AMBER, EV_NONE};
    assert_int_equal(json_object_size(man), 4);
    int has_manifest;
    assert_int_equal(count_json_files(dir, &has_manifest), 4); /* the red one is gone */
    assert_true(has_manifest);
    snprintf(p, sizeof p, "%s/README", dir);
    assert_int_equal(access(p, F_OK), 0);
    size_t k = 0;
    const char *key;
    json_t *entry;
    json_object_foreach(man, key, entry)
    {
        assert_string_equal(key, uuids[k]);
        k++;
        char name[64];
        snprintf(name, sizeof name, "%s.json", key);
        json_t *ev = load_json(dir, name);
        json_t *e = json_object_get(ev, "Event");
        assert_string_equal(str_of(e, "uuid"), key);
        assert_string_equal(str_of(e, "info"), str_of(entry, "info"));
        assert_string_equal(str_of(e, "date"), "2024-04-04");
        assert_string_equal(str_of(e, "timestamp"), "1712214183");
        assert_true(json_is_true(json_object_get(e, "published")));
        assert_string_equal(str_of(json_object_get(e, "Orgc"), "name"), "gisac");
        assert_string_equal(str_of(json_object_get(e, "Orgc"), "uuid"),
                            "881c1891-6d33-5202-a7b6-7beed82cb4a8");
        assert_int_equal(json_integer_value(json_object_get(entry, "analysis")), 2);
        assert_string_equal(str_of(entry, "date"), "2024-04-04");
        assert_string_equal(str_of(entry, "timestamp"), "1712214183");
        json_decref(ev);
    }

    json_t *ev = load_json(dir, EV_GREEN ".json");
    json_t *e = json_object_get(ev, "Event");
    assert_string_equal(str_of(e, "info"), "gisac export TLP:GREEN");
    json_t *tag = json_array_get(json_object_get(e, "Tag"), 0);
    assert_string_equal(str_of(tag, "name"), "tlp:green");
    assert_string_equal(str_of(tag, "colour"), "#33FF00");
    json_t *attrs = json_object_get(e, "Attribute");
    /* ipv4, cidr /25, domain, url, md5, sha1, sha256, email */
    assert_int_equal(json_array_size(attrs), 8);
    json_t *a = json_array_get(attrs, 0);
    /* UUIDv5(NS, EV_GREEN "/ipv4:198.51.100.7") from Python's uuid: one per event and value */
    assert_string_equal(str_of(a, "uuid"), "27c66a82-88f3-50c5-9198-d20ea6d8088a");
    assert_string_equal(str_of(a, "type"), "ip-dst");
    assert_string_equal(str_of(a, "category"), "Network activity");
    assert_string_equal(str_of(a, "value"), "198.51.100.7");
    assert_true(json_is_true(json_object_get(a, "to_ids")));
    assert_string_equal(str_of(a, "timestamp"), "1712102400"); /* last_seen */
    const char *types[] = {"ip-dst", "ip-dst", "domain", "url",
                           "md5",    "sha1",   "sha256", "email-src"};
    for (size_t i = 0; i < 8; i++)
        assert_string_equal(str_of(json_array_get(attrs, i), "type"), types[i]);
    assert_string_equal(str_of(json_array_get(attrs, 2), "comment"), "C2 \"panel\", seen twice");
    assert_string_equal(str_of(json_array_get(attrs, 4), "category"), "Payload delivery");
    json_decref(ev);

    ev = load_json(dir, EV_NONE ".json");
    e = json_object_get(ev, "Event");
    assert_string_equal(str_of(e, "info"), "gisac export (no TLP)");
    assert_int_equal(json_array_size(json_object_get(e, "Tag")), 0);
    assert_string_equal(str_of(json_array_get(json_object_get(e, "Attribute"), 0), "value"),
                        "http://evil.example/a,b");
    json_decref(ev);
    json_decref(man);

    /* hashes.csv: MD5 of each value and its event, md5s from Python's hashlib */
    snprintf(p, sizeof p, "%s/hashes.csv", dir);
    char *h = slurp(p);
    assert_non_null(h);
    assert_non_null(
        strstr(h, "526291673f8700ef4e4902e29550a03b," EV_GREEN "\n")); /* 198.51.100.7 */
    assert_non_null(
        strstr(h, "96119eb3210daa472225fbad69fa9770," EV_GREEN "\n")); /* evil.example */
    assert_non_null(strstr(h, "c778b09455404c87bb4d3ba66367ca89," EV_AMBER "\n")); /* /24 */
    size_t lines = 0;
    for (const char *c = h; *c; c++)
        lines += *c == '\n';
    assert_int_equal(lines, NFIX - 1);
    free(h);

    /* a re-export with less: events no longer present go, the rest is stable */
    assert_int_equal(export_write(EXPORT_MISP, &fixture[2], 1, &opts, dir, NULL, &err), 0);
    assert_int_equal(count_json_files(dir, &has_manifest), 1);
    man = load_json(dir, "manifest.json");
    assert_int_equal(json_object_size(man), 1);
    assert_non_null(json_object_get(man, EV_GREEN));
    json_decref(man);
    snprintf(p, sizeof p, "%s/hashes.csv", dir);
    h = slurp(p);
    assert_string_equal(h, "526291673f8700ef4e4902e29550a03b," EV_GREEN "\n");
    free(h);
}

/* ---- Suricata -------------------------------------------------------------- */

static char *read_in(const char *dir, const char *name)
{
    char p[8400];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    char *s = slurp(p);
    if (!s)
        fail_msg("%s is missing", p);
    return s;
}

static void test_suricata(void **state)
{
    (void)state;
    char dir[4200];
    write_dir(EXPORT_SURICATA, fixture, NFIX, "suricata", dir);

    char *s = read_in(dir, "gisac-domains.lst");
    assert_string_equal(s, "ZXZpbC5leGFtcGxl\n"); /* base64 "evil.example" */
    free(s);
    s = read_in(dir, "gisac-ip.lst");
    /* IPv4 mapped: what Suricata 8 (and 7) read as an IPv4 key */
    assert_string_equal(s, "::ffff:198.51.100.7\n2001:db8::1\n");
    free(s);
    s = read_in(dir, "gisac-md5.lst");
    assert_string_equal(s, MD5V "\n");
    free(s);
    s = read_in(dir, "gisac-sha1.lst");
    assert_string_equal(s, SHA1V "\n");
    free(s);
    s = read_in(dir, "gisac-sha256.lst");
    assert_string_equal(s, SHA256V "\n");
    free(s);

    s = read_in(dir, "gisac.rules");
    assert_non_null(
        strstr(s, "alert dns any any -> any any (msg:\"gisac: DNS query for a listed domain\"; "
                  "dns.query; to_lowercase; dataset:isset,gisac-domains,type string,load "
                  "gisac-domains.lst; sid:9100001; rev:2;)\n"));
    assert_non_null(strstr(s, "tls.sni; to_lowercase; dataset:isset,gisac-domains,type string,load "
                              "gisac-domains.lst; sid:9100002; rev:2;)\n"));
    assert_non_null(strstr(s, "http.host; dataset:isset,gisac-domains,type string,load "
                              "gisac-domains.lst; sid:9100003; rev:1;)\n"));
    assert_non_null(strstr(s, "ip.src; dataset:isset,gisac-ip,type ip,load gisac-ip.lst; "));
    assert_non_null(strstr(s, "ip.dst; dataset:isset,gisac-ip,type ip,load gisac-ip.lst; "));
    assert_non_null(strstr(s, "alert http any any -> any any (msg:\"gisac: file with a listed "
                              "MD5\"; filemd5:gisac-md5.lst; sid:9100010; rev:1;)\n"));
    assert_non_null(strstr(s, "filesha1:gisac-sha1.lst; sid:9100020; rev:1;)\n"));
    assert_non_null(strstr(s, "filesha256:gisac-sha256.lst; sid:9100033; rev:1;)\n"));
    /* the /25 lies inside the /24: one network */
    assert_non_null(strstr(s, "alert ip [198.51.100.0/24,2001:db8::/32] any -> any any "
                              "(msg:\"gisac: packet from a listed network\"; "
                              "threshold:type limit,track by_src,count 1,seconds 600; "
                              "sid:9100100; rev:1;)\n"));
    assert_non_null(strstr(s, "alert ip any any -> [198.51.100.0/24,2001:db8::/32] any "));
    assert_null(strstr(s, "sid:9100102;"));
    /* every line is a comment or a rule */
    for (char *line = s; *line;) {
        char *nl = strchr(line, '\n');
        assert_non_null(nl);
        assert_true(line[0] == '#' || strncmp(line, "alert ", 6) == 0);
        line = nl + 1;
    }
    free(s);

    /* nothing to export: every list there and empty, no rules */
    char dir2[4200];
    write_dir(EXPORT_SURICATA, NULL, 0, "suricata-empty", dir2);
    const char *lists[] = {"gisac-domains.lst", "gisac-ip.lst", "gisac-md5.lst", "gisac-sha1.lst",
                           "gisac-sha256.lst"};
    for (size_t i = 0; i < 5; i++) {
        s = read_in(dir2, lists[i]);
        assert_string_equal(s, "");
        free(s);
    }
    s = read_in(dir2, "gisac.rules");
    assert_null(strstr(s, "\nalert "));
    free(s);
}

static void test_suricata_chunks(void **state)
{
    (void)state;
    enum { N = 250 };
    static char vals[N][32];
    static export_item items[N];
    for (int i = 0; i < N; i++) {
        snprintf(vals[i], sizeof vals[i], "10.%d.%d.1/32", i / 200, i % 200);
        items[i] = (export_item){.type = IOC_CIDR, .value = vals[i], .confidence = -1};
    }
    char dir[4200];
    write_dir(EXPORT_SURICATA, items, N, "deep/er/suricata-chunks", dir); /* parents are made too */
    char *s = read_in(dir, "gisac.rules");
    for (int sid = 9100100; sid <= 9100105; sid++) {
        char pat[32];
        snprintf(pat, sizeof pat, "sid:%d;", sid);
        assert_non_null(strstr(s, pat));
    }
    assert_null(strstr(s, "sid:9100106;"));
    /* 100 networks in the first rule */
    char *first = strstr(s, "alert ip [");
    assert_non_null(first);
    size_t commas = 0;
    for (char *c = first + 10; *c != ']'; c++)
        commas += *c == ',';
    assert_int_equal(commas, 99);
    free(s);
}

TEST_MAIN_GROUP(NULL, NULL, setup, teardown, TEST_CASE(test_format_names), TEST_CASE(test_errors),
                TEST_CASE(test_plain), TEST_CASE(test_zeek), TEST_CASE(test_csv),
                TEST_CASE(test_stix_fields), TEST_CASE(test_stix_bad_utf8),
                TEST_CASE(test_stix_ids), TEST_CASE(test_stix_schemas), TEST_CASE(test_rpz),
                TEST_CASE(test_rpz_edges), TEST_CASE(test_nft), TEST_CASE(test_misp),
                TEST_CASE(test_misp_deleted), TEST_CASE(test_suricata),
                TEST_CASE(test_suricata_chunks))

/*
 * gen_help.c: compiles the CLI's help catalogues (src/cli/help/<command>.txt) into
 * a C table (cli_help_table, cli.h), at build time. A host program of its
 * own: it links nothing of gisac.
 *
 *   gen_help OUT.c CATALOGUE.txt...
 *
 * The catalogue format: one file per command, src/cli/help/<command>.txt,
 * holding the entries of that command and of every subcommand, keyed by
 * the command path. A line is one of:
 *
 *   # a comment            ignored (only at the start of a line)
 *   (empty)                ignored
 *   @ intel revoke         starts the entry of the command "intel revoke":
 *                          lowercase words [a-z0-9-] split by one space;
 *                          the first word is the file's name
 *   synopsis: VALUE        a one-line field: what follows ": " (nothing
 *                          after "synopsis:" is the empty text); the fields
 *                          are synopsis (the arguments after the options,
 *                          also how many the command takes), summary (its
 *                          line in the list of its group), usage (the whole
 *                          usage line after "gisac ", when the made one
 *                          will not do), missing (the error when arguments
 *                          are missing), unknown (the word of an unknown
 *                          option's error: "unknown argument '--x'")
 *   + more                 continues the one-line field above on a line of
 *                          its own (a newline, then what follows "+ ")
 *   text:                  a block field: text (the description before the
 *   notes:                 options) or notes (the text after them); its
 *   | a line               lines follow, each "| " and the line, or "|" for
 *   |                      an empty line; each line ends with a newline
 *
 * A field left out is absent (NULL); a field may appear once per entry.
 * Any other line, a field before the first "@", a "|" line after a
 * one-line field, a "+" line after a block, a key twice (in any file) or a key of another file is
 * an error "FILE:LINE: message" and fails the build (exit status 1).
 * Whether every key names a command and every command has an entry is
 * checked against the command tables by `gisac help-check`
 * (tests/cli/test_help.sh).
 *
 * The output: cli_help_table[] sorted by path (strcmp, for bsearch) and
 * cli_help_count.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { F_SYNOPSIS, F_SUMMARY, F_USAGE, F_MISSING, F_UNKNOWN, F_TEXT, F_NOTES, NFIELDS };
static const char *const field_name[NFIELDS] = {"synopsis", "summary", "usage", "missing",
                                                "unknown",  "text",    "notes"};
#define FIRST_BLOCK F_TEXT

typedef struct entry {
    char *path;
    char *file;
    long line;
    char *field[NFIELDS]; /* NULL: absent */
    size_t len[NFIELDS];
} entry;

static entry *entries;
static size_t nentries, capentries;

static void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q) {
        fputs("gen_help: out of memory\n", stderr);
        exit(1);
    }
    return q;
}

static char *xstrndup(const char *s, size_t n)
{
    char *p = xrealloc(NULL, n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

static void fail(const char *file, long line, const char *msg, const char *arg)
{
    fprintf(stderr, "%s:%ld: %s%s%s%s\n", file, line, msg, arg ? " '" : "", arg ? arg : "",
            arg ? "'" : "");
    exit(1);
}

/* Append n bytes and a newline to a block field. */
static void field_add_line(entry *e, int f, const char *s, size_t n)
{
    e->field[f] = xrealloc(e->field[f], e->len[f] + n + 2);
    memcpy(e->field[f] + e->len[f], s, n);
    e->len[f] += n;
    e->field[f][e->len[f]++] = '\n';
    e->field[f][e->len[f]] = '\0';
}

/* A key: words of [a-z0-9-] split by one space, the first one cmd. */
static int key_ok(const char *k, const char *cmd)
{
    size_t first = strcspn(k, " ");
    if (first != strlen(cmd) || strncmp(k, cmd, first) != 0)
        return 0;
    for (const char *p = k; *p; p++) {
        if (*p == ' ') {
            if (p[1] == ' ' || p[1] == '\0')
                return 0;
        } else if (!islower((unsigned char)*p) && !isdigit((unsigned char)*p) && *p != '-') {
            return 0;
        }
    }
    return 1;
}

/* The command a catalogue file is of: its name without folder and ".txt". */
static char *file_command(const char *path)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    size_t n = strlen(base);
    if (n <= 4 || strcmp(base + n - 4, ".txt") != 0)
        fail(path, 0, "a catalogue's name is its command and .txt", NULL);
    return xstrndup(base, n - 4);
}

static void read_catalogue(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "%s: %s\n", path, strerror(errno));
        exit(1);
    }
    char *cmd = file_command(path);
    char *line = NULL;
    size_t cap = 0;
    long no = 0;
    entry *e = NULL;
    int block = -1; /* the block field that "|" lines go to */
    int line1 = -1; /* the one-line field that "+" lines continue */
    ssize_t got;
    while ((got = getline(&line, &cap, f)) >= 0) {
        no++;
        size_t n = (size_t)got;
        if (n && line[n - 1] == '\n')
            line[--n] = '\0';
        else
            fail(path, no, "the last line has no newline", NULL);
        if (memchr(line, '\0', n) || memchr(line, '\r', n) || memchr(line, '\t', n))
            fail(path, no, "a NUL, carriage return or tab", NULL);
        if (n == 0 || line[0] == '#')
            continue;
        if (line[0] == '|') {
            if (block < 0)
                fail(path, no, "a text line outside a text: or notes: block", NULL);
            if (n > 1 && line[1] != ' ')
                fail(path, no, "a text line is \"| \" and the line, or \"|\"", NULL);
            field_add_line(e, block, line + 2 * (n > 1), n > 1 ? n - 2 : 0);
            continue;
        }
        if (line[0] == '+') {
            if (line1 < 0 || line[1] != ' ' || n < 3)
                fail(path, no, "a \"+ \" line continues a one-line field (summary: ...)", NULL);
            size_t len = strlen(e->field[line1]);
            e->field[line1] = xrealloc(e->field[line1], len + n);
            e->field[line1][len] = '\n';
            memcpy(e->field[line1] + len + 1, line + 2, n - 1);
            continue;
        }
        block = line1 = -1;
        if (line[0] == '@') {
            if (line[1] != ' ' || !key_ok(line + 2, cmd))
                fail(path, no,
                     "a key is \"@ \" and the command path, first the file's command:", line);
            for (size_t i = 0; i < nentries; i++)
                if (strcmp(entries[i].path, line + 2) == 0) {
                    fprintf(stderr, "%s:%ld: duplicate key '%s' (first at %s:%ld)\n", path, no,
                            line + 2, entries[i].file, entries[i].line);
                    exit(1);
                }
            if (nentries == capentries) {
                capentries = capentries ? 2 * capentries : 64;
                entries = xrealloc(entries, capentries * sizeof *entries);
            }
            e = &entries[nentries++];
            memset(e, 0, sizeof *e);
            e->path = xstrndup(line + 2, n - 2);
            e->file = xstrndup(path, strlen(path));
            e->line = no;
            continue;
        }
        size_t name = strcspn(line, ":");
        int fi = -1;
        for (int k = 0; k < NFIELDS; k++)
            if (strlen(field_name[k]) == name && strncmp(line, field_name[k], name) == 0)
                fi = k;
        if (fi < 0 || line[name] != ':')
            fail(path, no, "not a key, a field or a text line:", line);
        if (!e)
            fail(path, no, "a field before the first key:", line);
        if (e->field[fi])
            fail(path, no, "a field given twice in one entry:", field_name[fi]);
        const char *v = line + name + 1;
        if (fi >= FIRST_BLOCK) {
            if (*v)
                fail(path, no,
                     "a block field's lines follow it, each \"| \" and the line:", field_name[fi]);
            e->field[fi] = xstrndup("", 0);
            block = fi;
        } else {
            if (*v && (v[0] != ' ' || v[1] == '\0' || v[1] == ' '))
                fail(path, no, "a one-line field is \"name: \" and its text:", field_name[fi]);
            e->field[fi] = xstrndup(v + (*v != '\0'), strlen(v + (*v != '\0')));
            line1 = fi;
        }
    }
    if (ferror(f)) {
        fprintf(stderr, "%s: %s\n", path, strerror(errno));
        exit(1);
    }
    free(line);
    free(cmd);
    fclose(f);
}

/* s as a C string literal. */
static void put_str(FILE *out, const char *s)
{
    if (!s) {
        fputs("NULL", out);
        return;
    }
    fputc('"', out);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\' || *p == '?')
            fprintf(out, "\\%c", *p);
        else if (*p == '\n')
            fputs(p[1] ? "\\n\"\n     \"" : "\\n", out);
        else if (*p < 0x20 || *p >= 0x7f)
            fprintf(out, "\\%03o", *p);
        else
            fputc(*p, out);
    }
    fputc('"', out);
}

static int entry_cmp(const void *a, const void *b)
{
    return strcmp(((const entry *)a)->path, ((const entry *)b)->path);
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fputs("usage: gen_help OUT.c CATALOGUE.txt...\n", stderr);
        return 1;
    }
    for (int i = 2; i < argc; i++)
        read_catalogue(argv[i]);
    qsort(entries, nentries, sizeof *entries, entry_cmp);
    char tmp[4096];
    if (snprintf(tmp, sizeof tmp, "%s.tmp", argv[1]) >= (int)sizeof tmp) {
        fputs("gen_help: the output path is too long\n", stderr);
        return 1;
    }
    FILE *out = fopen(tmp, "w");
    if (!out) {
        fprintf(stderr, "%s: %s\n", tmp, strerror(errno));
        return 1;
    }
    fputs("/* Made by gen_help (src/cli/gen/gen_help.c) from src/cli/help/: do not edit. */\n"
          "#include \"cli/cli.h\"\n\n"
          "const cli_help_entry cli_help_table[] = {\n",
          out);
    for (size_t i = 0; i < nentries; i++) {
        fputs("    {", out);
        put_str(out, entries[i].path);
        for (int k = 0; k < NFIELDS; k++) {
            fprintf(out, ",\n     .%s = ", field_name[k]);
            put_str(out, entries[i].field[k]);
        }
        fputs("},\n", out);
    }
    fprintf(out, "};\nconst size_t cli_help_count = %zu;\n", nentries);
    if (fclose(out) != 0 || rename(tmp, argv[1]) != 0) {
        fprintf(stderr, "%s: %s\n", argv[1], strerror(errno));
        return 1;
    }
    return 0;
}

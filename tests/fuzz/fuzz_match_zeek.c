/*
 * fuzz_match_zeek.c: the Zeek extractors. The input is a log file: '#'
 * lines go to zeek_hdr_line, '{' lines to match_extract_zeek_json, the
 * others to match_extract_zeek_tsv (each line in its own exact-size copy,
 * so that ASan sees a read past its end). The first line, up to 64 bytes,
 * is also the file name. Every observable and every piece of metadata is
 * read, and values must lie in the line or in the event's scratch area.
 * match_detect runs on the whole input.
 */
#include "fuzz_match.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *d = (const char *)data, *end = d + size;
    size_t h = (size_t)match_detect(d, size);

    char name[65];
    const char *nl = memchr(d, '\n', size);
    size_t nn = (size_t)((nl ? nl : end) - d);
    if (nn > 64)
        nn = 64;
    memcpy(name, d, nn);
    name[nn] = '\0';
    zeek_log log = zeek_log_from_name(name);
    h += (size_t)log + touch(zeek_log_name(log), strlen(zeek_log_name(log)));

    static zeek_hdr zh;
    zeek_hdr_init(&zh, name);
    for (const char *p = d; p < end;) {
        nl = memchr(p, '\n', (size_t)(end - p));
        size_t n = (size_t)((nl ? nl : end) - p);
        char *line = malloc(n ? n : 1);
        if (!line)
            return 0;
        memcpy(line, p, n);
        const char *why = NULL;
        if (n && line[0] == '#') {
            zeek_hdr_line(&zh, line, n);
            if (zh.nfields < 0 || zh.nfields > ZEEK_MAX_FIELDS || !zh.sep_len ||
                zh.sep_len >= sizeof zh.sep || zh.set_sep_len >= sizeof zh.set_sep ||
                zh.unset_len >= sizeof zh.unset || zh.empty_len >= sizeof zh.empty)
                __builtin_trap();
            for (int i = 0; i < zh.nfields; i++)
                h += touch(zh.field[i], zh.field_len[i]);
        } else {
            int rc = n && line[0] == '{' ? match_extract_zeek_json(log, line, n, &ev, &why)
                                         : match_extract_zeek_tsv(&zh, line, n, &ev, &why);
            if (rc == 0)
                h += check_typed(&ev, line, n);
            else if (rc != -1 || !why)
                __builtin_trap();
            else
                h += touch(why, strlen(why)) + ev.nobs;
            /* the same line as JSON under every log type */
            if (n && line[0] == '{')
                for (int l = ZEEK_UNKNOWN; l <= ZEEK_X509; l++)
                    if (match_extract_zeek_json((zeek_log)l, line, n, &ev, &why) == 0)
                        h += check_typed(&ev, line, n);
        }
        free(line);
        p = nl ? nl + 1 : end;
    }
    fuzz_out += h;
    return 0;
}

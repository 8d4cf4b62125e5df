/*
 * sandbox_marker.h: a test of what a process can see of its parent's
 * memory (tests/unit/test_sandbox.c). A marker is 16 bytes computed at run
 * time (no program image holds them as a constant) followed by a 16-byte
 * secret; a scan of a process's readable mappings finds the secret that
 * follows the first marker it meets. Test-only: the test parse helper
 * (parse_test_helper.c) and test_sandbox link it; gisac and gisac-parse
 * never do.
 */
#ifndef GISAC_SANDBOX_MARKER_H
#define GISAC_SANDBOX_MARKER_H

#include <stddef.h>

#define MARKER_PREFIX 16
#define MARKER_SECRET 16

/* the marker's first MARKER_PREFIX bytes */
void marker_prefix(unsigned char *out);

/*
 * Note this process's mappings (/proc/self/maps) and program
 * (/proc/self/exe), while files can still be opened. 0 or -1.
 */
int marker_capture(void);

/* the program noted by marker_capture ("" when none) */
const char *marker_exe(void);

/*
 * Scan the readable mappings noted by marker_capture (but [vvar],
 * [vsyscall] and any of more than 256 MiB: reserved, not used) for a
 * marker: 1 with the secret after it as hex in hex[2 * MARKER_SECRET + 1],
 * or 0; *scanned: the bytes looked at.
 */
int marker_scan(char *hex, size_t *scanned);

#endif

/*
 * cli_intel.h: what the intel, allow, feed and advisory commands share
 * (private to src/cli).
 */
#ifndef GISAC_CLI_INTEL_H
#define GISAC_CLI_INTEL_H

#include "cli/cli.h"

/*
 * The end of a failed app call: nothing found is its message and
 * EXIT_NOTFOUND; anything else cli_fail (EXIT_FAIL).
 */
int cli_intel_fail(int rc, const gisac_err *err);

#endif

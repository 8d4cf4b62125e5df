/*
 * app_intel.h: the use cases of indicators, allowlist, feed import, exports, TAXII, advisories.
 * Part of app.h (include that, not this).
 */
#ifndef GISAC_APP_INTEL_H
#define GISAC_APP_INTEL_H

#endif

/*
 * app_auth.h: the use cases of sign-in, agencies, accounts, tokens, audit, notifications, the
 * scheduler. Part of app.h (include that, not this).
 */
#ifndef GISAC_APP_AUTH_H
#define GISAC_APP_AUTH_H

#endif

/*
 * store_internal.h: private to src/store. Lets the store's other source
 * files (store_auth.c, ...) reach the SQLite handle that store_sqlite.c
 * keeps in its private struct store.
 */
#ifndef GISAC_STORE_INTERNAL_H
#define GISAC_STORE_INTERNAL_H

#include "store/store.h"

#include <sqlite3.h>

/* The connection of an open store. Owned by the store: never close it. */
sqlite3 *store_db(store *s);

#endif

/* store_ingest.c: the NATS workers' chunks, set-aside chunks and heartbeats (store_ingest.h). */
#include "store/store_internal.h"

int store_ingest_chunk_add(store *s, const store_ingest_chunk *c, int *added, gisac_err *err)
{
    int rc = store_write(s, STC_NONE,
                         "INSERT INTO ingest_chunk (id, agency, source, byte_offset, seq, state,"
                         " lines, sightings, deliveries, reason, data, at)"
                         " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)"
                         " ON CONFLICT (id) DO NOTHING",
                         err, "ingest chunk", "tttIItIIIttI", c->id, c->agency, c->source,
                         c->offset, c->seq, c->state, c->lines, c->sightings, c->deliveries,
                         c->reason, c->data, c->at);
    if (rc == 0)
        *added = store_changes(s) > 0;
    return rc;
}

int store_ingest_chunk_count(store *s, const char *state, const char *agency, int64_t min_seq,
                             int64_t *n, gisac_err *err)
{
    return store_value(s, STC_NONE,
                       "SELECT COUNT(*) FROM ingest_chunk WHERE (?1 IS NULL OR state = ?1)"
                       " AND (?2 IS NULL OR agency = ?2) AND seq >= ?3",
                       n, err, "ingest chunks", "ttI", state, agency, min_seq);
}

int store_ingest_seen_add(store *s, const char *chunk, int64_t indicator, int *added,
                          gisac_err *err)
{
    int rc = store_write(s, STC_NONE,
                         "INSERT INTO ingest_seen (chunk_id, indicator_id) VALUES (?1, ?2)"
                         " ON CONFLICT (chunk_id, indicator_id) DO NOTHING",
                         err, "ingest chunk's indicator", "tI", chunk, indicator);
    if (rc == 0)
        *added = store_changes(s) > 0;
    return rc;
}

int store_ingest_worker_beat(store *s, const char *name, int64_t threads, int64_t at,
                             gisac_err *err)
{
    return store_write(s, STC_NONE,
                       "INSERT INTO ingest_worker (name, threads, started, seen)"
                       " VALUES (?1, ?2, ?3, ?3) ON CONFLICT (name) DO UPDATE"
                       " SET threads = excluded.threads, seen = excluded.seen",
                       err, "ingest worker", "tII", name, threads, at);
}

int store_ingest_workers(store *s, int64_t since, int64_t *workers, int64_t *threads,
                         gisac_err *err)
{
    int rc = store_value(s, STC_NONE, "SELECT COUNT(*) FROM ingest_worker WHERE seen >= ?1",
                         workers, err, "ingest workers", "I", since);
    if (rc == 0)
        rc = store_value(s, STC_NONE,
                         "SELECT COALESCE(SUM(threads), 0) FROM ingest_worker WHERE seen >= ?1",
                         threads, err, "ingest workers", "I", since);
    return rc;
}

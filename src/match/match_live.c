/*
 * match_live.c: the live snapshot of a store (match.h): the one kept by
 * the application for the ingest API and by gisac match for its workers.
 */
#include "match/match.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct match_live {
    pthread_mutex_t mu;
    char *path;
    double check_secs;
    store *st; /* own connection, opened on the first get */
    match_snapshot *snap;
    int64_t version;   /* the share generation the snapshot was built at */
    int building;      /* a build runs (outside mu) */
    pthread_cond_t cv; /* signalled when a build ends */
    double last_check; /* monotonic seconds */
    uint64_t builds;
    char *file;     /* the compiled snapshot kept for the store, or NULL */
    int loaded;     /* the current snapshot came from file */
    char note[256]; /* why the file was not used or not written ("" none) */
};

static double mono(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

int match_live_new(const char *path, double check_secs, match_live **out, gisac_err *err)
{
    match_live *l = calloc(1, sizeof *l);
    if (!l || !(l->path = strdup(path))) {
        free(l);
        return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    }
    l->check_secs = check_secs > 0 ? check_secs : 1.0;
    pthread_mutex_init(&l->mu, NULL);
    pthread_cond_init(&l->cv, NULL);
    *out = l;
    return 0;
}

void match_live_free(match_live *l)
{
    if (!l)
        return;
    if (l->snap)
        match_snapshot_unref(l->snap);
    store_close(l->st);
    pthread_mutex_destroy(&l->mu);
    pthread_cond_destroy(&l->cv);
    free(l->path);
    free(l->file);
    free(l);
}

int match_live_set_file(match_live *l, const char *file, gisac_err *err)
{
    char *f = file ? strdup(file) : NULL;
    if (file && !f)
        return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    pthread_mutex_lock(&l->mu);
    free(l->file);
    l->file = f;
    pthread_mutex_unlock(&l->mu);
    return 0;
}

/*
 * The snapshot of share generation v at now: the compiled file when it was
 * built from this store at v and nothing in it has expired by now, else
 * built from the store and written to the file for the next process. A
 * file that cannot be used is noted (l->note) and rebuilt, never fatal.
 * Runs outside mu (l->building is set): only the builder touches st, file
 * and note now.
 */
static int live_build(match_live *l, int64_t v, int64_t now, match_snapshot **out, int *loaded,
                      gisac_err *err)
{
    *loaded = 0;
    if (!l->file)
        return match_snapshot_build(l->st, now, out, err);
    match_snapfile_info want, got;
    memset(&want, 0, sizeof want);
    want.share_gen = v;
    want.built_at = now;
    store_identity id;
    gisac_err e = GISAC_ERR_INIT;
    if (store_identity_get(l->st, &id, &e) == 0)
        snprintf(want.store_id, sizeof want.store_id, "%s", id.uuid);
    match_snapshot *s = NULL;
    int rc = match_snapshot_load(l->file, &s, &got, &e);
    if (rc == 0) {
        int64_t exp = match_snapshot_next_expiry(s);
        if (got.share_gen == v && strcmp(got.store_id, want.store_id) == 0 && got.built_at <= now &&
            (!exp || now < exp)) {
            *out = s;
            *loaded = 1;
            l->note[0] = '\0';
            return 0;
        }
        match_snapshot_unref(s);
        snprintf(l->note, sizeof l->note, "%.200s: out of date (the intelligence changed), rebuilt",
                 l->file);
    } else if (rc == GISAC_ENOTFOUND) {
        l->note[0] = '\0';
    } else {
        snprintf(l->note, sizeof l->note, "%.200s; rebuilt from the store", e.msg);
    }
    if ((rc = match_snapshot_build(l->st, now, out, err)) < 0)
        return rc;
    gisac_err_clear(&e);
    if (match_snapshot_save(*out, &want, l->file, &e) < 0)
        snprintf(l->note, sizeof l->note, "compiled snapshot not saved: %.200s", e.msg);
    return 0;
}

/*
 * The connection is used by one thread at a time: the builder, or a looker
 * under the lock while no build runs.
 */
int match_live_get(match_live *l, int64_t now, match_snapshot **out, gisac_err *err)
{
    int rc = 0;
    pthread_mutex_lock(&l->mu);
    while (!l->snap && l->building) /* the first build: wait for it */
        pthread_cond_wait(&l->cv, &l->mu);
    if (!l->st && !l->building)
        rc = store_open(l->path, &l->st, err);
    double t = mono();
    if (rc == 0 && !l->building && (!l->snap || t - l->last_check >= l->check_secs)) {
        l->last_check = t;
        int64_t v = l->version;
        rc = store_share_version(l->st, &v, err);
        int64_t exp = l->snap ? match_snapshot_next_expiry(l->snap) : 0;
        if (rc == 0 && (!l->snap || v != l->version || (exp && now >= exp))) {
            l->building = 1;
            pthread_mutex_unlock(&l->mu);
            match_snapshot *ns = NULL;
            int loaded = 0;
            rc = live_build(l, v, now, &ns, &loaded, err);
            pthread_mutex_lock(&l->mu);
            l->building = 0;
            if (rc == 0) {
                if (l->snap)
                    match_snapshot_unref(l->snap);
                l->snap = ns;
                l->loaded = loaded;
                l->version = v;
                l->builds++;
            }
            pthread_cond_broadcast(&l->cv);
        }
    }
    if (l->snap) { /* an old snapshot serves when a rebuild failed */
        rc = 0;
        match_snapshot_ref(l->snap);
        *out = l->snap;
    } else if (rc == 0) {
        rc = gisac_err_set(err, GISAC_ESTORE, "no indicator snapshot");
    }
    pthread_mutex_unlock(&l->mu);
    return rc;
}

uint64_t match_live_builds(match_live *l)
{
    pthread_mutex_lock(&l->mu);
    uint64_t n = l->builds;
    pthread_mutex_unlock(&l->mu);
    return n;
}

int match_live_file_state(match_live *l, char *note, size_t cap)
{
    pthread_mutex_lock(&l->mu);
    int loaded = l->loaded;
    if (cap)
        snprintf(note, cap, "%s", l->note);
    pthread_mutex_unlock(&l->mu);
    return loaded;
}

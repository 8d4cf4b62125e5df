/* ingest_nats.c: the JetStream stream, chunks and the shared consumer over libnats. */
#include "ingest/ingest.h"

#include <nats/nats.h>
#include <pthread.h>
#include <sodium.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define H_AGENCY "Gisac-Agency"
#define H_SOURCE "Gisac-Source"
#define H_OFFSET "Gisac-Offset"
#define H_FORMAT "Gisac-Format"
#define H_SENSOR "Gisac-Sensor"
#define H_ID     "Nats-Msg-Id"

#define NS_PER_S  1000000000LL
#define NS_PER_MS 1000000LL

struct ingest_conn {
    natsConnection *nc;
    jsCtx *js;
    atomic_ullong disconnects, reconnects;
    /* libnats calls back on a thread of its own, the closed callback last:
     * the connection is freed once that one has run */
    pthread_mutex_t mu;
    pthread_cond_t cond;
    int closed;
};

struct ingest_sub {
    ingest_conn *c;
    natsSubscription *sub;
};

struct ingest_msg {
    natsMsg *m;
};

/* libnats's words for s (the last error's text when it has one). */
static int nats_fail(gisac_err *err, natsStatus s, jsErrCode jerr, const char *what)
{
    const char *text = nats_GetLastError(NULL);
    if (!text || !*text)
        text = natsStatus_GetText(s);
    if (jerr)
        return gisac_err_set(err, GISAC_EIO, "NATS: %s: %s (JetStream error %d)", what, text,
                             (int)jerr);
    return gisac_err_set(err, GISAC_EIO, "NATS: %s: %s", what, text);
}

static void on_disconnected(natsConnection *nc, void *closure)
{
    (void)nc;
    atomic_fetch_add(&((ingest_conn *)closure)->disconnects, 1);
}

static void on_reconnected(natsConnection *nc, void *closure)
{
    (void)nc;
    atomic_fetch_add(&((ingest_conn *)closure)->reconnects, 1);
}

static void on_closed(natsConnection *nc, void *closure)
{
    (void)nc;
    ingest_conn *c = closure;
    pthread_mutex_lock(&c->mu);
    c->closed = 1;
    pthread_cond_signal(&c->cond);
    pthread_mutex_unlock(&c->mu);
}

int ingest_connect(const char *url, ingest_conn **out, gisac_err *err)
{
    *out = NULL;
    if (!url || !*url)
        return gisac_err_set(err, GISAC_EINVAL, "the NATS URL is empty");
    ingest_conn *c = calloc(1, sizeof *c);
    if (!c)
        return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    pthread_mutex_init(&c->mu, NULL);
    pthread_cond_init(&c->cond, NULL);
    natsOptions *o = NULL;
    natsStatus s = natsOptions_Create(&o);
    if (s == NATS_OK)
        s = natsOptions_SetURL(o, url);
    if (s == NATS_OK)
        s = natsOptions_SetTimeout(o, 2000);
    if (s == NATS_OK)
        s = natsOptions_SetMaxReconnect(o, -1);
    if (s == NATS_OK)
        s = natsOptions_SetReconnectWait(o, 250);
    if (s == NATS_OK)
        s = natsOptions_SetDisconnectedCB(o, on_disconnected, c);
    if (s == NATS_OK)
        s = natsOptions_SetReconnectedCB(o, on_reconnected, c);
    if (s == NATS_OK)
        s = natsOptions_SetClosedCB(o, on_closed, c);
    if (s == NATS_OK)
        s = natsConnection_Connect(&c->nc, o);
    natsOptions_Destroy(o);
    if (s == NATS_OK)
        s = natsConnection_JetStream(&c->js, c->nc, NULL);
    if (s != NATS_OK) {
        int rc = gisac_err_set(err, GISAC_EIO, "NATS at %.200s: %s", url,
                               s == NATS_NO_SERVER ? "no server answers" : natsStatus_GetText(s));
        ingest_close(c);
        return rc;
    }
    *out = c;
    return 0;
}

void ingest_close(ingest_conn *c)
{
    if (!c)
        return;
    jsCtx_Destroy(c->js);
    if (c->nc) {
        natsConnection_Close(c->nc);
        /* the callbacks queued by the close have run when the closed one has */
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_sec += 5;
        pthread_mutex_lock(&c->mu);
        while (!c->closed && pthread_cond_timedwait(&c->cond, &c->mu, &until) == 0)
            ;
        pthread_mutex_unlock(&c->mu);
        natsConnection_Destroy(c->nc);
    }
    pthread_cond_destroy(&c->cond);
    pthread_mutex_destroy(&c->mu);
    free(c);
}

uint64_t ingest_disconnects(const ingest_conn *c)
{
    return atomic_load(&((ingest_conn *)c)->disconnects);
}

uint64_t ingest_reconnects(const ingest_conn *c)
{
    return atomic_load(&((ingest_conn *)c)->reconnects);
}

int ingest_stream_ensure(ingest_conn *c, const ingest_stream_cfg *cfg, int update, gisac_err *err)
{
    static const char *subjects[] = {INGEST_SUBJECT_PREFIX ">"};
    jsStreamConfig sc;
    jsStreamConfig_Init(&sc);
    sc.Name = INGEST_STREAM;
    sc.Subjects = subjects;
    sc.SubjectsLen = 1;
    sc.Retention = js_LimitsPolicy;
    sc.Storage = js_FileStorage;
    sc.MaxAge = cfg->max_age > 0 ? cfg->max_age * NS_PER_S : 0;
    sc.MaxBytes = cfg->max_bytes > 0 ? cfg->max_bytes : -1;
    sc.Duplicates = (cfg->dup_window > 0 ? cfg->dup_window : 120) * NS_PER_S;
    sc.Replicas = cfg->replicas > 0 ? cfg->replicas : 1;
    jsStreamInfo *si = NULL;
    jsErrCode jerr = 0;
    natsStatus s = js_GetStreamInfo(&si, c->js, INGEST_STREAM, NULL, &jerr);
    if (s == NATS_OK) {
        int same = si->Config->MaxAge == sc.MaxAge && si->Config->MaxBytes == sc.MaxBytes &&
                   si->Config->Duplicates == sc.Duplicates && si->Config->Replicas == sc.Replicas;
        jsStreamInfo_Destroy(si);
        si = NULL;
        if (same || !update)
            return 0;
        s = js_UpdateStream(&si, c->js, &sc, NULL, &jerr);
    } else if (s == NATS_NOT_FOUND) {
        jerr = 0;
        s = js_AddStream(&si, c->js, &sc, NULL, &jerr);
    }
    jsStreamInfo_Destroy(si);
    return s == NATS_OK ? 0 : nats_fail(err, s, jerr, "the stream " INGEST_STREAM);
}

void ingest_chunk_id(const char *agency, const char *source, uint64_t offset,
                     char out[INGEST_ID_LEN + 1])
{
    crypto_generichash_state st;
    unsigned char h[INGEST_ID_LEN / 2];
    char off[24];
    snprintf(off, sizeof off, "%llu", (unsigned long long)offset);
    crypto_generichash_init(&st, NULL, 0, sizeof h);
    /* each part with its terminating NUL: no two triples hash the same text */
    crypto_generichash_update(&st, (const unsigned char *)agency, strlen(agency) + 1);
    crypto_generichash_update(&st, (const unsigned char *)source, strlen(source) + 1);
    crypto_generichash_update(&st, (const unsigned char *)off, strlen(off) + 1);
    crypto_generichash_final(&st, h, sizeof h);
    sodium_bin2hex(out, INGEST_ID_LEN + 1, h, sizeof h);
}

int ingest_msg_from(const char *subject, const char *const *headers, const char *data, size_t len,
                    ingest_msg **out, gisac_err *err)
{
    *out = NULL;
    ingest_msg *im = malloc(sizeof *im);
    if (!im)
        return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    im->m = NULL;
    natsStatus s = natsMsg_Create(&im->m, subject, NULL, data, (int)len);
    for (size_t i = 0; s == NATS_OK && headers && headers[i]; i += 2)
        s = natsMsgHeader_Set(im->m, headers[i], headers[i + 1]);
    if (s != NATS_OK) {
        ingest_msg_free(im);
        return gisac_err_set(err, s == NATS_NO_MEMORY ? GISAC_ENOMEM : GISAC_EINVAL,
                             "NATS message: %s", natsStatus_GetText(s));
    }
    *out = im;
    return 0;
}

int ingest_publish(ingest_conn *c, const ingest_chunk *ch, int64_t timeout_ms, int *duplicate,
                   uint64_t *seq, gisac_err *err)
{
    char subj[sizeof INGEST_SUBJECT_PREFIX + 128], off[24];
    if (snprintf(subj, sizeof subj, INGEST_SUBJECT_PREFIX "%s", ch->agency) >= (int)sizeof subj)
        return gisac_err_set(err, GISAC_EINVAL, "agency id '%.64s...' is too long", ch->agency);
    snprintf(off, sizeof off, "%llu", (unsigned long long)ch->offset);
    const char *h[] = {H_AGENCY,
                       ch->agency,
                       H_SOURCE,
                       ch->source,
                       H_OFFSET,
                       off,
                       H_FORMAT,
                       ch->format ? ch->format : "auto",
                       ch->sensor && *ch->sensor ? H_SENSOR : NULL,
                       ch->sensor,
                       NULL};
    ingest_msg *m = NULL;
    int rc = ingest_msg_from(subj, h, ch->data, ch->len, &m, err);
    if (rc < 0)
        return rc;
    jsPubOptions po;
    jsPubOptions_Init(&po);
    po.MsgId = ch->id;
    po.ExpectStream = INGEST_STREAM;
    po.MaxWait = timeout_ms;
    jsPubAck *pa = NULL;
    jsErrCode jerr = 0;
    natsStatus s = js_PublishMsg(&pa, c->js, m->m, &po, &jerr);
    ingest_msg_free(m);
    if (s != NATS_OK)
        return nats_fail(err, s, jerr, "publish");
    if (duplicate)
        *duplicate = pa->Duplicate;
    if (seq)
        *seq = pa->Sequence;
    jsPubAck_Destroy(pa);
    return 0;
}

int ingest_sub_open(ingest_conn *c, int64_t ack_wait_ms, ingest_sub **out, gisac_err *err)
{
    *out = NULL;
    ingest_sub *s = calloc(1, sizeof *s);
    if (!s)
        return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    s->c = c;
    jsSubOptions so;
    jsSubOptions_Init(&so);
    so.Stream = INGEST_STREAM;
    so.Config.AckPolicy = js_AckExplicit;
    so.Config.AckWait = ack_wait_ms * NS_PER_MS;
    so.Config.MaxDeliver = -1;
    so.Config.MaxAckPending = 10000;
    jsErrCode jerr = 0;
    natsStatus st = js_PullSubscribe(&s->sub, c->js, INGEST_SUBJECT_PREFIX ">", INGEST_CONSUMER,
                                     NULL, &so, &jerr);
    if (st != NATS_OK) {
        free(s);
        return nats_fail(err, st, jerr, "the consumer " INGEST_CONSUMER);
    }
    *out = s;
    return 0;
}

void ingest_sub_close(ingest_sub *s)
{
    if (!s)
        return;
    natsSubscription_Destroy(s->sub); /* the durable consumer stays */
    free(s);
}

int ingest_fetch(ingest_sub *s, int max, int64_t timeout_ms, ingest_msg **msgs, int *n,
                 gisac_err *err)
{
    *n = 0;
    natsMsgList list = {NULL, 0};
    jsErrCode jerr = 0;
    natsStatus st = natsSubscription_Fetch(&list, s->sub, max, timeout_ms, &jerr);
    if (st == NATS_TIMEOUT || (st == NATS_OK && list.Count == 0)) {
        natsMsgList_Destroy(&list);
        return 0;
    }
    if (st != NATS_OK) {
        natsMsgList_Destroy(&list);
        return nats_fail(err, st, jerr, "fetch");
    }
    for (int i = 0; i < list.Count; i++) {
        msgs[i] = malloc(sizeof *msgs[i]);
        if (!msgs[i]) {
            for (int k = i; k < list.Count; k++)
                natsMsg_Destroy(list.Msgs[k]); /* redelivered after the ack wait */
            *n = i;
            free(list.Msgs);
            return *n ? 0 : gisac_err_set(err, GISAC_ENOMEM, "out of memory");
        }
        msgs[i]->m = list.Msgs[i];
    }
    *n = list.Count;
    free(list.Msgs); /* the messages are the callers' now */
    return 0;
}

/* A header's value, or NULL. */
static const char *header(natsMsg *m, const char *key)
{
    const char *v = NULL;
    return natsMsgHeader_Get(m, key, &v) == NATS_OK ? v : NULL;
}

int ingest_msg_chunk(ingest_msg *msg, ingest_chunk *out, gisac_err *err)
{
    memset(out, 0, sizeof *out);
    natsMsg *m = msg->m;
    const char *id = header(m, H_ID);
    const char *off = header(m, H_OFFSET);
    out->agency = header(m, H_AGENCY);
    const char *subj = natsMsg_GetSubject(m);
    if (!out->agency && subj &&
        !strncmp(subj, INGEST_SUBJECT_PREFIX, strlen(INGEST_SUBJECT_PREFIX)))
        out->agency = subj + strlen(INGEST_SUBJECT_PREFIX); /* the subject names it too */
    out->source = header(m, H_SOURCE);
    out->format = header(m, H_FORMAT);
    out->sensor = header(m, H_SENSOR);
    out->data = natsMsg_GetData(m);
    out->len = (size_t)natsMsg_GetDataLength(m);
    if (!out->data)
        out->data = "";
    jsMsgMetaData *md = NULL;
    if (natsMsg_GetMetaData(&md, m) == NATS_OK) {
        out->seq = md->Sequence.Stream;
        out->deliveries = md->NumDelivered;
        out->time = md->Timestamp / NS_PER_S;
        jsMsgMetaData_Destroy(md);
    }
    if (!id || strlen(id) != INGEST_ID_LEN)
        return gisac_err_set(err, GISAC_EINVAL, "stream message %llu has no chunk id",
                             (unsigned long long)out->seq);
    memcpy(out->id, id, INGEST_ID_LEN + 1);
    char *end = NULL;
    if (!out->agency || !*out->agency || !out->source || !off || !*off)
        return gisac_err_set(err, GISAC_EINVAL, "chunk %s: no %s header", out->id,
                             !out->agency || !*out->agency ? H_AGENCY
                             : !out->source                ? H_SOURCE
                                                           : H_OFFSET);
    out->offset = strtoull(off, &end, 10);
    if (*end)
        return gisac_err_set(err, GISAC_EINVAL, "chunk %s: " H_OFFSET " '%.30s' is not a number",
                             out->id, off);
    if (!out->format)
        out->format = "auto";
    return 0;
}

int ingest_msg_ack(ingest_msg *m, gisac_err *err)
{
    jsErrCode jerr = 0;
    natsStatus s = natsMsg_AckSync(m->m, NULL, &jerr);
    return s == NATS_OK ? 0 : nats_fail(err, s, jerr, "ack");
}

int ingest_msg_nak(ingest_msg *m, int64_t delay_ms, gisac_err *err)
{
    natsStatus s = natsMsg_NakWithDelay(m->m, delay_ms, NULL);
    return s == NATS_OK ? 0 : nats_fail(err, s, 0, "nak");
}

int ingest_msg_term(ingest_msg *m, gisac_err *err)
{
    natsStatus s = natsMsg_Term(m->m, NULL);
    return s == NATS_OK ? 0 : nats_fail(err, s, 0, "term");
}

void ingest_msg_free(ingest_msg *m)
{
    if (!m)
        return;
    natsMsg_Destroy(m->m);
    free(m);
}

int ingest_consumer_stats_get(ingest_conn *c, ingest_consumer_stats *out, gisac_err *err)
{
    memset(out, 0, sizeof *out);
    jsConsumerInfo *ci = NULL;
    jsErrCode jerr = 0;
    natsStatus s = js_GetConsumerInfo(&ci, c->js, INGEST_STREAM, INGEST_CONSUMER, NULL, &jerr);
    if (s == NATS_NOT_FOUND)
        return gisac_err_set(err, GISAC_ENOTFOUND, "no consumer " INGEST_CONSUMER " yet");
    if (s != NATS_OK)
        return nats_fail(err, s, jerr, "the consumer " INGEST_CONSUMER);
    out->pending = ci->NumPending;
    out->ack_pending = (uint64_t)ci->NumAckPending;
    out->redelivered = (uint64_t)ci->NumRedelivered;
    out->waiting = (uint64_t)ci->NumWaiting;
    out->delivered = ci->Delivered.Stream;
    jsConsumerInfo_Destroy(ci);
    return 0;
}

int ingest_stream_agencies(ingest_conn *c, uint64_t *first_seq, ingest_agency_cb cb, void *ctx,
                           gisac_err *err)
{
    jsOptions o;
    jsOptions_Init(&o);
    o.Stream.Info.SubjectsFilter = INGEST_SUBJECT_PREFIX ">";
    jsStreamInfo *si = NULL;
    jsErrCode jerr = 0;
    natsStatus s = js_GetStreamInfo(&si, c->js, INGEST_STREAM, &o, &jerr);
    if (s == NATS_NOT_FOUND)
        return gisac_err_set(err, GISAC_ENOTFOUND, "no stream " INGEST_STREAM " yet");
    if (s != NATS_OK)
        return nats_fail(err, s, jerr, "the stream " INGEST_STREAM);
    *first_seq = si->State.FirstSeq;
    int rc = 0;
    const jsStreamStateSubjects *l = si->State.Subjects;
    size_t plen = strlen(INGEST_SUBJECT_PREFIX);
    for (int i = 0; l && rc == 0 && i < l->Count; i++)
        if (strncmp(l->List[i].Subject, INGEST_SUBJECT_PREFIX, plen) == 0)
            rc = cb(ctx, l->List[i].Subject + plen, l->List[i].Msgs);
    jsStreamInfo_Destroy(si);
    return rc;
}

int ingest_replay(ingest_conn *c, int64_t since, ingest_chunk_cb cb, void *ctx, gisac_err *err)
{
    jsStreamInfo *si = NULL;
    jsErrCode jerr = 0;
    natsStatus s = js_GetStreamInfo(&si, c->js, INGEST_STREAM, NULL, &jerr);
    if (s == NATS_NOT_FOUND)
        return 0; /* nothing published yet */
    if (s != NATS_OK)
        return nats_fail(err, s, jerr, "the stream " INGEST_STREAM);
    uint64_t last = si->State.LastSeq, msgs = si->State.Msgs;
    int64_t last_time = si->State.LastTime;
    jsStreamInfo_Destroy(si);
    if (!msgs || last_time < since * NS_PER_S)
        return 0;
    jsSubOptions so;
    jsSubOptions_Init(&so);
    so.Stream = INGEST_STREAM;
    so.Ordered = true;
    so.Config.DeliverPolicy = js_DeliverByStartTime;
    so.Config.OptStartTime = since * NS_PER_S;
    natsSubscription *sub = NULL;
    s = js_SubscribeSync(&sub, c->js, INGEST_SUBJECT_PREFIX ">", NULL, &so, &jerr);
    if (s != NATS_OK)
        return nats_fail(err, s, jerr, "replay");
    int rc = 0;
    for (;;) {
        natsMsg *m = NULL;
        s = natsSubscription_NextMsg(&m, sub, 5000);
        if (s != NATS_OK) {
            rc = nats_fail(err, s, 0, "replay");
            break;
        }
        ingest_msg im = {m};
        ingest_chunk ch;
        gisac_err cerr = GISAC_ERR_INIT;
        int r = ingest_msg_chunk(&im, &ch, &cerr);
        uint64_t seq = ch.seq;
        if (r == 0)
            r = cb(ctx, &ch);
        else
            r = 0; /* not a chunk of gisac's: passed over */
        natsMsg_Destroy(m);
        if (r) {
            rc = r < 0 ? r : 0;
            break;
        }
        if (seq >= last)
            break;
    }
    natsSubscription_Destroy(sub);
    return rc;
}

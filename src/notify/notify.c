/*
 * notify.c: subscriptions, settings, the outbox and the delivery pass.
 * The messages are built in notify_msg.c and sent in notify_send.c.
 */
#include "notify/notify_internal.h"

#include <curl/curl.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

static const char *const events_known[] = {
    "incident.new",  "incident.level", "incident.deadline_at_risk", "incident.breach",
    "alert.opened",  "alert.released", "advisory.published",        "audit.checkpoint",
    "vuln.affected", "obligation.due",
};
#define NEVENTS (sizeof events_known / sizeof events_known[0])

int notify_event_known(const char *name)
{
    for (size_t i = 0; i < NEVENTS; i++)
        if (strcmp(name, events_known[i]) == 0)
            return 1;
    return 0;
}

/* ---- transactions and audit --------------------------------------------- */

int notify_tx_begin(store *s, int *own, gisac_err *err)
{
    *own = !store_tx_open(s);
    return *own ? store_begin(s, err) : 0;
}

int notify_tx_end(store *s, int own, int rc, gisac_err *err)
{
    if (!own)
        return rc;
    if (rc < 0) {
        store_rollback(s);
        return rc;
    }
    return store_commit(s, err);
}

int notify_audit(store *s, int64_t now, const char *action, const char *object, notify_json *j,
                 gisac_err *err)
{
    const char *detail = gisac_jobj_end(j);
    int rc = !detail ? gisac_err_set(err, GISAC_ENOMEM, "out of memory")
                     : store_audit_append(s, now, action, object, detail, err);
    gisac_buf_free(&j->b);
    return rc;
}

/* ---- checks -------------------------------------------------------------- */

static int has_ctl(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || *s == 0x7f)
            return 1;
    return 0;
}

int notify_address_check(const char *what, const char *addr, gisac_err *err)
{
    size_t n = strlen(addr);
    const char *at = strrchr(addr, '@');
    int ok = n >= 3 && n <= 254 && at && at > addr && at[1] && at - addr <= 64;
    for (const char *p = addr; ok && p < at; p++) {
        unsigned char c = (unsigned char)*p;
        ok = c > 0x20 && c < 0x7f && !strchr("<>()[]\\,;:\"@", c);
    }
    if (ok && (addr[0] == '.' || at[-1] == '.' || strstr(addr, "..")))
        ok = 0;
    /* the domain: labels of letters, digits and '-', or an A-label */
    const char *d = at ? at + 1 : "";
    for (const char *p = d; ok && *p; p++) {
        char c = *p;
        int alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        ok = alnum || ((c == '-' || c == '.') && p != d && p[1] && p[-1] != '.');
    }
    if (!ok)
        return gisac_err_set(err, GISAC_EINVAL,
                             "%s '%.100s' is not an e-mail address we can send to"
                             " (local@domain, ASCII; an IDN domain as its xn-- form)",
                             what, addr);
    return 0;
}

int notify_url_check(const char *what, const char *url, const char *const *schemes, int with_user,
                     char *origin, size_t cap, gisac_err *err)
{
    if (strlen(url) > NOTIFY_TARGET_MAX)
        return gisac_err_set(err, GISAC_EINVAL, "%s is longer than %d bytes", what,
                             NOTIFY_TARGET_MAX);
    for (const char *p = url; *p; p++)
        if ((unsigned char)*p <= 0x20 || *p == 0x7f)
            return gisac_err_set(err, GISAC_EINVAL,
                                 "%s '%.100s' holds a space or control character", what, url);
    CURLU *h = curl_url();
    if (!h)
        return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    char *scheme = NULL, *host = NULL, *port = NULL, *user = NULL, *password = NULL;
    int rc = 0;
    CURLUcode uc = curl_url_set(h, CURLUPART_URL, url, CURLU_NON_SUPPORT_SCHEME);
    if (uc != CURLUE_OK || curl_url_get(h, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
        curl_url_get(h, CURLUPART_HOST, &host, 0) != CURLUE_OK || !host || !*host) {
        rc = gisac_err_set(err, GISAC_EINVAL, "%s '%.100s' is not a URL%s%s", what, url,
                           uc != CURLUE_OK ? ": " : "",
                           uc != CURLUE_OK ? curl_url_strerror(uc) : "");
        goto out;
    }
    int known = 0;
    for (size_t i = 0; schemes[i]; i++)
        known |= strcmp(scheme, schemes[i]) == 0;
    if (!known) {
        gisac_buf b = GISAC_BUF_INIT;
        for (size_t i = 0; schemes[i]; i++)
            gisac_buf_printf(&b, "%s%s://", i ? (schemes[i + 1] ? ", " : " or ") : "", schemes[i]);
        rc = gisac_err_set(err, GISAC_EINVAL, "%s '%.100s': use a %s URL", what, url,
                           b.data ? b.data : "");
        gisac_buf_free(&b);
        goto out;
    }
    curl_url_get(h, CURLUPART_USER, &user, 0);
    curl_url_get(h, CURLUPART_PASSWORD, &password, 0);
    if (!with_user && (user || password)) {
        rc = gisac_err_set(err, GISAC_EINVAL, "%s: give no user or password in the URL", what);
        goto out;
    }
    if (origin) {
        curl_url_get(h, CURLUPART_PORT, &port, 0);
        snprintf(origin, cap, "%s://%s%s%s", scheme, host, port ? ":" : "", port ? port : "");
    }
out:
    curl_free(scheme);
    curl_free(host);
    curl_free(port);
    curl_free(user);
    curl_free(password);
    curl_url_cleanup(h);
    return rc;
}

/* ---- subscriptions -------------------------------------------------------- */

#define MAX_EVENTS 8

/* Split a comma-separated list into known names (or just "*"). */
static int events_parse(const char *list, char names[MAX_EVENTS][32], size_t *n, gisac_err *err)
{
    *n = 0;
    if (!list || !*list) {
        strcpy(names[0], "*");
        *n = 1;
        return 0;
    }
    int star = 0;
    const char *p = list;
    while (*p) {
        const char *e = strchr(p, ',');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        while (len && (*p == ' ' || *p == '\t'))
            p++, len--;
        while (len && (p[len - 1] == ' ' || p[len - 1] == '\t'))
            len--;
        char name[32];
        if (len == 0 || len >= sizeof name)
            return gisac_err_set(err, GISAC_EINVAL,
                                 "events '%.100s': give a comma-separated list of %s or *", list,
                                 NOTIFY_EVENTS);
        memcpy(name, p, len);
        name[len] = '\0';
        if (strcmp(name, "*") == 0) {
            star = 1;
        } else if (!notify_event_known(name)) {
            return gisac_err_set(err, GISAC_EINVAL, "unknown event '%s': use %s or *", name,
                                 NOTIFY_EVENTS);
        } else {
            size_t k = 0;
            while (k < *n && strcmp(names[k], name) != 0)
                k++;
            if (k == *n && *n < MAX_EVENTS)
                strcpy(names[(*n)++], name);
        }
        p += len;
        while (*p == ' ' || *p == '\t')
            p++;
        if (*p == ',')
            p++;
    }
    if (star) {
        strcpy(names[0], "*");
        *n = 1;
    }
    return 0;
}

static int agency_check(store *s, const char *agency, gisac_err *err)
{
    gisac_arena *a = gisac_arena_new(1024);
    if (!a)
        return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    store_agency row;
    int rc = store_agency_get(s, agency, &row, a, err);
    gisac_arena_free(a);
    if (rc == GISAC_ENOTFOUND)
        return gisac_err_set(err, GISAC_EINVAL, "agency %.100s does not exist", agency);
    return rc;
}

int notify_sub_add(store *s, const notify_sub_spec *spec, int64_t now, int64_t *id, gisac_err *err)
{
    static const char *const web[] = {"http", "https", NULL};
    char origin[NOTIFY_TARGET_MAX + 1] = "";
    char names[MAX_EVENTS][32];
    size_t nev;
    int rc;
    const char *agency = spec->agency && *spec->agency ? spec->agency : NULL;
    if (spec->kind == NOTIFY_WEBHOOK) {
        if ((rc = notify_url_check("webhook URL", spec->target, web, 1, origin, sizeof origin,
                                   err)) < 0)
            return rc;
        if (spec->secret && (!*spec->secret || strlen(spec->secret) > NOTIFY_SECRET_MAX ||
                             strchr(spec->secret, '\n') || strchr(spec->secret, '\r')))
            return gisac_err_set(err, GISAC_EINVAL, "the secret must be one line of 1 to %d bytes",
                                 NOTIFY_SECRET_MAX);
    } else if (spec->kind == NOTIFY_EMAIL) {
        if ((rc = notify_address_check("address", spec->target, err)) < 0)
            return rc;
        if (spec->secret)
            return gisac_err_set(err, GISAC_EINVAL, "an e-mail subscription takes no secret");
        snprintf(origin, sizeof origin, "%s", spec->target);
    } else {
        return gisac_err_set(err, GISAC_EINVAL,
                             "unknown kind of subscription: use webhook or email");
    }
    if ((rc = events_parse(spec->events, names, &nev, err)) < 0)
        return rc;
    const char *lang = spec->lang && *spec->lang ? spec->lang : NULL;
    const char *account = spec->account && *spec->account ? spec->account : NULL;
    if (lang && !notify_lang_known(lang))
        return gisac_err_at(err, GISAC_EINVAL, "$.lang",
                            "unknown language '%.40s': use zh-TW or en", lang);
    const char *evp[MAX_EVENTS];
    for (size_t i = 0; i < nev; i++)
        evp[i] = names[i];
    int own;
    if ((rc = notify_tx_begin(s, &own, err)) < 0)
        return rc;
    if (agency)
        rc = agency_check(s, agency, err);
    if (rc == 0 && account) {
        gisac_arena *ar = gisac_arena_new(1024);
        store_account acc;
        rc = ar ? store_account_get(s, account, &acc, ar, err)
                : gisac_err_set(err, GISAC_ENOMEM, "out of memory");
        if (rc == GISAC_ENOTFOUND)
            rc = gisac_err_at(err, GISAC_EINVAL, "$.account", "account %.64s does not exist",
                              account);
        gisac_arena_free(ar);
    }
    store_notify_sub sub = {0,
                            spec->kind == NOTIFY_WEBHOOK ? "webhook" : "email",
                            spec->target,
                            spec->kind == NOTIFY_WEBHOOK ? spec->secret : NULL,
                            agency,
                            NULL,
                            now,
                            lang,
                            account};
    if (rc == 0)
        rc = store_notify_sub_add(s, &sub, evp, nev, err);
    if (rc == 0) {
        char object[32];
        snprintf(object, sizeof object, "sub:%lld", (long long)sub.id);
        notify_json j = NOTIFY_JSON_INIT;
        nj_str(&j, "kind", sub.kind);
        nj_str(&j, "target", origin); /* a URL's path may hold a token: not logged */
        nj_key(&j, "events");
        j.bad |= gisac_buf_putc(&j.b, '[');
        for (size_t i = 0; i < nev; i++) {
            j.bad |= i ? gisac_buf_putc(&j.b, ',') : 0;
            j.bad |= gisac_buf_json_str(&j.b, names[i]);
        }
        j.bad |= gisac_buf_putc(&j.b, ']');
        nj_str(&j, "agency", agency);
        if (lang)
            nj_str(&j, "lang", lang);
        if (account)
            nj_str(&j, "account", account);
        if (spec->kind == NOTIFY_WEBHOOK)
            nj_bool(&j, "signed", spec->secret != NULL);
        rc = notify_audit(s, now, "notify.add", object, &j, err);
    }
    rc = notify_tx_end(s, own, rc, err);
    if (rc == 0 && id)
        *id = sub.id;
    return rc;
}

int notify_sub_remove(store *s, int64_t id, int64_t now, int64_t *cancelled, gisac_err *err)
{
    int own, rc = notify_tx_begin(s, &own, err);
    if (rc < 0)
        return rc;
    int64_t n = 0;
    rc = store_notify_sub_remove(s, id, now, &n, err);
    if (rc == 0) {
        char object[32];
        snprintf(object, sizeof object, "sub:%lld", (long long)id);
        notify_json j = NOTIFY_JSON_INIT;
        nj_int(&j, "cancelled", n);
        rc = notify_audit(s, now, "notify.remove", object, &j, err);
    }
    rc = notify_tx_end(s, own, rc, err);
    if (rc == 0 && cancelled)
        *cancelled = n;
    return rc;
}

int notify_sub_list(store *s, store_notify_sub_cb cb, void *ctx, gisac_err *err)
{
    return store_notify_sub_iter(s, cb, ctx, err);
}

/* ---- settings -------------------------------------------------------------- */

static int meta_text(store *s, const char *key, char *out, size_t cap, gisac_err *err)
{
    int rc = store_meta_get(s, key, out, cap, err);
    if (rc == GISAC_ENOTFOUND) {
        out[0] = '\0';
        return 0;
    }
    return rc;
}

int notify_smtp_get(store *s, notify_smtp *out, gisac_err *err)
{
    memset(out, 0, sizeof *out);
    int rc = meta_text(s, "notify.smtp.url", out->url, sizeof out->url, err);
    if (rc == 0)
        rc = meta_text(s, "notify.smtp.from", out->from, sizeof out->from, err);
    if (rc == 0)
        rc = meta_text(s, "notify.smtp.user", out->user, sizeof out->user, err);
    if (rc == 0)
        rc = meta_text(s, "notify.smtp.password", out->password, sizeof out->password, err);
    return rc;
}

int notify_smtp_set(store *s, const char *url, const char *from, const char *user,
                    const char *password, int64_t now, gisac_err *err)
{
    static const char *const mail[] = {"smtp", "smtps", NULL};
    notify_smtp cur;
    int rc = notify_url_check("SMTP URL", url, mail, 0, NULL, 0, err);
    if (rc < 0)
        return rc;
    if (strlen(from) >= sizeof cur.from)
        return gisac_err_set(err, GISAC_EINVAL, "sender address is too long");
    if ((rc = notify_address_check("sender", from, err)) < 0)
        return rc;
    user = user && *user ? user : NULL;
    password = password && *password ? password : NULL;
    if (!user != !password)
        return gisac_err_set(err, GISAC_EINVAL, "an SMTP login needs both a user and a password");
    if (user && (strlen(user) >= sizeof cur.user || has_ctl(user)))
        return gisac_err_set(err, GISAC_EINVAL,
                             "SMTP user: at most %zu bytes, no control "
                             "characters",
                             sizeof cur.user - 1);
    if (password && (strlen(password) > NOTIFY_SECRET_MAX || has_ctl(password)))
        return gisac_err_set(err, GISAC_EINVAL,
                             "SMTP password: at most %d bytes, no control "
                             "characters",
                             NOTIFY_SECRET_MAX);
    int own;
    if ((rc = notify_tx_begin(s, &own, err)) < 0)
        return rc;
    rc = store_meta_set(s, "notify.smtp.url", url, err);
    if (rc == 0)
        rc = store_meta_set(s, "notify.smtp.from", from, err);
    if (rc == 0)
        rc = store_meta_set(s, "notify.smtp.user", user ? user : "", err);
    if (rc == 0)
        rc = store_meta_set(s, "notify.smtp.password", password ? password : "", err);
    if (rc == 0) {
        notify_json j = NOTIFY_JSON_INIT;
        nj_str(&j, "url", url);
        nj_str(&j, "from", from);
        nj_str(&j, "user", user);
        nj_bool(&j, "password", password != NULL);
        rc = notify_audit(s, now, "notify.smtp", NULL, &j, err);
    }
    return notify_tx_end(s, own, rc, err);
}

static int meta_int(store *s, const char *key, int dflt, int *out, gisac_err *err)
{
    char v[32];
    int rc = store_meta_get(s, key, v, sizeof v, err);
    *out = dflt;
    if (rc == GISAC_ENOTFOUND)
        return 0;
    if (rc < 0)
        return rc;
    char *end;
    long n = strtol(v, &end, 10);
    if (*end == '\0' && n > 0 && n < 100000000)
        *out = (int)n;
    return 0;
}

int notify_config_get(store *s, notify_config *out, gisac_err *err)
{
    int rc = meta_int(s, "notify.max_attempts", NOTIFY_MAX_ATTEMPTS, &out->max_attempts, err);
    if (rc == 0)
        rc = meta_int(s, "notify.backoff_cap", NOTIFY_BACKOFF_CAP, &out->backoff_cap, err);
    return rc;
}

int notify_config_set(store *s, const notify_config *c, int64_t now, gisac_err *err)
{
    if (!c->max_attempts && !c->backoff_cap)
        return gisac_err_set(err, GISAC_EINVAL, "nothing to change");
    if (c->max_attempts && (c->max_attempts < 1 || c->max_attempts > 100))
        return gisac_err_set(err, GISAC_EINVAL, "max attempts: give 1 to 100");
    if (c->backoff_cap && (c->backoff_cap < NOTIFY_BACKOFF_FIRST || c->backoff_cap > 604800))
        return gisac_err_set(err, GISAC_EINVAL, "back-off cap: give %d to 604800 seconds",
                             NOTIFY_BACKOFF_FIRST);
    int own, rc = notify_tx_begin(s, &own, err);
    if (rc < 0)
        return rc;
    char v[32];
    notify_json j = NOTIFY_JSON_INIT;
    if (c->max_attempts) {
        snprintf(v, sizeof v, "%d", c->max_attempts);
        rc = store_meta_set(s, "notify.max_attempts", v, err);
        nj_int(&j, "max_attempts", c->max_attempts);
    }
    if (rc == 0 && c->backoff_cap) {
        snprintf(v, sizeof v, "%d", c->backoff_cap);
        rc = store_meta_set(s, "notify.backoff_cap", v, err);
        nj_int(&j, "backoff_cap", c->backoff_cap);
    }
    if (rc == 0)
        rc = notify_audit(s, now, "notify.config", NULL, &j, err);
    else
        gisac_buf_free(&j.b);
    return notify_tx_end(s, own, rc, err);
}

int64_t notify_backoff(int64_t attempt, int cap)
{
    int64_t d = NOTIFY_BACKOFF_FIRST;
    for (int64_t k = 1; k < attempt && d < cap; k++)
        d *= 2;
    return d < cap ? d : cap;
}

/* ---- events ---------------------------------------------------------------- */

/* Valid UTF-8 of at most max bytes; control characters become spaces. */
static int subject_clean(const char *in, char *out, size_t max, gisac_err *err)
{
    size_t n = strlen(in);
    if (n == 0)
        return gisac_err_set(err, GISAC_EINVAL, "a notification needs a subject");
    if (n > max)
        return gisac_err_set(err, GISAC_EINVAL, "subject is longer than %zu bytes", max);
    if (!gisac_utf8_valid(in, n, NULL))
        return gisac_err_set(err, GISAC_EINVAL, "subject is not valid UTF-8");
    for (size_t i = 0; i < n; i++) { /* in valid UTF-8 a byte < 0x80 is a character */
        unsigned char c = (unsigned char)in[i];
        out[i] = c < 0x20 || c == 0x7f ? ' ' : in[i];
    }
    out[n] = '\0';
    return 0;
}

typedef struct ids {
    int64_t *v;
    size_t n, cap;
    int oom;
} ids;

static void ids_add(void *ctx, int64_t id)
{
    ids *l = ctx;
    if (gisac_push(&l->v, &l->n, &l->cap, sizeof *l->v, 16, &id) < 0)
        l->oom = 1;
}

int notify_enqueue(store *s, const char *event, const char *agency, const char *subject,
                   const char *payload_json, int64_t now, gisac_err *err)
{
    return notify_enqueue_about(s, event, agency, NULL, 0, 0, subject, payload_json, NULL, now,
                                err);
}

/* 0 when text (may be NULL when optional) is a JSON object of at most NOTIFY_PAYLOAD_MAX bytes. */
static int object_check(const char *what, const char *text, gisac_err *err)
{
    size_t plen = text ? strlen(text) : 0;
    const char *p = text ? text : "";
    while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
        p++;
    size_t eoff;
    const char *emsg;
    if (plen > NOTIFY_PAYLOAD_MAX)
        return gisac_err_set(err, GISAC_EINVAL, "%s is larger than %d bytes", what,
                             NOTIFY_PAYLOAD_MAX);
    if (*p != '{')
        return gisac_err_set(err, GISAC_EINVAL, "%s: a JSON object is needed", what);
    if (jsonx_walk(text, plen, NULL, NULL, &eoff, &emsg) != 0)
        return gisac_err_set(err, GISAC_EINVAL, "%s: offset %zu: %s", what, eoff,
                             emsg ? emsg : "invalid JSON");
    return 0;
}

int notify_enqueue_about(store *s, const char *event, const char *agency,
                         const char *const *agencies, size_t nagencies, int all_agencies,
                         const char *subject, const char *payload_json, const char *about_json,
                         int64_t now, gisac_err *err)
{
    if (!event || !notify_event_known(event))
        return gisac_err_set(err, GISAC_EINVAL, "unknown event '%.100s': use %s",
                             event ? event : "", NOTIFY_EVENTS);
    agency = agency && *agency ? agency : NULL;
    char subj[NOTIFY_SUBJECT_MAX + 1];
    int rc = subject_clean(subject ? subject : "", subj, NOTIFY_SUBJECT_MAX, err);
    if (rc < 0)
        return rc;
    if ((rc = object_check("payload", payload_json, err)) < 0 ||
        (about_json && (rc = object_check("about", about_json, err)) < 0))
        return rc;
    gisac_buf csv = GISAC_BUF_INIT;
    for (size_t i = 0; i < nagencies; i++) {
        if (strchr(agencies[i], ','))
            continue; /* never an agency id */
        if ((i && gisac_buf_putc(&csv, ',') < 0) || gisac_buf_puts(&csv, agencies[i]) < 0) {
            gisac_buf_free(&csv);
            return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
        }
    }
    int own;
    if ((rc = notify_tx_begin(s, &own, err)) < 0) {
        gisac_buf_free(&csv);
        return rc;
    }
    ids l = {NULL, 0, 0, 0};
    int64_t queued = 0;
    rc = store_notify_enqueue(s, event, agency, csv.len ? csv.data : NULL, all_agencies, subj,
                              payload_json, about_json, now, ids_add, &l, &queued, err);
    if (rc == 0 && l.oom)
        rc = gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    if (rc == 0 && queued > 0) {
        notify_json j = NOTIFY_JSON_INIT;
        nj_str(&j, "agency", agency);
        nj_ids(&j, "deliveries", l.v, l.n);
        rc = notify_audit(s, now, "notify.enqueue", event, &j, err);
    }
    free(l.v);
    gisac_buf_free(&csv);
    rc = notify_tx_end(s, own, rc, err);
    return rc < 0 ? rc : (int)(queued > 0x7fffffff ? 0x7fffffff : queued);
}

/* ---- delivery ---------------------------------------------------------------- */

#define D(f) offsetof(store_notify_delivery, f)
/* The strings of a delivery kept for its sending. */
static const size_t due_strs[] = {D(kind),    D(target),  D(secret), D(event), D(agency),
                                  D(subject), D(payload), D(status), D(about), D(lang)};
#undef D

/* The deliveries due, kept in a gisac_rows. */
static int due_one(void *ctx, const store_notify_delivery *d)
{
    return gisac_rows_keep(ctx, d, due_strs, sizeof due_strs / sizeof due_strs[0]);
}

int notify_deliver_due(store *s, int64_t now, const notify_opts *o, notify_pass *out,
                       gisac_err *err)
{
    notify_opts opts = {NOTIFY_CONNECT_TIMEOUT, NOTIFY_TIMEOUT, NOTIFY_BATCH, {NULL, NULL, NULL}};
    if (o) {
        opts.view = o->view;
        if (o->connect_timeout > 0)
            opts.connect_timeout = o->connect_timeout;
        if (o->timeout > 0)
            opts.timeout = o->timeout;
        if (o->batch > 0)
            opts.batch = o->batch;
    }
    memset(out, 0, sizeof *out);
    notify_config cfg;
    notify_smtp *smtp = calloc(1, sizeof *smtp);
    gisac_rows l = {.size = sizeof(store_notify_delivery), .first = 16};
    l.arena = gisac_arena_new(16384);
    const store_notify_delivery *due = NULL;
    int64_t *ids_all = NULL;
    notify_result *res = NULL;
    int rc = 0;
    if (!smtp || !l.arena) {
        rc = gisac_err_set(err, GISAC_ENOMEM, "out of memory");
        goto out;
    }
    if ((rc = notify_config_get(s, &cfg, err)) < 0 || (rc = notify_smtp_get(s, smtp, err)) < 0)
        goto out;

    /* 1. lease what is due, so that no other pass sends it too */
    if ((rc = store_begin(s, err)) < 0)
        goto out;
    rc = store_notify_due(s, now, opts.batch, due_one, &l, err);
    due = l.v;
    if (rc == 0 && l.oom)
        rc = gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    if (rc < 0 || l.n == 0) {
        store_rollback(s); /* nothing written */
        goto out;
    }
    ids_all = malloc(l.n * sizeof *ids_all);
    res = calloc(l.n, sizeof *res);
    if (!ids_all || !res)
        rc = gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    for (size_t i = 0; rc == 0 && i < l.n; i++) {
        ids_all[i] = due[i].id;
        rc = store_notify_set_next(s, due[i].id, now + NOTIFY_LEASE, err);
    }
    if (rc == 0) {
        notify_json j = NOTIFY_JSON_INIT;
        nj_ids(&j, "deliveries", ids_all, l.n);
        nj_int(&j, "lease", NOTIFY_LEASE);
        rc = notify_audit(s, now, "notify.claim", NULL, &j, err);
    }
    if (rc < 0) {
        store_rollback(s);
        goto out;
    }
    if ((rc = store_commit(s, err)) < 0)
        goto out;
    out->due = l.n;

    /* 2. send, without holding the database */
    for (size_t i = 0; i < l.n; i++)
        notify_send(&due[i], smtp, &opts, now, &res[i]);

    /* 3. record every attempt and move each delivery on */
    int64_t *sent = malloc(3 * l.n * sizeof *sent);
    if (!sent) {
        rc = gisac_err_set(err, GISAC_ENOMEM, "out of memory");
        goto out;
    }
    int64_t *retry = sent + l.n, *failed = sent + 2 * l.n;
    size_t ns = 0, nr = 0, nf = 0;
    if ((rc = store_begin(s, err)) == 0) {
        for (size_t i = 0; rc == 0 && i < l.n; i++) {
            const store_notify_delivery *d = &due[i];
            int64_t attempt = d->attempts + 1;
            store_notify_attempt a = {
                d->id, attempt, now,  res[i].ok, res[i].code, res[i].ok ? NULL : res[i].error,
                NULL,  NULL,    NULL, NULL};
            const char *status = "sent";
            int64_t next = 0;
            if (res[i].ok) {
                sent[ns++] = d->id;
            } else if (attempt >= cfg.max_attempts) {
                status = "failed";
                failed[nf++] = d->id;
            } else {
                status = "pending";
                next = now + notify_backoff(attempt, cfg.backoff_cap);
                retry[nr++] = d->id;
            }
            rc = store_notify_attempt_add(s, &a, status, next, err);
        }
        if (rc == 0) {
            notify_json j = NOTIFY_JSON_INIT;
            nj_ids(&j, "sent", sent, ns);
            nj_ids(&j, "retrying", retry, nr);
            nj_ids(&j, "failed", failed, nf);
            rc = notify_audit(s, now, "notify.deliver", NULL, &j, err);
        }
        if (rc == 0)
            rc = store_commit(s, err);
        else
            store_rollback(s);
    }
    free(sent);
    if (rc == 0) {
        out->sent = ns;
        out->retrying = nr;
        out->failed = nf;
    }
out:
    free(ids_all);
    free(res);
    free(l.v);
    gisac_arena_free(l.arena);
    if (smtp) {
        memset(smtp->password, 0, sizeof smtp->password);
        free(smtp);
    }
    return rc;
}

int notify_log(store *s, int failed_only, store_notify_attempt_cb cb, void *ctx, gisac_err *err)
{
    return store_notify_attempt_iter(s, failed_only, cb, ctx, err);
}

int notify_queue(store *s, const char *status, store_notify_delivery_cb cb, void *ctx,
                 gisac_err *err)
{
    return store_notify_delivery_iter(s, status, cb, ctx, err);
}

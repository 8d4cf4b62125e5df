/*
 * notify_render.c: the human message of a notification, in the
 * recipient's language and the installation's local time.
 *
 * One table row per event type gives the subject in each language; the
 * text is the same for every event: what it is about (incident, alert,
 * advisory), its title, agency and level, the deadline it concerns (or
 * its next one) with the time left, a link to it in the portal and the
 * time of the event. The facts come from the event's "about" object
 * (NOTIFY_ABOUT in notify.h), else from its data: an event type without a
 * row of its own (a new one, a test) still renders.
 */
#include "notify/notify_internal.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

const char *notify_lang_of(const char *lang)
{
    return lang && strcmp(lang, "en") == 0 ? "en" : NOTIFY_LANG_DEFAULT;
}

int notify_lang_known(const char *lang)
{
    return lang && (strcmp(lang, "zh-TW") == 0 || strcmp(lang, "en") == 0);
}

/* ---- the tables ------------------------------------------------------------ */

/*
 * Subjects: {id} {title} {level} {deadline} {due} {left} {agency} {event}
 * are replaced by the facts (an unknown fact by "-").
 */
typedef struct render_row {
    const char *event;
    const char *zh, *en;
} render_row;

static const render_row rows[] = {
    {"incident.new", "【資安事件通報】{id} {title}", "New incident {id}: {title}"},
    {"incident.level", "【事件等級變更】{id} 第{level}級：{title}",
     "Incident {id} is now level {level}: {title}"},
    {"incident.deadline_at_risk", "【期限將屆】{id} {deadline}期限 {due}（剩餘 {left}）",
     "Deadline close: {id} {deadline} due {due} ({left} left)"},
    {"incident.breach", "【已逾期】{id} {deadline}期限已於 {due} 屆滿",
     "Deadline missed: {id} {deadline} was due {due}"},
    {"alert.opened", "【資安監控單】{id} {title}", "Monitoring notice {id}: {title}"},
    {"advisory.published", "【資安警訊】{id} {title}", "Advisory {id}: {title}"},
    {"vuln.affected", "【軟體弱點通知】{id} {title}", "Vulnerable software: {id} {title}"},
    {"obligation.due", "【資安義務到期提醒】{id} {title}", "Obligation due: {id} {title}"},
    {NULL, "【gisac 通知】{event} {id}", "gisac notification: {event} {id}"},
};

/* What an event is about: the word for it and the portal's path. */
typedef struct render_type {
    const char *type, *zh, *en, *path;
} render_type;

static const render_type types[] = {
    {"incident", "事件", "Incident", "incidents"},  {"alert", "監控單", "Alert", "alerts"},
    {"advisory", "警訊", "Advisory", "advisories"}, {"vuln", "弱點", "Vulnerability", NULL},
    {"obligation", "資安義務", "Obligation", NULL}, {NULL, "對象", "Object", NULL},
};

/* Deadlines by name (policy_deadline_name, the alerts' "answer"). */
static const struct {
    const char *name, *zh, *en;
} deadlines[] = {
    {"report", "通報", "report"},
    {"review", "審核", "review"},
    {"recover", "損害控制或復原", "recovery"},
    {"investigation_report", "調查、處理及改善報告", "investigation report"},
    {"answer", "回覆", "answer"},
};

typedef struct labels {
    const char *agency, *title, *level, *next, *deadline, *link, *time, *left, *overdue;
} labels;

static const labels zh_labels = {"機關", "標題", "等級", "下一期限", "期限",
                                 "連結", "時間", "剩餘", "已逾期"};
static const labels en_labels = {"Agency", "Title", "Level", "Next deadline", "Deadline",
                                 "Link",   "Time",  "left",  "overdue by"};

/* ---- facts ----------------------------------------------------------------- */

typedef struct facts {
    const char *type, *id, *title;
    int64_t level; /* 0: none */
    const char *deadline;
    int64_t due; /* 0: none */
    int next;    /* the deadline is the next one (not the one the event is about) */
} facts;

static const char *str_of(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    return json_is_string(v) && json_string_length(v) ? json_string_value(v) : NULL;
}

static int64_t time_of(json_t *o, const char *key)
{
    const char *s = str_of(o, key);
    int64_t t = 0;
    if (!s || gisac_time_parse(s, strlen(s), &t) < 0)
        return 0;
    return t;
}

static void facts_from(json_t *o, const char *event, facts *f)
{
    if (!json_is_object(o))
        return;
    if (!f->type)
        f->type = str_of(o, "type");
    if (!f->id) {
        static const char *const keys[] = {"id", "ref", "incident", "alert", "advisory"};
        for (size_t i = 0; !f->id && i < sizeof keys / sizeof keys[0]; i++)
            f->id = str_of(o, keys[i]);
    }
    if (!f->title)
        f->title = str_of(o, "title");
    if (!f->level && json_is_integer(json_object_get(o, "level")))
        f->level = json_integer_value(json_object_get(o, "level"));
    if (!f->deadline) {
        json_t *d = json_object_get(o, "deadline");
        int next = 0;
        if (!json_is_object(d) && !json_is_string(d)) {
            d = json_object_get(o, "next_deadline");
            next = 1;
        }
        if (json_is_object(d)) {
            f->deadline = str_of(d, "kind");
            f->due = time_of(d, "due");
            f->next = next || json_is_true(json_object_get(d, "next"));
        } else if (json_is_string(d)) { /* {"deadline":"report","due":"..."} */
            f->deadline = json_string_value(d);
            f->due = time_of(o, "due");
        }
    }
    if (!f->type && event) {
        size_t n = strcspn(event, ".");
        for (size_t i = 0; types[i].type; i++)
            if (strlen(types[i].type) == n && strncmp(event, types[i].type, n) == 0)
                f->type = types[i].type;
    }
}

static const render_type *type_of(const char *type)
{
    size_t i = 0;
    for (; types[i].type; i++)
        if (type && strcmp(types[i].type, type) == 0)
            break;
    return &types[i];
}

static const char *deadline_word(const char *name, int en)
{
    for (size_t i = 0; i < sizeof deadlines / sizeof deadlines[0]; i++)
        if (strcmp(deadlines[i].name, name) == 0)
            return en ? deadlines[i].en : deadlines[i].zh;
    return name;
}

/* Seconds as days, hours and minutes (rounded down to the minute). */
static void span(int64_t s, int en, char *out, size_t cap)
{
    if (s < 0)
        s = -s;
    long long d = s / 86400, h = s / 3600 % 24, m = s / 60 % 60;
    /* the units of days, hours and minutes, each with what follows it */
    static const char *const units[2][3] = {{"天", "小時", "分"}, {"d ", "h ", "m"}};
    const char *const *u = units[en != 0];
    if (d)
        snprintf(out, cap, "%lld%s%lld%s%lld%s", d, u[0], h, u[1], m, u[2]);
    else if (h)
        snprintf(out, cap, "%lld%s%lld%s", h, u[1], m, u[2]);
    else
        snprintf(out, cap, "%lld%s", m, u[2]);
}

/* The link to the object: "<portal>/<path>/<id>", or "" when there is none. */
static int link_of(const notify_view *v, const facts *f, gisac_buf *out)
{
    const render_type *t = type_of(f->type);
    if (!v || !v->portal_url || !*v->portal_url || !t->path || !f->id)
        return 0;
    size_t n = strlen(v->portal_url);
    while (n && v->portal_url[n - 1] == '/')
        n--;
    int bad = gisac_buf_append(out, v->portal_url, n);
    bad |= gisac_buf_printf(out, "/%s/", t->path);
    /* an id is letters, digits and '-' (INC-2026-000001, TWCERT-2026-0001);
     * anything else is percent-encoded */
    for (const unsigned char *p = (const unsigned char *)f->id; *p; p++) {
        if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
            *p == '-' || *p == '_' || *p == '.')
            bad |= gisac_buf_putc(out, (char)*p);
        else
            bad |= gisac_buf_printf(out, "%%%02X", *p);
    }
    return bad ? GISAC_ENOMEM : 0;
}

/* Fill tpl's placeholders. */
static int fill(const char *tpl, const char *event, const char *agency, const facts *f, int en,
                const notify_view *v, int64_t now, gisac_buf *out)
{
    int bad = 0;
    for (const char *p = tpl; *p;) {
        if (*p != '{') {
            const char *q = strchr(p, '{');
            size_t n = q ? (size_t)(q - p) : strlen(p);
            bad |= gisac_buf_append(out, p, n);
            p += n;
            continue;
        }
        const char *close = strchr(p, '}');
        size_t n = close ? (size_t)(close - p - 1) : 0;
        char key[16] = "";
        if (close && n < sizeof key)
            memcpy(key, p + 1, n), key[n] = '\0';
        char tmp[GISAC_TIME_LEN + 32];
        const char *val = NULL;
        if (strcmp(key, "id") == 0)
            val = f->id;
        else if (strcmp(key, "title") == 0)
            val = f->title;
        else if (strcmp(key, "agency") == 0)
            val = agency;
        else if (strcmp(key, "event") == 0)
            val = event;
        else if (strcmp(key, "level") == 0 && f->level) {
            snprintf(tmp, sizeof tmp, "%lld", (long long)f->level);
            val = tmp;
        } else if (strcmp(key, "deadline") == 0 && f->deadline)
            val = deadline_word(f->deadline, en);
        else if (strcmp(key, "due") == 0 && f->due) {
            gisac_time_format_local(f->due, v ? v->tz : NULL, tmp);
            val = tmp;
        } else if (strcmp(key, "left") == 0 && f->due) {
            span(f->due - now, en, tmp, sizeof tmp);
            val = tmp;
        }
        bad |= gisac_buf_puts(out, val ? val : "-");
        p = close ? close + 1 : p + strlen(p);
    }
    return bad;
}

int notify_render(const char *event, const char *agency, const char *about, const char *data,
                  const char *summary, int64_t created, const char *lang, const notify_view *v,
                  int64_t now, gisac_buf *subject, gisac_buf *text, gisac_buf *link)
{
    int en = strcmp(notify_lang_of(lang), "en") == 0;
    json_error_t je;
    json_t *a = about && *about ? json_loads(about, 0, &je) : NULL;
    json_t *d = data && *data ? json_loads(data, 0, &je) : NULL;
    facts f = {0};
    facts_from(a, event, &f);
    facts_from(d, event, &f);
    if (!f.type)
        facts_from(NULL, event, &f);
    const render_row *row = rows;
    while (row->event && !(event && strcmp(row->event, event) == 0))
        row++;
    const labels *L = en ? &en_labels : &zh_labels;
    const render_type *t = type_of(f.type);
    const gisac_tz *tz = v ? v->tz : NULL;
    gisac_buf lk = GISAC_BUF_INIT;
    int bad = link_of(v, &f, &lk) < 0;
    if (!f.id && summary && *summary) /* no object: the event's own summary */
        bad |= gisac_buf_puts(subject, summary);
    else
        bad |= fill(en ? row->en : row->zh, event, agency, &f, en, v, now, subject);
    const char *sep = en ? ": " : "：";
    bad |= gisac_buf_append(text, subject->data ? subject->data : "", subject->len);
    bad |= gisac_buf_puts(text, "\n\n");
    if (f.id)
        bad |= gisac_buf_printf(text, "%s%s%s\n", en ? t->en : t->zh, sep, f.id);
    if (f.title)
        bad |= gisac_buf_printf(text, "%s%s%s\n", L->title, sep, f.title);
    bad |= gisac_buf_printf(text, "%s%s%s\n", L->agency, sep, agency && *agency ? agency : "-");
    if (f.level)
        bad |= en ? gisac_buf_printf(text, "%s%s%lld\n", L->level, sep, (long long)f.level)
                  : gisac_buf_printf(text, "%s%s第 %lld 級\n", L->level, sep, (long long)f.level);
    if (f.deadline && f.due) {
        char due[GISAC_TIME_LEN], left[64];
        gisac_time_format_local(f.due, tz, due);
        span(f.due - now, en, left, sizeof left);
        const char *what = deadline_word(f.deadline, en);
        const char *label = f.next ? L->next : L->deadline;
        if (en)
            bad |=
                gisac_buf_printf(text, "%s%s%s, due %s (%s %s)\n", label, sep, what, due,
                                 f.due >= now ? left : L->overdue, f.due >= now ? L->left : left);
        else
            bad |= gisac_buf_printf(text, "%s%s%s，%s（%s %s）\n", label, sep, what, due,
                                    f.due >= now ? L->left : L->overdue, left);
    }
    if (lk.len)
        bad |= gisac_buf_printf(text, "%s%s%s\n", L->link, sep, lk.data);
    char ts[GISAC_TIME_LEN];
    gisac_time_format_local(created, tz, ts);
    bad |= gisac_buf_printf(text, "%s%s%s\n", L->time, sep, ts);
    if (link && lk.len)
        bad |= gisac_buf_append(link, lk.data, lk.len);
    gisac_buf_free(&lk);
    json_decref(a);
    json_decref(d);
    return bad ? GISAC_ENOMEM : 0;
}

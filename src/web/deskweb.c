/* deskweb.c: helpers shared by the desk's pages and API (deskweb.h). */
#include "common.h"
#include "deskweb.h"
#include "deskview.h"
#include "demoweb.h"
#include "form.h"
#include "auth.h"
#include "db.h"
#include "money.h"
#include "pages.h"
#include "perm.h"
#include "registry.h"

void deskweb_not_found(struct ctx *c)
{
    page_not_found(c);
}

void deskweb_fail(struct ctx *c, const struct pcn_msg *m)
{
    fprintf(stderr, "pcnops: %s %s: %s\n", c->q->method, c->q->path, m->text);
    if (c->api)
        api_error(c, 500, "the store failed");
    else
        ui_error_page(c, 500, "Sorry, there is a problem with the service", "Try again later.");
}

bool deskweb_failed(struct ctx *c, int rc, const struct pcn_msg *m)
{
    if (rc == PCN_ENOTFOUND)
        deskweb_not_found(c);
    else if (rc)
        deskweb_fail(c, m);
    return rc != 0;
}

void deskweb_done(struct ctx *c, int rc, const struct pcn_msg *m, const char *url)
{
    if (rc)
        deskweb_fail(c, m);
    else
        http_resp_redirect(c->r, url);
}

bool deskweb_pcn(struct ctx *c, const char *code, const char **name)
{
    struct pcn_msg m = {0};
    struct org_info info;
    if (deskweb_failed(c, deskdb_check_pcn(c->db, code, &m), &m))
        return false;
    *name = registry_org(c->db, code, c->today, c->a, &info, &m) == 0 && info.name ? info.name
                                                                                   : code;
    return true;
}

bool deskweb_open(struct ctx *c, bool write, struct desk_page *d)
{
    const char *code = c->params[0];
    memset(d, 0, sizeof *d);
    if (!(write ? perm_write_desk(c, code) : perm_read_desk(c, code))) {
        perm_denied(c, "desk", code);
        deskweb_not_found(c);
        return false;
    }
    if (!deskweb_pcn(c, code, &d->pcn_name))
        return false;
    d->pcn = code;
    d->base = arena_printf(c->a, "/pcn/%s/desk", code);
    return true;
}

bool deskweb_open_record(struct ctx *c, struct desk_page *d, int64_t *id)
{
    if (!deskweb_open(c, true, d))
        return false;
    if (parse_i64(c->params[1], 1, INT64_MAX, id)) {
        deskweb_not_found(c);
        return false;
    }
    return true;
}

void deskweb_actor(struct ctx *c, struct desk_actor *w)
{
    memset(w, 0, sizeof *w);
    if (c->user) {
        w->user_id = c->user->id;
        w->email = c->user->email;
        w->role = role_name(c->user->role);
        w->org = c->user->org;
    }
    w->ip = c->q->remote;
    w->now = c->q->now;
}

void deskweb_show(struct ctx *c, bool write, deskweb_page_fn *page)
{
    struct desk_page d;
    if (deskweb_open(c, write, &d))
        page(c, &d, NULL);
}

bool deskweb_open_post(struct ctx *c, struct desk_post *p)
{
    memset(p, 0, sizeof *p);
    if (!deskweb_open(c, true, &p->d))
        return false;
    deskweb_actor(c, &p->w);
    return true;
}

bool deskweb_open_post_record(struct ctx *c, struct desk_post *p, int64_t *id)
{
    memset(p, 0, sizeof *p);
    if (!deskweb_open_record(c, &p->d, id))
        return false;
    deskweb_actor(c, &p->w);
    return true;
}

void deskweb_post_end(struct ctx *c, struct desk_post *p, int rc, deskweb_page_fn *page,
                      const char *then)
{
    if (rc == PCN_EINVAL || p->e.n) {
        page(c, &p->d, &p->e);
        return;
    }
    deskweb_done(c, rc, &p->m, arena_printf(c->a, "%s%s", p->d.base, then));
}

const struct deskrules *deskweb_rules(struct ctx *c, const char **problem)
{
    struct pcn_msg m = {0};
    const struct deskrules *r = web_deskrules(c, problem, &m);
    if (!r) {
        /* The rules cannot be read: an empty set, and the reason. */
        struct deskrules *e = ARENA_NEW(c->a, struct deskrules);
        deskrules_init(e, c->w->rules_dir);
        *problem = arena_strdup(c->a, m.text);
        return e;
    }
    return r;
}

int deskweb_funding(struct ctx *c, const char *pcn, date_t on, struct desk_funding *f,
                    const char **rules_problem, struct pcn_msg *m)
{
    const struct deskrules *r = deskweb_rules(c, rules_problem);
    return deskdb_funding(c->db, r, pcn, on, c->a, f, m);
}

int deskweb_time(struct ctx *c, const char *pcn, date_t from, date_t to, struct deskweb_time *t,
                 struct pcn_msg *m)
{
    t->from = from;
    t->to = to;
    return deskweb_funding(c, pcn, to, &t->f, &t->problem, m) ||
                   desk_funded_on(&t->f, to, &t->fd, m) ||
                   deskdb_activities(c->db, pcn, from, to, c->a, &t->acts, &t->nacts, m) ||
                   desk_summarise(t->acts, t->nacts, from, to, &t->f, c->a, &t->s, m)
               ? PCN_EIO
               : 0;
}

int deskweb_overview(struct ctx *c, const char *pcn, struct deskweb_overview *o, struct pcn_msg *m)
{
    date_t to = c->today, from = desk_week_start(to) - 21;
    return deskweb_time(c, pcn, from, to, &o->t, m) ||
                   deskdb_requests(c->db, pcn, c->a, &o->reqs, &o->nreqs, m) ||
                   deskdb_overdue(c->db, pcn, c->today, c->a, &o->over, &o->nover, m) ||
                   deskdb_responsibilities(c->db, pcn, c->a, &o->resp, &o->nresp, m)
               ? PCN_EIO
               : 0;
}

bool deskweb_open_overview(struct ctx *c, struct desk_page *d, struct deskweb_overview *o)
{
    struct pcn_msg m = {0};
    if (!deskweb_open(c, false, d))
        return false;
    if (deskweb_overview(c, d->pcn, o, &m)) {
        deskweb_fail(c, &m);
        return false;
    }
    return true;
}

void deskweb_reply(struct ctx *c, int status, json_t *j)
{
    http_resp_start(c->r, status, "application/json");
    char *text = deskview_dump(j, false);
    json_decref(j);
    if (!text) {
        c->r->status = 500;
        BUF_LIT(&c->r->body, "{\"error\":{\"status\":500,\"message\":\"out of memory\"}}\n");
        return;
    }
    buf_adds(&c->r->body, text);
    buf_addc(&c->r->body, '\n');
    free(text);
}

/* ---- the frame ---------------------------------------------------------- */

static const struct {
    const char *tab, *path, *text;
} tabs[] = {
    {"overview", "", "Overview"},
    {"time", "/time", "Time"},
    {"requests", "/requests", "Requests"},
    {"delegation", "/delegation", "Delegation"},
    {"stakeholders", "/stakeholders", "Stakeholders and engagement"},
    {"brief", "/brief", "Meeting brief"},
    {"supervision", "/supervision", "Supervision"},
};

/* The desk's date inputs: the error summary links to their day field. */
static const char *const date_fields[] = {"date",      "received", "due",      "from", "to",
                                          "follow_up", "session",  "attended", "on",   NULL};

/* The fields of each tab's forms in the order the page shows them, so that
 * the error summary lists the messages in that order whichever check
 * (the form's, the pure rules', the store's) found them. */
static const struct {
    const char *tab;
    const char *const *fields;
} field_order[] = {
    {"time", (const char *const[]){"date", "hours", "category", "title", "meeting", "stakeholder",
                                   "request", "note", NULL}},
    {"requests",
     (const char *const[]){"received", "requester", "organisation", "stakeholder", "what", "due",
                           "hours", "within", "performance_management", "decision", "delegate_to",
                           "decline_reason", "decline_note", "outcome", "done", NULL}},
    {"stakeholders", (const char *const[]){"name", "organisation", "kind", "role_title",
                                           "influence", "interest", "notes", "date", "stakeholder",
                                           "purpose", "asks", "commitments", "follow_up", NULL}},
    {"delegation", (const char *const[]){"responsibility", "from", "lead", "lead_role", "cd_share",
                                         "note", "area", "role", "title", NULL}},
    {"supervision", (const char *const[]){"staff", "session", "attended", "supervisor", "course",
                                          "provider", "hours", "note", "role", "max_days", NULL}},
};

void deskweb_begin(struct ctx *c, struct html *h, const struct desk_page *d, const char *title,
                   const char *tab, const struct desk_errs *e)
{
    struct form_errs *es = ARENA_NEW(c->a, struct form_errs);
    form_errs_init(es, c->a);
    if (e)
        form_errs_from_desk(es, e, date_fields);
    for (size_t i = 0; i < ARRAY_SIZE(field_order); i++)
        if (strcmp(field_order[i].tab, tab) == 0)
            form_errs_sort(es, field_order[i].fields);
    deskweb_begin_form(c, h, d, title, tab, es);
}

void deskweb_begin_form(struct ctx *c, struct html *h, const struct desk_page *d, const char *title,
                        const char *tab, const struct form_errs *es)
{
    struct ui_crumb *crumbs = ARENA_ARRAY(c->a, struct ui_crumb, 3);
    size_t nc = 0;
    crumbs[nc++] = (struct ui_crumb){"Home", "/"};
    crumbs[nc++] = (struct ui_crumb){d->pcn_name, arena_printf(c->a, "/pcn/%s", d->pcn)};
    if (strcmp(tab, "overview") != 0)
        crumbs[nc++] = (struct ui_crumb){"Clinical director's desk", d->base};
    bool err = es && es->n > 0;
    bool home = strcmp(tab, "overview") == 0;
    struct ui_page p = {.title = title,
                        .section = home ? NULL : "Clinical director's desk",
                        .errors = es ? es->e : NULL,
                        .nerrors = es ? es->n : 0,
                        .crumbs = crumbs,
                        .ncrumbs = nc,
                        .active_nav = d->base};
    if (!c->r->status || c->r->status == 200)
        http_resp_start(c->r, err ? 400 : 200, "text/html; charset=utf-8");
    ui_begin(c, h, &p);
    HTML_LIT(h, "<h1><span class=\"nhsuk-caption-l\">");
    html_text(h, d->pcn_name);
    HTML_LIT(h, " (");
    html_text(h, d->pcn);
    HTML_LIT(h, ")</span>");
    html_text(h, title);
    HTML_LIT(h, "</h1>\n<nav class=\"nhsuk-contents-list pcnops-no-print\" "
                "aria-label=\"Clinical director's desk\"><ul class=\"nhsuk-contents-list__list\">");
    for (size_t i = 0; i < ARRAY_SIZE(tabs); i++) {
        bool cur = strcmp(tabs[i].tab, tab) == 0;
        HTML_LIT(h, "<li class=\"nhsuk-contents-list__item\"");
        if (cur) {
            HTML_LIT(h, " aria-current=\"page\"><span class=\"nhsuk-contents-list__current\">");
            html_text(h, tabs[i].text);
            HTML_LIT(h, "</span></li>");
            continue;
        }
        HTML_LIT(h, "><a class=\"nhsuk-contents-list__link\" href=\"");
        html_url(h, arena_printf(c->a, "%s%s", d->base, tabs[i].path));
        HTML_LIT(h, "\">");
        html_text(h, tabs[i].text);
        HTML_LIT(h, "</a></li>");
    }
    HTML_LIT(h, "</ul></nav>\n");
    demoweb_notice(c, h, d->pcn);
}

void deskweb_end(struct ctx *c, struct html *h)
{
    ui_end(c, h);
}

const struct ui_error *deskweb_err(struct ctx *c, const struct desk_errs *e, const char *field)
{
    const char *t = desk_errs_get(e, field);
    if (!t)
        return NULL;
    struct ui_error *u = ARENA_NEW(c->a, struct ui_error);
    u->field = field;
    u->text = t;
    return u;
}

/* ---- forms -------------------------------------------------------------- */

date_t deskweb_form_date(struct ctx *c, const char *id, const char *label, struct desk_errs *e)
{
    date_t d;
    bool empty;
    if (ui_form_date(c->q, id, &d, &empty) == 0)
        return d;
    if (!empty)
        desk_errs_add(e, id, "%s must be a real date, like 23 11 2026", label);
    return DATE_NONE;
}

void deskweb_date_input(struct ctx *c, struct html *h, const char *id, const char *legend,
                        const char *hint, date_t d, const struct desk_errs *e)
{
    const char *day, *month, *year;
    if (strcmp(c->q->method, "POST") == 0) {
        day = http_form_str(c->q, arena_printf(c->a, "%s-day", id));
        month = http_form_str(c->q, arena_printf(c->a, "%s-month", id));
        year = http_form_str(c->q, arena_printf(c->a, "%s-year", id));
    } else {
        ui_date_parts(c->a, d, &day, &month, &year);
    }
    ui_date_input(h, id, legend, hint, day, month, year, deskweb_err(c, e, id));
}

/* A date from the query: ISO (?from=2026-11-01) or the parts of a date
 * input (?from-day=1&from-month=11&from-year=2026).  0 with DATE_NONE when
 * absent; PCN_EINVAL when malformed. */
static int query_date(struct ctx *c, const char *id, date_t *out)
{
    const char *iso = http_query(c->q, id);
    *out = DATE_NONE;
    if (iso && *iso)
        return date_parse_iso(iso, strlen(iso), out);
    const char *p[3];
    int64_t v[3];
    static const char *const parts[3] = {"day", "month", "year"};
    bool any = false;
    for (int i = 0; i < 3; i++) {
        p[i] = http_query(c->q, arena_printf(c->a, "%s-%s", id, parts[i]));
        if (p[i] && *p[i])
            any = true;
    }
    if (!any)
        return 0;
    for (int i = 0; i < 3; i++)
        if (!p[i] || parse_i64(p[i], 1, 9999, &v[i]))
            return PCN_EINVAL;
    if (!date_valid_ymd((int)v[2], (int)v[1], (int)v[0]))
        return PCN_EINVAL;
    *out = date_from_ymd((int)v[2], (int)v[1], (int)v[0]);
    return 0;
}

bool deskweb_period(struct ctx *c, int days, date_t *from, date_t *to)
{
    const char *problem = NULL;
    if (query_date(c, "from", from))
        problem = "from: give a real date, as YYYY-MM-DD or its day, month and year";
    else if (query_date(c, "to", to))
        problem = "to: give a real date, as YYYY-MM-DD or its day, month and year";
    if (!problem) {
        if (*to == DATE_NONE)
            *to = c->today;
        if (*from == DATE_NONE)
            *from = *to - (days - 1);
        if (*to < *from)
            problem = "The end of the period must be on or after its start";
        else if (*to - *from + 1 > DESK_PERIOD_DAYS_MAX)
            problem = "The period must be 3,700 days or shorter";
        else if (*from < DATE_MIN + 1 || *to > DATE_MAX - 1)
            problem = "The period is out of range";
    }
    if (!problem)
        return true;
    if (c->api)
        api_error(c, 400, problem);
    else
        ui_error_page(c, 400, "The dates are not right", problem);
    return false;
}

/* ---- numbers ------------------------------------------------------------ */

void deskweb_hours(struct html *h, int64_t mmin)
{
    desk_add_hours(h->b, mmin);
    HTML_LIT(h, " hours");
}

void deskweb_duration(struct html *h, int64_t minutes)
{
    desk_add_duration(h->b, minutes);
}

void deskweb_percent(struct html *h, int64_t bp)
{
    /* one decimal, rounded half up: 3,252 bp = 32.5% */
    int64_t tenths = money_div_round(bp, 10, ROUND_HALF_UP);
    fixed_add(h->b, tenths, 1, 0, true);
    HTML_LIT(h, "%");
}

void deskweb_td_hours(struct html *h, int64_t minutes)
{
    ui_td_open(h, true);
    desk_add_hours(h->b, minutes * 1000);
    ui_td_close(h);
}

/* ---- components --------------------------------------------------------- */

void deskweb_warning(struct html *h, const char *heading, const char *text)
{
    HTML_LIT(h, "<div class=\"nhsuk-warning-callout\"><h3 class=\"nhsuk-warning-callout__label\">"
                "<span role=\"text\"><span class=\"nhsuk-u-visually-hidden\">Important: </span>");
    html_text(h, heading);
    HTML_LIT(h, "</span></h3><p>");
    html_text(h, text);
    HTML_LIT(h, "</p></div>");
}

void deskweb_success(struct html *h, const char *text)
{
    HTML_LIT(h, "<div class=\"nhsuk-notification-banner nhsuk-notification-banner--success\" "
                "role=\"alert\" aria-labelledby=\"desk-banner-title\" "
                "data-module=\"nhsuk-notification-banner\"><div "
                "class=\"nhsuk-notification-banner__header\"><h2 "
                "class=\"nhsuk-notification-banner__title\" id=\"desk-banner-title\">Success</h2>"
                "</div><div class=\"nhsuk-notification-banner__content\"><p "
                "class=\"nhsuk-notification-banner__heading\">");
    html_text(h, text);
    HTML_LIT(h, "</p></div></div>");
}

void deskweb_conf_tag(struct html *h, enum confidence conf)
{
    if (conf_doubtful(conf)) {
        HTML_LIT(h, " ");
        ui_tag(h, conf_tag(conf));
    }
}

void deskweb_trail(struct html *h, const struct trail *t)
{
    HTML_LIT(h, "<details class=\"nhsuk-details\"><summary class=\"nhsuk-details__summary\">"
                "<span class=\"nhsuk-details__summary-text\">How this was worked out</span>"
                "</summary><div class=\"nhsuk-details__text\"><ol class=\"nhsuk-list "
                "nhsuk-list--number\">");
    for (size_t i = 0; i < t->n; i++) {
        HTML_LIT(h, "<li>");
        html_text(h, t->steps[i].text);
        if (t->steps[i].source) {
            HTML_LIT(h, " <span class=\"nhsuk-u-secondary-text-colour\">(");
            html_text(h, t->steps[i].source);
            HTML_LIT(h, ")</span>");
        }
        if (t->steps[i].conf != CONF_NONE) {
            HTML_LIT(h, " ");
            ui_tag(h, conf_tag(t->steps[i].conf));
        }
        HTML_LIT(h, "</li>");
    }
    HTML_LIT(h, "</ol></div></details>");
}

const char *deskweb_for_people(struct ctx *c, const char *text)
{
    /* FILE:LINE: rest  ->  FILE, line LINE: rest */
    const char *colon = strchr(text, ':');
    if (!colon)
        return text;
    const char *p = colon + 1;
    size_t nd = 0;
    while (p[nd] >= '0' && p[nd] <= '9')
        nd++;
    if (nd == 0 || p[nd] != ':')
        return text;
    const char *rest = p + nd + 1;
    if (*rest == ' ')
        rest++;
    return arena_printf(c->a, "%.*s, line %.*s: %s", (int)(colon - text), text, (int)nd, p, rest);
}

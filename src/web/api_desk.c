/* api_desk.c: the clinical director's desk as JSON under
 * /api/v1/pcns/CODE/..., the data of each desk page in deskview.h's JSON
 * (the same as the CLI's --json).  Only the PCN's clinical director and
 * PCN managers, and admins, may use it (perm_read_desk); anyone else gets
 * 404 and the refusal is audited.  POST /api/v1/pcns/CODE/time adds an
 * activity from a JSON body (with an API token; a browser session's
 * POSTs need the CSRF token of a form). */
#include "common.h"
#include "deskbrief.h"
#include "deskdb.h"
#include "desksup.h"
#include "deskview.h"
#include "deskweb.h"
#include "pages.h"

static json_t *errors_json(const struct desk_errs *e)
{
    json_t *a = json_array();
    for (size_t i = 0; i < e->n; i++)
        json_array_append_new(
            a, json_pack("{s:s,s:s}", "field", e->e[i].field, "message", e->e[i].text));
    return a;
}

void api_desk(struct ctx *c)
{
    struct desk_page d;
    struct deskweb_overview o;
    if (!deskweb_open_overview(c, &d, &o))
        return;
    long pending = 0;
    for (size_t i = 0; i < o.nreqs; i++)
        pending += o.reqs[i].decision == DEC_PENDING;
    int64_t share = desk_cd_share_avg_bp(o.resp, o.nresp, c->today);
    json_t *j = json_pack("{s:s,s:s,s:o,s:I,s:o,s:o}", "pcn", d.pcn, "name", d.pcn_name,
                          "last_4_weeks", deskview_summary(d.pcn, &o.t.s, &o.t.fd),
                          "pending_requests", (json_int_t)pending, "overdue_followups",
                          deskview_engagements(o.over, o.nover, c->today), "cd_share_bp",
                          share >= 0 ? json_integer(share) : json_null());
    json_object_set_new(j, "rules_problem", o.t.problem ? json_string(o.t.problem) : json_null());
    deskweb_reply(c, 200, j);
}

void api_desk_time(struct ctx *c)
{
    struct desk_page d;
    struct pcn_msg m = {0};
    struct deskweb_time t;
    date_t from = DATE_NONE, to = DATE_NONE;
    if (!deskweb_open(c, false, &d) || !deskweb_period(c, 84, &from, &to))
        return;
    if (deskweb_time(c, d.pcn, from, to, &t, &m)) {
        deskweb_fail(c, &m);
        return;
    }
    json_t *j = deskview_summary(d.pcn, &t.s, &t.fd);
    json_object_set_new(j, "activities", deskview_activities(t.acts, t.nacts));
    deskweb_reply(c, 200, j);
}

/* The body's stakeholder_ids and request_ids into a's links; each problem in e. */
static void read_ids(struct ctx *c, json_t *sids, json_t *rids, struct desk_activity *a,
                     struct desk_errs *e)
{
    for (int k = 0; k < 2; k++) {
        json_t *arr = k ? rids : sids;
        if (!arr)
            continue;
        if (!json_is_array(arr)) {
            desk_errs_add(e, k ? "request" : "stakeholder", "%s must be an array of ids",
                          k ? "request_ids" : "stakeholder_ids");
            continue;
        }
        size_t n = json_array_size(arr);
        int64_t *v = ARENA_ARRAY(c->a, int64_t, n + 1);
        for (size_t i = 0; i < n; i++) {
            json_t *x = json_array_get(arr, i);
            if (!json_is_integer(x) || json_integer_value(x) <= 0)
                desk_errs_add(e, k ? "request" : "stakeholder", "ids are positive whole numbers");
            else
                v[i] = json_integer_value(x);
        }
        if (k) {
            a->requests = v;
            a->nrequests = n;
        } else {
            a->stakeholders = v;
            a->nstakeholders = n;
        }
    }
}

void api_desk_time_post(struct ctx *c)
{
    struct desk_post p;
    json_error_t jerr;
    if (!deskweb_open_post(c, &p))
        return;
    json_t *body = json_loadb(c->q->body ? c->q->body : "", c->q->body_len, JSON_REJECT_DUPLICATES,
                              &jerr);
    const char *date = NULL, *category = NULL, *title = "", *note = "", *hours = NULL;
    json_int_t minutes = -1;
    int meeting = 1;
    json_t *sids = NULL, *rids = NULL;
    if (!body) {
        api_error(c, 400,
                  arena_printf(c->a, "the body is not JSON: %s (line %d, column %d)", jerr.text,
                               jerr.line, jerr.column));
        return;
    }
    if (json_unpack_ex(body, &jerr, JSON_STRICT, "{s:s, s?I, s?s, s:s, s?s, s?s, s?b, s?o, s?o}",
                       "date", &date, "minutes", &minutes, "hours", &hours, "category", &category,
                       "title", &title, "note", &note, "meeting", &meeting, "stakeholder_ids",
                       &sids, "request_ids", &rids)) {
        api_error(c, 400, arena_printf(c->a, "%s", jerr.text));
        json_decref(body);
        return;
    }
    struct desk_activity a = {.title = arena_strdup(c->a, title),
                              .note = arena_strdup(c->a, note),
                              .meeting = meeting,
                              .source = "api",
                              .uid = ""};
    if (date_parse_iso(date, strlen(date), &a.date)) {
        a.date = DATE_NONE;
        desk_errs_add(&p.e, "date", "date: give a date as YYYY-MM-DD");
    }
    if (desk_category_parse(category, &a.cat)) {
        a.cat = DC_COUNT;
        desk_errs_add(&p.e, "category",
                      "category: one of practices, pcn_operations, "
                      "system_meetings, place_int, lmc, mp_engagement, "
                      "clinical_leadership, training_hub, other");
    }
    bool has_minutes = json_object_get(body, "minutes") != NULL;
    if (has_minutes == (hours != NULL)) {
        desk_errs_add(&p.e, "hours", "give minutes or hours (one of them)");
    } else if (hours) {
        int64_t mm;
        if (desk_parse_hours(hours, &mm, &p.m))
            desk_errs_add(&p.e, "hours", "%s", p.m.text);
        else
            a.minutes = mm;
    } else {
        a.minutes = minutes;
    }
    read_ids(c, sids, rids, &a, &p.e);
    json_decref(body);
    int64_t id = 0;
    int rc = p.e.n ? PCN_EINVAL
                   : deskdb_add_activities(c->db, &p.w, p.d.pcn, &a, 1, c->today, "desk-time-add",
                                           c->a, &id, &p.e, &p.m);
    if (rc == PCN_EINVAL || p.e.n) {
        deskweb_reply(c, 400,
                      json_pack("{s:{s:i,s:s,s:o}}", "error", "status", 400, "message",
                                p.e.n ? p.e.e[0].text : p.m.text, "errors", errors_json(&p.e)));
        return;
    }
    if (rc) {
        deskweb_fail(c, &p.m);
        return;
    }
    a.id = id;
    deskweb_reply(c, 201, deskview_activity(&a));
}

void api_desk_funded(struct ctx *c)
{
    struct desk_page d;
    struct pcn_msg m = {0};
    struct desk_funding f;
    struct desk_funded fd;
    struct desk_summary s;
    const char *problem;
    struct trail t;
    if (!deskweb_open(c, false, &d))
        return;
    if (deskweb_funding(c, d.pcn, c->today, &f, &problem, &m) ||
        desk_funded_on(&f, c->today, &fd, &m) ||
        desk_summarise(NULL, 0, c->today, c->today, &f, c->a, &s, &m)) {
        deskweb_fail(c, &m);
        return;
    }
    trail_init(&t, c->a);
    desk_funded_trail(&f, &fd, &t);
    json_t *ov = json_array();
    for (size_t i = 0; i < f.noverrides; i++)
        json_array_append_new(ov, json_pack("{s:o,s:o,s:s}", "from",
                                            deskview_date(f.overrides[i].from), "minutes_per_week",
                                            f.overrides[i].minutes_per_week >= 0
                                                ? json_integer(f.overrides[i].minutes_per_week)
                                                : json_null(),
                                            "note", f.overrides[i].note));
    json_t *sum = deskview_summary(d.pcn, &s, &fd);
    json_t *week = json_incref(json_object_get(sum, "funded_per_week"));
    json_decref(sum);
    deskweb_reply(c, 200,
                  json_pack("{s:s,s:o,s:o,s:o,s:o,s:o,s:o}", "pcn", d.pcn, "on",
                            deskview_date(c->today), "funded_per_week", week, "registered_patients",
                            f.patients >= 0 ? json_integer(f.patients) : json_null(),
                            "list_size_date", deskview_date(f.patients_date), "pcn_figures", ov,
                            "trail", deskview_trail(&t)));
}

void api_desk_requests(struct ctx *c)
{
    struct desk_page d;
    struct pcn_msg m = {0};
    struct desk_request *r;
    size_t n;
    if (!deskweb_open(c, false, &d))
        return;
    if (deskdb_requests(c->db, d.pcn, c->a, &r, &n, &m)) {
        deskweb_fail(c, &m);
        return;
    }
    deskweb_reply(c, 200,
                  json_pack("{s:s,s:o}", "pcn", d.pcn, "requests", deskview_requests(r, n)));
}

void api_desk_report(struct ctx *c)
{
    struct desk_page d;
    struct pcn_msg m = {0};
    struct desk_funding f;
    struct desk_activity *acts;
    struct desk_request *reqs;
    struct desk_report rep;
    size_t nacts, nreqs;
    const char *problem;
    int64_t mmin;
    bool known;
    enum confidence conf;
    date_t from = DATE_NONE, to = DATE_NONE;
    if (!deskweb_open(c, false, &d) || !deskweb_period(c, 91, &from, &to))
        return;
    if (deskweb_funding(c, d.pcn, to, &f, &problem, &m) ||
        desk_funded_between(&f, from, to, &mmin, &known, &conf, &m) ||
        deskdb_activities(c->db, d.pcn, from, to, c->a, &acts, &nacts, &m) ||
        deskdb_requests(c->db, d.pcn, c->a, &reqs, &nreqs, &m)) {
        deskweb_fail(c, &m);
        return;
    }
    int64_t logged = 0;
    for (size_t i = 0; i < nacts; i++)
        logged += acts[i].minutes;
    if (desk_report_build(reqs, nreqs, from, to, known ? mmin : -1, conf, logged, c->a, &rep, &m)) {
        deskweb_fail(c, &m);
        return;
    }
    deskweb_reply(c, 200, deskview_report(d.pcn, &rep));
}

void api_desk_delegation(struct ctx *c)
{
    struct desk_page d;
    struct pcn_msg m = {0};
    struct desk_responsibility *r;
    size_t n;
    date_t on = c->today;
    const char *q = http_query(c->q, "on");
    if (!deskweb_open(c, false, &d))
        return;
    if (q && date_parse_iso(q, strlen(q), &on)) {
        api_error(c, 400, "on: give a date as YYYY-MM-DD");
        return;
    }
    if (deskdb_responsibilities(c->db, d.pcn, c->a, &r, &n, &m)) {
        deskweb_fail(c, &m);
        return;
    }
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(arr, deskview_responsibility(&r[i], on));
    int64_t avg = desk_cd_share_avg_bp(r, n, on);
    deskweb_reply(c, 200,
                  json_pack("{s:s,s:o,s:o,s:o}", "pcn", d.pcn, "on", deskview_date(on),
                            "cd_share_avg_bp", avg >= 0 ? json_integer(avg) : json_null(),
                            "responsibilities", arr));
}

void api_desk_stakeholders(struct ctx *c)
{
    struct desk_page d;
    struct pcn_msg m = {0};
    struct desk_stakeholder *s;
    struct desk_engagement *g;
    size_t ns, ng;
    if (!deskweb_open(c, false, &d))
        return;
    if (deskdb_stakeholders(c->db, d.pcn, c->a, &s, &ns, &m) ||
        deskdb_engagements(c->db, d.pcn, c->today, c->a, &g, &ng, &m)) {
        deskweb_fail(c, &m);
        return;
    }
    long overdue = 0;
    for (size_t i = 0; i < ng; i++)
        overdue += desk_followup_state(&g[i], c->today) == FU_OVERDUE;
    deskweb_reply(c, 200,
                  json_pack("{s:s,s:o,s:o,s:I}", "pcn", d.pcn, "stakeholders",
                            deskview_stakeholders(s, ns), "engagements",
                            deskview_engagements(g, ng, c->today), "overdue_followups",
                            (json_int_t)overdue));
}

void api_desk_brief(struct ctx *c)
{
    struct desk_page d;
    struct pcn_msg m = {0};
    struct desk_brief b;
    date_t meeting = DATE_NONE;
    const char *md = http_query(c->q, "meeting");
    if (!deskweb_open(c, false, &d))
        return;
    if (md && date_parse_iso(md, strlen(md), &meeting)) {
        api_error(c, 400, "meeting: give a date as YYYY-MM-DD");
        return;
    }
    const char *problem;
    if (deskbrief_build(c->db, web_rules(c, &m), deskweb_rules(c, &problem), d.pcn, c->today,
                        http_query(c->q, "audience"), meeting, c->a, &b, &m)) {
        deskweb_fail(c, &m);
        return;
    }
    deskweb_reply(c, 200, deskbrief_json(&b));
}

void api_desk_supervision(struct ctx *c)
{
    struct desk_page d;
    struct desk_supervision s;
    struct pcn_msg m = {0};
    const char *problem;
    if (!deskweb_open(c, false, &d))
        return;
    const struct rules *r = web_rules(c, &m);
    const struct deskrules *dr = deskweb_rules(c, &problem);
    if (desksup_load(c->db, dr, r, d.pcn, c->today, c->a, &s, &m)) {
        deskweb_fail(c, &m);
        return;
    }
    deskweb_reply(c, 200, desksup_json(d.pcn, &s, c->today));
}

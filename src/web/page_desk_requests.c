/* page_desk_requests.c: the requests register (every ask of the clinical
 * director, the decision and the outcome) and its report for a period, as
 * a printable page, CSV and XLSX. */
#include "common.h"
#include "buf.h"
#include "deskdb.h"
#include "deskview.h"
#include "deskweb.h"
#include "demo.h"
#include "demoweb.h"
#include "pages.h"
#include "sheet.h"

static const char *decision_tag(enum desk_decision d)
{
    return desk_decision_label(d); /* "Pending", "Accepted", "Delegated", "Declined" */
}

static void within_cell(struct html *h, const struct desk_request *r)
{
    enum desk_within w = desk_request_within(r);
    if (w == WITHIN_NO)
        ui_tag(h, "Outside the role");
    else if (w == WITHIN_UNCLEAR)
        ui_tag(h, "Not clear");
    else
        html_text(h, "Within the role");
    if (r->performance_management)
        HTML_LIT(h, "<br><span class=\"nhsuk-body-s\">Asks for performance management of "
                    "member practices</span>");
}

/* ---- the form ------------------------------------------------------------ */

/* The request as typed; errors added to e. */
static void read_form(struct ctx *c, struct desk_request *r, struct desk_errs *e)
{
    memset(r, 0, sizeof *r);
    r->received = deskweb_form_date(c, "received", "The date it was asked", e);
    r->due = deskweb_form_date(c, "due", "The date it is needed by", e);
    r->decided = DATE_NONE;
    r->requester = http_form_str(c->q, "requester");
    r->organisation = http_form_str(c->q, "organisation");
    r->what = http_form_str(c->q, "what");
    r->delegate_to = http_form_str(c->q, "delegate_to");
    r->decline_note = http_form_str(c->q, "decline_note");
    r->outcome = http_form_str(c->q, "outcome");
    if (!r->organisation)
        r->organisation = "";
    if (!r->delegate_to)
        r->delegate_to = "";
    if (!r->decline_note)
        r->decline_note = "";
    if (!r->outcome)
        r->outcome = "";
    const char *sh = http_form_str(c->q, "stakeholder");
    if (sh && *sh && parse_i64(sh, 1, INT64_MAX, &r->stakeholder_id))
        desk_errs_add(e, "stakeholder", "Choose who asked from the list");
    const char *hours = http_form_str(c->q, "hours");
    r->est_minutes = -1;
    if (hours && *hours) {
        struct pcn_msg m = {0};
        if (desk_parse_hours(hours, &r->est_minutes, &m))
            desk_errs_add(e, "hours", "%s",
                          strstr(m.text, "more than 0") ? "The estimate must be 0 or more"
                                                        : "Enter the estimate in hours, like 4 "
                                                          "or 1.5");
    }
    if (desk_within_parse(http_form_str(c->q, "within"), &r->within)) {
        r->within = WITHIN_UNCLEAR;
        desk_errs_add(e, "within", "Select whether it is within the clinical director's role");
    }
    r->performance_management = http_form_str(c->q, "performance_management") != NULL;
    if (desk_decision_parse(http_form_str(c->q, "decision"), &r->decision)) {
        r->decision = DEC_PENDING;
        desk_errs_add(e, "decision", "Select the decision");
    }
    const char *reason = http_form_str(c->q, "decline_reason");
    if (reason && *reason && desk_decline_parse(reason, &r->decline_reason))
        desk_errs_add(e, "decline_reason", "Select why it was declined");
    r->done = http_form_str(c->q, "done") != NULL;
}

static void request_form(struct ctx *c, struct html *h, const struct desk_page *d,
                         const struct desk_request *r, const struct desk_errs *e,
                         const char *action, const char *button)
{
    struct pcn_msg m = {0};
    struct desk_stakeholder *sh = NULL;
    size_t nsh = 0;
    bool post = e != NULL;
    if (deskdb_stakeholders(c->db, d->pcn, c->a, &sh, &nsh, &m))
        fprintf(stderr, "pcnops: request form: %s\n", m.text);
#define VAL(name, stored) (post ? http_form_str(c->q, name) : (stored))
    HTML_LIT(h, "<form action=\"");
    html_url(h, action);
    HTML_LIT(h, "\" method=\"post\" novalidate>");
    ui_csrf(c, h);
    deskweb_date_input(c, h, "received", "When it was asked", "For example, 2 11 2026",
                       r ? r->received : c->today, e);
    ui_input(h, "requester", "Who asked", "Their name", "text",
             VAL("requester", r ? r->requester : NULL), "nhsuk-input--width-20",
             deskweb_err(c, e, "requester"));
    ui_input(h, "organisation", "From which organisation (optional)",
             "For example, NHS Alpha ICB, the LMC or a member practice", "text",
             VAL("organisation", r ? r->organisation : NULL), "nhsuk-input--width-20",
             deskweb_err(c, e, "organisation"));
    if (nsh) {
        const char **v = ARENA_ARRAY(c->a, const char *, nsh + 1);
        const char **l = ARENA_ARRAY(c->a, const char *, nsh + 1);
        v[0] = "";
        l[0] = "Not in the stakeholder register";
        for (size_t i = 0; i < nsh; i++) {
            v[i + 1] = arena_printf(c->a, "%" PRId64, sh[i].id);
            l[i + 1] = sh[i].name;
        }
        const char *cur = r && r->stakeholder_id > 0
                              ? arena_printf(c->a, "%" PRId64, r->stakeholder_id)
                              : "";
        ui_select(h, "stakeholder", "Stakeholder (optional)", v, l, nsh + 1,
                  VAL("stakeholder", cur), deskweb_err(c, e, "stakeholder"));
    }
    ui_textarea(h, "what", "What they asked for", NULL, VAL("what", r ? r->what : NULL),
                deskweb_err(c, e, "what"));
    deskweb_date_input(c, h, "due", "Needed by (optional)", NULL, r ? r->due : DATE_NONE, e);
    const char *est = r && r->est_minutes >= 0
                          ? arena_printf(c->a, "%" PRId64 ":%02" PRId64, r->est_minutes / 60,
                                         r->est_minutes % 60)
                          : NULL;
    ui_input(h, "hours", "Estimated time, in hours (optional)", "For example, 4 or 1:30", "text",
             VAL("hours", est), "nhsuk-input--width-5", deskweb_err(c, e, "hours"));
    static const char *const wv[] = {"yes", "no", "unclear"};
    static const char *const wl[] = {"Yes, it is within the role", "No, it is outside the role",
                                     "Not clear"};
    ui_radios(h, "within",
              "Is it within the clinical director's role, as the Network "
              "Agreement describes it?",
              NULL, wv, wl, 3, VAL("within", r ? desk_within_id(r->within) : NULL),
              deskweb_err(c, e, "within"));
    static const char *const pv[] = {"yes"};
    static const char *const pl[] = {"It asks the clinical director to performance-manage "
                                     "member practices"};
    const char *pm = VAL("performance_management", r && r->performance_management ? "yes" : NULL);
    ui_checkboxes(h, "performance_management", "Performance management",
                  "This is outside the clinical director's role: the clinical director "
                  "leads a partnership of peers and is not their contract manager.",
                  pv, pl, 1, &pm, pm ? 1 : 0, NULL);
    static const char *const dv[] = {"pending", "accept", "delegate", "decline"};
    static const char *const dl[] = {"Not decided yet", "Accept", "Delegate to a named lead",
                                     "Decline"};
    ui_radios(h, "decision", "Decision", NULL, dv, dl, 4,
              VAL("decision", r ? desk_decision_id(r->decision) : "pending"),
              deskweb_err(c, e, "decision"));
    ui_input(h, "delegate_to", "If delegated: the lead's name", NULL, "text",
             VAL("delegate_to", r ? r->delegate_to : NULL), "nhsuk-input--width-20",
             deskweb_err(c, e, "delegate_to"));
    const char *rv[DECLINE_COUNT], *rl[DECLINE_COUNT];
    rv[0] = "";
    rl[0] = "Not declined";
    for (int i = 1; i < DECLINE_COUNT; i++) {
        rv[i] = desk_decline_id((enum desk_decline)i);
        rl[i] = desk_decline_label((enum desk_decline)i);
    }
    ui_select(
        h, "decline_reason", "If declined: why", rv, rl, DECLINE_COUNT,
        VAL("decline_reason", r && r->decline_reason ? desk_decline_id(r->decline_reason) : ""),
        deskweb_err(c, e, "decline_reason"));
    ui_textarea(h, "decline_note", "If declined: more about why (needed for \"Other reason\")",
                NULL, VAL("decline_note", r ? r->decline_note : NULL),
                deskweb_err(c, e, "decline_note"));
    ui_textarea(h, "outcome", "Outcome (optional)", "What happened, once it is known",
                VAL("outcome", r ? r->outcome : NULL), deskweb_err(c, e, "outcome"));
    static const char *const ov[] = {"yes"};
    static const char *const ol[] = {"Closed: nothing more to do"};
    const char *done = VAL("done", r && r->done ? "yes" : NULL);
    ui_checkboxes(h, "done", "Closed", NULL, ov, ol, 1, &done, done ? 1 : 0, NULL);
    ui_button(h, button, false);
    HTML_LIT(h, "</form>");
#undef VAL
}

/* ---- the register -------------------------------------------------------- */

static void requests_page(struct ctx *c, const struct desk_page *d, const struct desk_errs *e)
{
    struct html h = {&c->r->body};
    struct pcn_msg m = {0};
    struct desk_request *r;
    size_t n;
    if (deskdb_requests(c->db, d->pcn, c->a, &r, &n, &m)) {
        deskweb_fail(c, &m);
        return;
    }
    deskweb_begin(c, &h, d, "Requests", "requests", e);
    if (!e && http_query(c->q, "done"))
        deskweb_success(&h, "Request recorded");
    HTML_LIT(&h, "<p>Record every ask of you: who asked, what, by when and how long it would "
                 "take, whether it is within your role, and what you decided. Asking you to "
                 "performance-manage member practices is outside the clinical director's "
                 "role.</p><p class=\"pcnops-no-print\"><a href=\"");
    html_url(&h, arena_printf(c->a, "%s/requests/report", d->base));
    HTML_LIT(&h, "\">Report on the requests for a period, for the ICB or the LMC</a></p>");
    if (n == 0) {
        HTML_LIT(&h, "<p>No requests are recorded yet.</p>");
    } else {
        ui_table_begin(&h, "Requests", "Received,From,What,>Estimate (hours),Role,Decision");
        struct demoweb_ids demo = demoweb_ids(c, d->pcn, DEMO_REQUEST);
        for (size_t i = 0; i < n; i++) {
            ui_tr(&h);
            ui_td_open(&h, false);
            html_date(&h, r[i].received);
            ui_td_close(&h);
            ui_td_open(&h, false);
            html_text(&h, r[i].requester);
            if (*r[i].organisation) {
                HTML_LIT(&h, ", ");
                html_text(&h, r[i].organisation);
            }
            ui_td_close(&h);
            ui_td_open(&h, false);
            HTML_LIT(&h, "<a href=\"");
            html_url(&h, arena_printf(c->a, "%s/requests/%" PRId64, d->base, r[i].id));
            HTML_LIT(&h, "\">");
            html_textf(&h, "%.120s", r[i].what);
            HTML_LIT(&h, "</a>");
            demoweb_tag_if(&h, &demo, r[i].id);
            if (r[i].due != DATE_NONE) {
                HTML_LIT(&h, "<br><span class=\"nhsuk-body-s\">Needed by ");
                html_date(&h, r[i].due);
                HTML_LIT(&h, "</span>");
            }
            ui_td_close(&h);
            if (r[i].est_minutes >= 0)
                deskweb_td_hours(&h, r[i].est_minutes);
            else {
                ui_td_open(&h, true);
                ui_none(&h, "Not estimated");
                ui_td_close(&h);
            }
            ui_td_open(&h, false);
            within_cell(&h, &r[i]);
            if (r[i].performance_management)
                page_epcn_request_practice(c, &h, d->pcn, r[i].organisation, r[i].what);
            ui_td_close(&h);
            ui_td_open(&h, false);
            ui_tag(&h, decision_tag(r[i].decision));
            if (r[i].decision == DEC_DELEGATE) {
                HTML_LIT(&h, "<br><span class=\"nhsuk-body-s\">to ");
                html_text(&h, r[i].delegate_to);
                HTML_LIT(&h, "</span>");
            } else if (r[i].decision == DEC_DECLINE) {
                HTML_LIT(&h, "<br><span class=\"nhsuk-body-s\">");
                html_text(&h, desk_decline_label(r[i].decline_reason));
                HTML_LIT(&h, "</span>");
            }
            if (r[i].done)
                HTML_LIT(&h, " ");
            if (r[i].done)
                ui_tag(&h, "Done");
            ui_td_close(&h);
        }
        ui_table_end(&h);
    }
    HTML_LIT(&h, "<h2 id=\"add\">Record a request</h2>");
    request_form(c, &h, d, NULL, e, arena_printf(c->a, "%s/requests", d->base),
                 "Record the request");
    deskweb_end(c, &h);
}

void page_desk_requests(struct ctx *c)
{
    deskweb_show(c, false, requests_page);
}

void page_desk_requests_post(struct ctx *c)
{
    struct desk_post p;
    struct desk_request r;
    if (!deskweb_open_post(c, &p))
        return;
    read_form(c, &r, &p.e);
    int rc = deskdb_save_request(c->db, &p.w, p.d.pcn, &r, c->today, NULL, &p.e, &p.m);
    deskweb_post_end(c, &p, rc, requests_page, "/requests?done=added");
}

/* ---- one request ---------------------------------------------------------- */

static void request_page(struct ctx *c, const struct desk_page *d, const struct desk_request *r,
                         const struct desk_errs *e)
{
    struct html h = {&c->r->body};
    deskweb_begin(c, &h, d, arena_printf(c->a, "Request from %s", r->requester), "requests", e);
    if (!e && http_query(c->q, "done"))
        deskweb_success(&h, "Request updated");
    ui_summary_begin(&h);
    ui_summary_row_open(&h, "Asked on");
    html_date(&h, r->received);
    ui_summary_row_end(&h);
    ui_summary_row(&h, "Who asked", r->requester);
    ui_summary_row_open(&h, "Organisation");
    if (*r->organisation)
        html_text(&h, r->organisation);
    else
        ui_none(&h, "Not given");
    ui_summary_row_end(&h);
    ui_summary_row(&h, "What", r->what);
    ui_summary_row_open(&h, "Needed by");
    if (r->due != DATE_NONE)
        html_date(&h, r->due);
    else
        ui_none(&h, "No date");
    ui_summary_row_end(&h);
    ui_summary_row_open(&h, "Estimated time");
    if (r->est_minutes >= 0)
        deskweb_duration(&h, r->est_minutes);
    else
        ui_none(&h, "Not estimated");
    ui_summary_row_end(&h);
    ui_summary_row_open(&h, "The clinical director's role");
    within_cell(&h, r);
    if (r->performance_management)
        page_epcn_request_practice(c, &h, d->pcn, r->organisation, r->what);
    ui_summary_row_end(&h);
    ui_summary_row_open(&h, "Decision");
    ui_tag(&h, decision_tag(r->decision));
    if (r->decided != DATE_NONE) {
        HTML_LIT(&h, " on ");
        html_date(&h, r->decided);
    }
    if (r->decision == DEC_DELEGATE) {
        HTML_LIT(&h, ", to ");
        html_text(&h, r->delegate_to);
    }
    if (r->decision == DEC_DECLINE) {
        HTML_LIT(&h, ": ");
        html_text(&h, desk_decline_label(r->decline_reason));
        if (*r->decline_note) {
            HTML_LIT(&h, ". ");
            html_text(&h, r->decline_note);
        }
    }
    ui_summary_row_end(&h);
    ui_summary_row_open(&h, "Outcome");
    if (*r->outcome)
        html_text(&h, r->outcome);
    else
        ui_none(&h, "Not recorded yet");
    if (r->done) {
        HTML_LIT(&h, " ");
        ui_tag(&h, "Done");
    }
    ui_summary_row_end(&h);
    ui_summary_end(&h);
    HTML_LIT(&h, "<h2>Change the decision or outcome</h2>");
    request_form(c, &h, d, r, e, arena_printf(c->a, "%s/requests/%" PRId64, d->base, r->id),
                 "Save the request");
    deskweb_end(c, &h);
}

static bool load_one(struct ctx *c, const struct desk_page *d, struct desk_request *r)
{
    struct pcn_msg m = {0};
    int64_t id;
    if (parse_i64(c->params[1], 1, INT64_MAX, &id)) {
        deskweb_not_found(c);
        return false;
    }
    int rc = deskdb_request_get(c->db, d->pcn, id, c->a, r, &m);
    if (deskweb_failed(c, rc, &m))
        return false;
    return true;
}

void page_desk_request(struct ctx *c)
{
    struct desk_page d;
    struct desk_request r;
    if (!deskweb_open(c, false, &d) || !load_one(c, &d, &r))
        return;
    request_page(c, &d, &r, NULL);
}

void page_desk_request_post(struct ctx *c)
{
    struct desk_post p;
    struct desk_request old, r;
    if (!deskweb_open_post(c, &p) || !load_one(c, &p.d, &old))
        return;
    read_form(c, &r, &p.e);
    r.id = old.id;
    int rc = deskdb_save_request(c->db, &p.w, p.d.pcn, &r, c->today, NULL, &p.e, &p.m);
    if (rc == PCN_EINVAL || p.e.n) {
        request_page(c, &p.d, &old, &p.e);
        return;
    }
    deskweb_done(c, rc, &p.m,
                 arena_printf(c->a, "%s/requests/%" PRId64 "?done=saved", p.d.base, old.id));
}

/* ---- the report ----------------------------------------------------------- */

struct report_data {
    struct desk_report rep;
    struct desk_request *all;
    size_t nall;
    date_t from, to;
    const struct desk_cd_rule *cd_rule; /* the rules' funded time on the last day */
};

/* The report for the period of the query (default: the last 3 months). */
static bool report_load(struct ctx *c, const struct desk_page *d, struct report_data *x)
{
    struct pcn_msg m = {0};
    struct desk_funding f;
    struct desk_activity *acts;
    size_t nacts;
    const char *problem;
    int64_t mmin;
    bool known;
    enum confidence conf;
    x->from = x->to = DATE_NONE;
    if (!deskweb_period(c, 91, &x->from, &x->to))
        return false;
    if (deskweb_funding(c, d->pcn, x->to, &f, &problem, &m) ||
        desk_funded_between(&f, x->from, x->to, &mmin, &known, &conf, &m) ||
        deskdb_activities(c->db, d->pcn, x->from, x->to, c->a, &acts, &nacts, &m) ||
        deskdb_requests(c->db, d->pcn, c->a, &x->all, &x->nall, &m)) {
        deskweb_fail(c, &m);
        return false;
    }
    x->cd_rule = desk_cd_rule_on(&f, x->to);
    int64_t logged = 0;
    for (size_t i = 0; i < nacts; i++)
        logged += acts[i].minutes;
    if (desk_report_build(x->all, x->nall, x->from, x->to, known ? mmin : -1, conf, logged, c->a,
                          &x->rep, &m)) {
        deskweb_fail(c, &m);
        return false;
    }
    return true;
}

/* The period: its words, the form to change it, and the downloads. */
static void report_period(struct ctx *c, struct html *h, const struct desk_page *d,
                          const struct report_data *x)
{
    HTML_LIT(h, "<p class=\"nhsuk-lede-text\">Demand on the clinical director from ");
    html_date(h, x->from);
    HTML_LIT(h, " to ");
    html_date(h, x->to);
    HTML_LIT(h, ", against the time funded.</p><form class=\"pcnops-no-print\" action=\"");
    html_url(h, arena_printf(c->a, "%s/requests/report", d->base));
    HTML_LIT(h, "\" method=\"get\" novalidate>");
    const char *fd, *fm, *fy, *td, *tm, *ty;
    ui_date_parts(c->a, x->from, &fd, &fm, &fy);
    ui_date_parts(c->a, x->to, &td, &tm, &ty);
    ui_date_input(h, "from", "From", NULL, fd, fm, fy, NULL);
    ui_date_input(h, "to", "To", NULL, td, tm, ty, NULL);
    ui_button(h, "Show this period", true);
    HTML_LIT(h, "</form><p class=\"pcnops-no-print\">Download: <a href=\"");
    char f1[11], t1[11];
    date_format_iso(x->from, f1);
    date_format_iso(x->to, t1);
    const char *q = arena_printf(c->a, "?from=%s&to=%s", f1, t1);
    html_url(h, arena_printf(c->a, "%s/requests/report.csv%s", d->base, q));
    HTML_LIT(h, "\">CSV</a> or <a href=\"");
    html_url(h, arena_printf(c->a, "%s/requests/report.xlsx%s", d->base, q));
    HTML_LIT(h, "\">Excel (XLSX)</a>. To print, use your browser's print command.</p>");
}

/* Demand against funded time, as a summary list. */
static void demand_summary(struct html *h, const struct desk_report *r)
{
    HTML_LIT(h, "<h2>Demand against funded time</h2>");
    ui_summary_begin(h);
    ui_summary_row_open(h, "Requests received");
    html_count(h, r->received);
    ui_summary_row_end(h);
    ui_summary_row_open(h, "Time they would take");
    deskweb_hours(h, r->est_total * 1000);
    if (r->not_estimated) {
        HTML_LIT(h, " (");
        buf_add_count(h->b, r->not_estimated, "request has", "requests have");
        HTML_LIT(h, " no estimate)");
    }
    ui_summary_row_end(h);
    ui_summary_row_open(h, "Funded clinical director time");
    if (r->funded_known) {
        deskweb_hours(h, r->funded_mmin);
        deskweb_conf_tag(h, r->funded_conf);
    } else {
        ui_none(h, "Not known");
    }
    ui_summary_row_end(h);
    ui_summary_row_open(h, "Demand against funded time");
    if (r->demand_bp >= 0) {
        deskweb_percent(h, r->demand_bp);
        HTML_LIT(h, " of the funded time is asked for; ");
        deskweb_percent(h, r->kept_bp);
        HTML_LIT(h, " stays with the clinical director (accepted and not yet decided)");
    } else {
        ui_none(h, "Not known");
    }
    ui_summary_row_end(h);
    ui_summary_row_open(h, "Time the clinical director logged");
    deskweb_hours(h, r->logged_minutes * 1000);
    ui_summary_row_end(h);
    ui_summary_row_open(h, "Outside the role");
    html_count(h, r->outside_role);
    HTML_LIT(h, ", of which ");
    buf_add_count(h->b, r->performance_management, "asks", "ask");
    HTML_LIT(h, " the clinical director to performance-manage member practices");
    ui_summary_row_end(h);
    ui_summary_end(h);
}

/* What was declined in the period, and why. */
static void declined_table(struct html *h, const struct desk_report *r)
{
    HTML_LIT(h, "<h2>What was declined, and why</h2>");
    if (r->ndeclined == 0) {
        HTML_LIT(h, "<p>Nothing was declined in this period.</p>");
    } else {
        ui_table_begin(h, "Declined requests", "Received,From,What,Why,>Estimate (hours)");
        for (size_t i = 0; i < r->ndeclined; i++) {
            const struct desk_request *q2 = r->declined[i];
            ui_tr(h);
            ui_td_open(h, false);
            html_date(h, q2->received);
            ui_td_close(h);
            ui_td_open(h, false);
            html_text(h, q2->requester);
            if (*q2->organisation) {
                HTML_LIT(h, ", ");
                html_text(h, q2->organisation);
            }
            ui_td_close(h);
            ui_td(h, q2->what);
            ui_td_open(h, false);
            html_text(h, desk_decline_label(q2->decline_reason));
            if (*q2->decline_note) {
                HTML_LIT(h, ": ");
                html_text(h, q2->decline_note);
            }
            ui_td_close(h);
            if (q2->est_minutes >= 0)
                deskweb_td_hours(h, q2->est_minutes);
            else {
                ui_td_open(h, true);
                ui_none(h, "Not estimated");
                ui_td_close(h);
            }
        }
        ui_table_end(h);
    }
}

void page_desk_report(struct ctx *c)
{
    struct desk_page d;
    struct report_data x;
    struct html h = {&c->r->body};
    if (!deskweb_open(c, false, &d) || !report_load(c, &d, &x))
        return;
    const struct desk_report *r = &x.rep;
    deskweb_begin(c, &h, &d, "Requests report", "requests", NULL);
    report_period(c, &h, &d, &x);

    demand_summary(&h, r);

    ui_table_begin(&h, "Decisions", "Decision,>Requests,>Estimated hours");
    for (int i = 0; i < DEC_COUNT; i++) {
        ui_tr(&h);
        ui_td(&h, desk_decision_label((enum desk_decision)i));
        ui_td_count(&h, r->by_decision[i]);
        deskweb_td_hours(&h, r->est_by_decision[i]);
    }
    ui_table_end(&h);

    declined_table(&h, r);

    if (r->norgs) {
        ui_table_begin(&h, "Requests by organisation", "Organisation,>Requests,>Estimated hours");
        for (size_t i = 0; i < r->norgs; i++) {
            ui_tr(&h);
            ui_td(&h, r->orgs[i].organisation);
            ui_td_count(&h, r->orgs[i].n);
            deskweb_td_hours(&h, r->orgs[i].est_minutes);
        }
        ui_table_end(&h);
    }
    deskweb_end(c, &h);
}

/* Sheets: the requests of the period, the summary, the declined, the
 * organisations and an explanation. */
/* sh[0]: the requests received in the period, newest first. */
static void requests_sheet(struct ctx *c, const struct report_data *x, struct sheet *sh)
{
    static const struct sheet_col req_cols[] = {
        {"Received", SH_DATE},        {"Who asked", SH_TEXT},
        {"Organisation", SH_TEXT},    {"What", SH_TEXT},
        {"Needed by", SH_DATE},       {"Estimated time (hours)", SH_WTE},
        {"Within the role", SH_TEXT}, {"Performance management", SH_TEXT},
        {"Decision", SH_TEXT},        {"Decided", SH_DATE},
        {"Delegated to", SH_TEXT},    {"Declined because", SH_TEXT},
        {"Outcome", SH_TEXT},
    };
    sheet_init(&sh[0], c->a, "Requests", req_cols, ARRAY_SIZE(req_cols));
    for (size_t i = x->nall; i-- > 0;) {
        const struct desk_request *q = &x->all[i];
        if (q->received < x->from || q->received > x->to)
            continue;
        sheet_row(&sh[0]);
        sheet_num(&sh[0], q->received);
        sheet_text(&sh[0], q->requester);
        sheet_text(&sh[0], q->organisation);
        sheet_text(&sh[0], q->what);
        sheet_num(&sh[0], q->due);
        if (q->est_minutes >= 0) /* hours to four places, rounded to the nearest */
            sheet_num(&sh[0], ((int64_t)q->est_minutes * 10000 + 30) / 60);
        else
            sheet_empty(&sh[0]);
        sheet_text(&sh[0], desk_within_label(desk_request_within(q)));
        sheet_text(&sh[0], q->performance_management ? "Yes" : "No");
        sheet_text(&sh[0], desk_decision_label(q->decision));
        sheet_num(&sh[0], q->decided);
        sheet_text(&sh[0], q->delegate_to);
        sheet_text(&sh[0], q->decision == DEC_DECLINE
                               ? arena_printf(c->a, "%s%s%s", desk_decline_label(q->decline_reason),
                                              *q->decline_note ? ": " : "", q->decline_note)
                               : "");
        sheet_text(&sh[0], q->outcome);
    }
}

/* sh[1]: the summary of the report. */
static void summary_sheet(struct ctx *c, const struct desk_report *r, struct sheet *sh)
{
    /* Counts in Number; hours and per cent as decimals in Figure, with
     * their unit in words (no minutes or basis points for people). */
    static const struct sheet_col sum_cols[] = {
        {"Measure", SH_TEXT}, {"Number", SH_INT}, {"Figure", SH_WTE}, {"Unit", SH_TEXT}};
    sheet_init(&sh[1], c->a, "Summary", sum_cols, ARRAY_SIZE(sum_cols));
#define ROWN(label, v, unit, fig)                                                                  \
    do {                                                                                           \
        sheet_row(&sh[1]);                                                                         \
        sheet_text(&sh[1], label);                                                                 \
        if (fig) {                                                                                 \
            sheet_empty(&sh[1]);                                                                   \
            sheet_num(&sh[1], v);                                                                  \
        } else {                                                                                   \
            sheet_num(&sh[1], v);                                                                  \
            sheet_empty(&sh[1]);                                                                   \
        }                                                                                          \
        sheet_text(&sh[1], unit);                                                                  \
    } while (0)
#define ROW(label, v, unit) ROWN(label, v, unit, false)
#define HOURS(min) ((((int64_t)(min)) * 10000 + 30) / 60)
    ROW("Requests received", r->received, "requests");
    for (int i = 0; i < DEC_COUNT; i++)
        ROW(desk_decision_label((enum desk_decision)i), r->by_decision[i], "requests");
    ROWN("Time asked for", HOURS(r->est_total), "hours", true);
    ROW("Requests without an estimate", r->not_estimated, "requests");
    if (r->funded_known)
        ROWN("Funded clinical director time", HOURS((r->funded_mmin + 500) / 1000), "hours", true);
    ROWN("Time the clinical director logged", HOURS(r->logged_minutes), "hours", true);
    if (r->demand_bp >= 0)
        ROWN("Time asked for against funded time", (int64_t)r->demand_bp * 100, "per cent", true);
    ROW("Outside the role", r->outside_role, "requests");
    ROW("Asking for performance management of member practices", r->performance_management,
        "requests");
#undef HOURS
#undef ROWN
#undef ROW
}

/* sh[3]: what the figures mean. */
static void explanation_sheet(struct ctx *c, const struct desk_page *d, const struct report_data *x,
                              struct sheet *sh)
{
    static const struct sheet_col ex_cols[] = {{"Item", SH_TEXT}, {"Explanation", SH_TEXT}};
    sheet_init(&sh[3], c->a, "Explanation", ex_cols, ARRAY_SIZE(ex_cols));
    char f1[11], t1[11];
    date_format_iso(x->from, f1);
    date_format_iso(x->to, t1);
    const char *cd_words = desk_cd_rule_words(c->a, x->cd_rule);
    bool cd_doubtful = x->cd_rule && conf_doubtful(x->cd_rule->conf);
    const char *ex[][2] = {
        {"PCN", arena_printf(c->a, "%s (%s)", d->pcn_name, d->pcn)},
        {"Period", arena_printf(c->a, "%s to %s, both days included", f1, t1)},
        {"Requests", "Every ask of the clinical director received in the period, as recorded on "
                     "the clinical director's desk in PCN Ops."},
        {"Within the role", "As the clinical director judged it against the Network Agreement. "
                            "Asking the clinical director to performance-manage member practices "
                            "is always outside the role."},
        {"Funded clinical director time",
         arena_printf(c->a, "The PCN's own figure where it set one, otherwise the rules' %s%s.",
                      cd_words,
                      cd_doubtful ? ". That formula is not confirmed by NHS England's "
                                    "specification"
                                  : "")},
        {"Time asked for against funded time",
         "The estimated time of the requests received, as a percentage of the funded time of "
         "the period: 100% is all of the funded time."},
    };
    for (size_t i = 0; i < ARRAY_SIZE(ex); i++) {
        sheet_row(&sh[3]);
        sheet_text(&sh[3], ex[i][0]);
        sheet_text(&sh[3], ex[i][1]);
    }
}

static void report_sheets(struct ctx *c, const struct desk_page *d, const struct report_data *x,
                          struct sheet *sh)
{
    const struct desk_report *r = &x->rep;
    requests_sheet(c, x, sh);
    summary_sheet(c, r, sh);
    static const struct sheet_col org_cols[] = {
        {"Organisation", SH_TEXT}, {"Requests", SH_INT}, {"Estimated time (hours)", SH_WTE}};
    sheet_init(&sh[2], c->a, "Organisations", org_cols, ARRAY_SIZE(org_cols));
    for (size_t i = 0; i < r->norgs; i++) {
        sheet_row(&sh[2]);
        sheet_text(&sh[2], r->orgs[i].organisation);
        sheet_num(&sh[2], r->orgs[i].n);
        sheet_num(&sh[2], ((int64_t)r->orgs[i].est_minutes * 10000 + 30) / 60);
    }
    explanation_sheet(c, d, x, sh);
}

static void report_export(struct ctx *c, bool xlsx)
{
    struct desk_page d;
    struct report_data x;
    struct pcn_msg m = {0};
    struct desk_actor w;
    struct sheet sh[4];
    if (!deskweb_open(c, false, &d) || !report_load(c, &d, &x))
        return;
    report_sheets(c, &d, &x, sh);
    char f1[11], t1[11];
    date_format_iso(x.from, f1);
    date_format_iso(x.to, t1);
    const char *name = arena_printf(c->a, "cd-requests-%s-%s-to-%s.%s", d.pcn, f1, t1,
                                    xlsx ? "xlsx" : "csv");
    deskweb_actor(c, &w);
    if (deskdb_audit(c->db, &w, "desk-export", d.pcn,
                     json_pack("{s:s,s:s,s:s,s:s}", "record", "requests_report", "file", name,
                               "from", f1, "to", t1),
                     &m)) {
        deskweb_fail(c, &m);
        return;
    }
    if (page_send_sheets(c, sh, 4, xlsx, name, &m))
        deskweb_fail(c, &m);
}

void page_desk_report_csv(struct ctx *c)
{
    report_export(c, false);
}

void page_desk_report_xlsx(struct ctx *c)
{
    report_export(c, true);
}

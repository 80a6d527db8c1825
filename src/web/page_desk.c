/* page_desk.c: the clinical director's desk: its overview, the time log
 * with weekly and monthly views, and funded time; the calendar import is in
 * page_desk_import.c.
 * Requests, delegation, stakeholders, the brief and supervision are in the
 * other page_desk_*.c files; what they share is deskweb.h. */
#include "common.h"
#include "buf.h"
#include "deskdb.h"
#include "deskweb.h"
#include "demoweb.h"
#include "form.h"
#include "ics.h"
#include "pages.h"
#include "svg.h"

static const char *const cat_values[DC_COUNT] = {
    "practices",     "pcn_operations",      "system_meetings", "place_int", "lmc",
    "mp_engagement", "clinical_leadership", "training_hub",    "other",
};

static const char **cat_labels(struct ctx *c)
{
    const char **l = ARENA_ARRAY(c->a, const char *, DC_COUNT);
    for (int i = 0; i < DC_COUNT; i++)
        l[i] = desk_category_label((enum desk_category)i);
    return l;
}

static void alerts(struct html *h, const struct desk_summary *s)
{
    for (size_t i = 0; i < s->nalerts; i++)
        deskweb_warning(h,
                        s->alerts[i].kind == ALERT_OVER_FUNDED_TIME
                            ? "Funded time exceeded"
                            : "More time in system meetings than with practices",
                        s->alerts[i].text);
}

/* ---- the overview -------------------------------------------------------- */

void page_desk(struct ctx *c)
{
    struct desk_page d;
    struct html h = {&c->r->body};
    struct deskweb_overview o;
    if (!deskweb_open_overview(c, &d, &o))
        return;
    deskweb_begin(c, &h, &d, "Clinical director's desk", "overview", NULL);
    HTML_LIT(&h, "<p class=\"nhsuk-lede-text\">Your time, the asks made of you, what you have "
                 "delegated, who you work with, and briefs for meetings.</p>");
    alerts(&h, &o.t.s);
    if (o.t.problem)
        deskweb_warning(&h, "The rules files have a problem", deskweb_for_people(c, o.t.problem));
    long pending = 0, outside = 0;
    for (size_t i = 0; i < o.nreqs; i++) {
        if (o.reqs[i].decision == DEC_PENDING)
            pending++;
        if (desk_request_within(&o.reqs[i]) == WITHIN_NO && o.reqs[i].decision == DEC_PENDING)
            outside++;
    }
    ui_summary_begin(&h);
    ui_summary_row_open(&h, "Funded time a week");
    if (o.t.fd.known) {
        deskweb_hours(&h, o.t.fd.mmin_per_week);
        if (o.t.fd.is_override)
            HTML_LIT(&h, " (set by the PCN)");
        else
            deskweb_conf_tag(&h, o.t.fd.conf);
    } else {
        ui_none(&h, "Not known");
    }
    ui_summary_row_end(&h);
    {
        struct buf lb;
        buf_init(&lb, 128);
        BUF_LIT(&lb, "Time logged, ");
        desk_period_add(&lb, o.t.from, o.t.to);
        ui_summary_row_open(&h, arena_strdup(c->a, lb.buf));
        buf_release(&lb);
    }
    deskweb_hours(&h, o.t.s.t.total * 1000);
    if (o.t.s.funded_known && o.t.s.funded_mmin > 0) {
        HTML_LIT(&h, ", ");
        deskweb_percent(&h, desk_share_bp(o.t.s.t.total * 1000, o.t.s.funded_mmin));
        HTML_LIT(&h, " of the funded ");
        deskweb_hours(&h, o.t.s.funded_mmin);
    }
    ui_summary_row_end(&h);
    ui_summary_row_open(&h, "With practices, and in system meetings");
    deskweb_hours(&h, o.t.s.t.practices * 1000);
    HTML_LIT(&h, " with practices, ");
    deskweb_hours(&h, o.t.s.t.system * 1000);
    HTML_LIT(&h, " in ICB, system, place and INT meetings");
    ui_summary_row_end(&h);
    ui_summary_row_open(&h, "Requests waiting for a decision");
    html_count(&h, pending);
    if (outside) {
        HTML_LIT(&h, ", of which ");
        html_count(&h, outside);
        HTML_LIT(&h, " outside the role");
    }
    ui_summary_row_end(&h);
    ui_summary_row_open(&h, "Follow-ups overdue");
    html_count(&h, (int64_t)o.nover);
    if (o.nover) {
        HTML_LIT(&h, " ");
        ui_tag(&h, "Overdue");
    }
    ui_summary_row_end(&h);
    ui_summary_row_open(&h, "Responsibilities you still hold");
    int64_t avg = desk_cd_share_avg_bp(o.resp, o.nresp, c->today);
    if (avg < 0) {
        ui_none(&h, "None recorded yet");
    } else {
        deskweb_percent(&h, avg);
        HTML_LIT(&h, " on average, across ");
        buf_add_count(h.b, (int64_t)o.nresp, "responsibility", "responsibilities");
    }
    ui_summary_row_end(&h);
    ui_summary_end(&h);
    HTML_LIT(&h, "<ul class=\"nhsuk-list pcnops-no-print\">");
    static const struct {
        const char *path, *text;
    } links[] = {
        {"/time#add", "Log time"},
        {"/requests#add", "Record a request"},
        {"/stakeholders#add-engagement", "Record a meeting with a stakeholder"},
        {"/brief", "Print a brief for a meeting"},
    };
    for (size_t i = 0; i < ARRAY_SIZE(links); i++) {
        HTML_LIT(&h, "<li><a href=\"");
        html_url(&h, arena_printf(c->a, "%s%s", d.base, links[i].path));
        HTML_LIT(&h, "\">");
        html_text(&h, links[i].text);
        HTML_LIT(&h, "</a></li>");
    }
    HTML_LIT(&h, "</ul>");
    deskweb_end(c, &h);
}

/* ---- the time log -------------------------------------------------------- */

struct time_view {
    bool monthly;
    date_t from, to;
};

static bool time_params(struct ctx *c, struct time_view *v)
{
    const char *view = http_query(c->q, "view");
    v->monthly = view && strcmp(view, "month") == 0;
    v->from = v->to = DATE_NONE;
    int days = v->monthly ? 183 : 84;
    if (!deskweb_period(c, days, &v->from, &v->to))
        return false;
    if (!http_query(c->q, "from") && !http_query(c->q, "from-day")) {
        /* default: whole weeks, or whole months, up to today */
        v->from = v->monthly ? date_add_months(date_month_start(v->to), -5)
                             : desk_week_start(v->to) - 7 * 11;
    }
    return true;
}

static void bucket_label(struct ctx *c, const struct desk_bucket *b, bool monthly,
                         const char **label)
{
    int y, mo, dd;
    date_to_ymd(b->start, &y, &mo, &dd);
    if (monthly)
        *label = arena_printf(c->a, "%.3s %d", date_month_name(mo), y);
    else
        *label = arena_printf(c->a, "%d %.3s", dd, date_month_name(mo));
}

static void period_form(struct ctx *c, struct html *h, const struct desk_page *d,
                        const struct time_view *v)
{
    HTML_LIT(h, "<form class=\"pcnops-no-print\" action=\"");
    html_url(h, arena_printf(c->a, "%s/time", d->base));
    HTML_LIT(h, "\" method=\"get\" novalidate><h2>Period</h2>");
    const char *fd, *fm, *fy, *td, *tm, *ty;
    ui_date_parts(c->a, v->from, &fd, &fm, &fy);
    ui_date_parts(c->a, v->to, &td, &tm, &ty);
    ui_date_input(h, "from", "From", "For example, 2 11 2026", fd, fm, fy, NULL);
    ui_date_input(h, "to", "To", NULL, td, tm, ty, NULL);
    static const char *const vv[] = {"week", "month"};
    static const char *const vl[] = {"Weeks (Monday to Sunday)", "Months"};
    ui_radios(h, "view", "Show the time by", NULL, vv, vl, 2, v->monthly ? "month" : "week", NULL);
    ui_button(h, "Show this period", true);
    HTML_LIT(h, "</form>");
}

static void period_summary(struct html *h, const struct desk_summary *s)
{
    ui_summary_begin(h);
    ui_summary_row_open(h, "Time logged");
    deskweb_hours(h, s->t.total * 1000);
    HTML_LIT(h, " (");
    buf_add_count(h->b, s->t.activities, "activity", "activities");
    HTML_LIT(h, ")");
    ui_summary_row_end(h);
    ui_summary_row_open(h, "Funded time");
    if (s->funded_known) {
        deskweb_hours(h, s->funded_mmin);
        deskweb_conf_tag(h, s->funded_conf);
        if (s->funded_mmin > 0) {
            HTML_LIT(h, " (logged time is ");
            deskweb_percent(h, desk_share_bp(s->t.total * 1000, s->funded_mmin));
            HTML_LIT(h, " of it)");
        }
    } else {
        ui_none(h, "Not known");
    }
    ui_summary_row_end(h);
    ui_summary_row_open(h, "Internal and external");
    deskweb_hours(h, s->t.internal * 1000);
    HTML_LIT(h, " internal (");
    deskweb_percent(h, desk_share_bp(s->t.internal, s->t.total));
    HTML_LIT(h, "), ");
    deskweb_hours(h, s->t.external * 1000);
    HTML_LIT(h, " external (");
    deskweb_percent(h, desk_share_bp(s->t.external, s->t.total));
    HTML_LIT(h, ")");
    if (s->t.other) {
        HTML_LIT(h, ", ");
        deskweb_hours(h, s->t.other * 1000);
        HTML_LIT(h, " other");
    }
    ui_summary_row_end(h);
    ui_summary_row_open(h, "Practices and system meetings");
    deskweb_hours(h, s->t.practices * 1000);
    HTML_LIT(h, " with member practices; ");
    deskweb_hours(h, s->t.system * 1000);
    HTML_LIT(h, " in ICB, system, place and INT meetings");
    ui_summary_row_end(h);
    ui_summary_row_open(h, "Meetings");
    html_count(h, s->t.meetings);
    HTML_LIT(h, " (");
    html_count(h, s->t.practice_meetings);
    HTML_LIT(h, " with practices, ");
    html_count(h, s->t.system_meetings);
    HTML_LIT(h, " system), ");
    /* per week, one decimal: meetings × 70 / days, in tenths */
    int64_t days = s->to - s->from + 1;
    int64_t tenths = (s->t.meetings * 70 + days / 2) / days;
    buf_printf(h->b, "%" PRId64 ".%" PRId64, tenths / 10, tenths % 10);
    HTML_LIT(h, " a week");
    ui_summary_row_end(h);
    ui_summary_end(h);
}

/* A row's period: "November 2026", or the date its week starts. */
static void period_cell(struct html *h, bool monthly, date_t start)
{
    if (monthly) {
        int y, mo, dd;
        date_to_ymd(start, &y, &mo, &dd);
        html_text(h, date_month_name(mo));
        HTML_LIT(h, " ");
        html_int(h, y);
    } else {
        html_date(h, desk_week_start(start));
    }
}

/* Time with practices against time in system meetings: the chart and its
 * table, a row a week or month. */
static void practices_chart(struct ctx *c, struct html *h, const struct desk_bucket *b, size_t n,
                            bool monthly, const char *what, const struct svg_stack *pbars)
{
    static const struct svg_series pseries[] = {{"With practices", "#007f3b"},
                                                {"System meetings", "#d5281b"}};
    HTML_LIT(h, "<h2>With practices and in system meetings</h2>");
    svg_stacked_chart(h, "practices",
                      arena_printf(c->a, "Practices and system meetings each %s", what),
                      arena_printf(c->a,
                                   "Hours with member practices and in ICB, system, place and "
                                   "INT meetings each %s; the figures are in the table below.",
                                   what),
                      pseries, 2, pbars, n, -1, NULL, 60, "Hours");
    ui_table_begin(h, arena_printf(c->a, "Practices and system meetings each %s", what),
                   monthly ? "Month,>With practices,>Practice meetings,>System meetings (hours),"
                             ">System meetings,Status"
                           : "Week starting,>With practices,>Practice meetings,"
                             ">System meetings (hours),>System meetings,Status");
    for (size_t i = 0; i < n; i++) {
        ui_tr(h);
        ui_td_open(h, false);
        period_cell(h, monthly, b[i].start);
        ui_td_close(h);
        deskweb_td_hours(h, b[i].t.practices);
        ui_td_count(h, b[i].t.practice_meetings);
        deskweb_td_hours(h, b[i].t.system);
        ui_td_count(h, b[i].t.system_meetings);
        ui_td_open(h, false);
        if (b[i].system_over_practices)
            ui_tag(h, "More system time");
        else if (b[i].t.practices + b[i].t.system == 0)
            ui_none(h, "Neither");
        else
            ui_none(h, "Practices first");
        ui_td_close(h);
    }
    ui_table_end(h);
}

static void buckets(struct ctx *c, struct html *h, const struct desk_summary *s, bool monthly,
                    const struct desk_funded *fd)
{
    const struct desk_bucket *b = monthly ? s->months : s->weeks;
    size_t n = monthly ? s->nmonths : s->nweeks;
    struct svg_stack *bars = ARENA_ARRAY(c->a, struct svg_stack, n);
    struct svg_stack *pbars = ARENA_ARRAY(c->a, struct svg_stack, n);
    for (size_t i = 0; i < n; i++) {
        bucket_label(c, &b[i], monthly, &bars[i].label);
        bars[i].v[0] = b[i].t.internal;
        bars[i].v[1] = b[i].t.external;
        bars[i].v[2] = b[i].t.other;
        pbars[i].label = bars[i].label;
        pbars[i].v[0] = b[i].t.practices;
        pbars[i].v[1] = b[i].t.system;
    }
    static const struct svg_series series[] = {
        {"Internal", "#005eb8"}, {"External", "#330072"}, {"Other", "#4c6272"}};
    const char *what = monthly ? "month" : "week";
    HTML_LIT(h, "<h2>Hours by ");
    html_text(h, what);
    HTML_LIT(h, "</h2>");
    svg_stacked_chart(h, "hours", arena_printf(c->a, "Hours logged each %s", what),
                      arena_printf(c->a,
                                   "Internal, external and other hours each %s%s; the figures "
                                   "are in the table below.",
                                   what,
                                   !monthly && fd->known ? ", with funded time a week as a "
                                                           "dashed line"
                                                         : ""),
                      series, 3, bars, n,
                      !monthly && fd->known ? (fd->mmin_per_week + 500) / 1000 : -1,
                      "Funded a week", 60, "Hours");
    ui_table_begin(h, arena_printf(c->a, "Hours logged each %s", what),
                   monthly ? "Month,>Internal,>External,>Other,>Total,>Funded,>Meetings,Status"
                           : "Week starting,>Internal,>External,>Other,>Total,>Funded,"
                             ">Meetings,Status");
    for (size_t i = 0; i < n; i++) {
        ui_tr(h);
        ui_td_open(h, false);
        period_cell(h, monthly, b[i].start);
        if (b[i].days < (monthly ? 28 : 7)) {
            HTML_LIT(h, " <span class=\"nhsuk-u-secondary-text-colour\">(");
            buf_add_count(h->b, b[i].days, "day", "days");
            HTML_LIT(h, " in the period)</span>");
        }
        ui_td_close(h);
        deskweb_td_hours(h, b[i].t.internal);
        deskweb_td_hours(h, b[i].t.external);
        deskweb_td_hours(h, b[i].t.other);
        deskweb_td_hours(h, b[i].t.total);
        ui_td_open(h, true);
        if (b[i].funded_known)
            desk_add_hours(h->b, b[i].funded_mmin);
        else
            ui_none(h, "Not known");
        ui_td_close(h);
        ui_td_count(h, b[i].t.meetings);
        ui_td_open(h, false);
        if (b[i].over_funded)
            ui_tag(h, "Over funded time");
        else if (b[i].t.total == 0)
            ui_none(h, "No time logged");
        else
            ui_none(h, "Within funded time");
        ui_td_close(h);
    }
    ui_table_end(h);
    practices_chart(c, h, b, n, monthly, what, pbars);
}

static void categories_table(struct ctx *c, struct html *h, const struct desk_summary *s)
{
    (void)c;
    ui_table_begin(h, "Hours by category", "Category,Internal or external,>Hours,>Share");
    for (int i = 0; i < DC_COUNT; i++) {
        ui_tr(h);
        ui_td(h, desk_category_label((enum desk_category)i));
        enum desk_side side = desk_category_side((enum desk_category)i);
        ui_td(h, side == SIDE_INTERNAL ? "Internal" : side == SIDE_EXTERNAL ? "External" : "Other");
        deskweb_td_hours(h, s->t.minutes[i]);
        ui_td_open(h, true);
        deskweb_percent(h, desk_share_bp(s->t.minutes[i], s->t.total));
        ui_td_close(h);
    }
    ui_table_end(h);
}

static void log_table(struct ctx *c, struct html *h, const struct desk_page *d,
                      const struct desk_activity *a, size_t n)
{
    HTML_LIT(h, "<h2>Activities in the period</h2>");
    if (n == 0) {
        HTML_LIT(h, "<p>No time is logged in this period.</p>");
        return;
    }
    ui_table_begin(h, "Activities", "Date,Category,What,>Hours,Meeting,Remove");
    for (size_t i = n; i-- > 0;) {
        ui_tr(h);
        ui_td_open(h, false);
        html_date(h, a[i].date);
        ui_td_close(h);
        ui_td(h, desk_category_label(a[i].cat));
        ui_td_open(h, false);
        if (a[i].title && *a[i].title)
            html_text(h, a[i].title);
        else
            ui_none(h, "No title");
        if (a[i].source && strcmp(a[i].source, "calendar") == 0)
            HTML_LIT(h, " <span class=\"nhsuk-u-secondary-text-colour\">(from a calendar)</span>");
        else if (a[i].source && strcmp(a[i].source, "demo") == 0) {
            HTML_LIT(h, " ");
            demoweb_tag(h);
        }
        ui_td_close(h);
        deskweb_td_hours(h, a[i].minutes);
        ui_td(h, a[i].meeting ? "Yes" : "No");
        ui_td_open(h, false);
        HTML_LIT(h, "<form action=\"");
        html_url(h, arena_printf(c->a, "%s/time/%" PRId64 "/delete", d->base, a[i].id));
        HTML_LIT(h, "\" method=\"post\" novalidate>");
        ui_csrf(c, h);
        HTML_LIT(h, "<button class=\"nhsuk-button nhsuk-button--secondary nhsuk-button--small "
                    "pcnops-table-button\" data-module=\"nhsuk-button\" type=\"submit\">Remove"
                    "<span class=\"nhsuk-u-visually-hidden\"> ");
        html_text(h, a[i].title && *a[i].title ? a[i].title : "activity");
        HTML_LIT(h, ", ");
        html_date(h, a[i].date);
        HTML_LIT(h, "</span></button></form>");
        ui_td_close(h);
    }
    ui_table_end(h);
}

static void add_form(struct ctx *c, struct html *h, const struct desk_page *d,
                     const struct desk_errs *e)
{
    struct pcn_msg m = {0};
    struct desk_stakeholder *sh = NULL;
    struct desk_request *rq = NULL;
    size_t nsh = 0, nrq = 0;
    bool post = e != NULL;
    if (deskdb_stakeholders(c->db, d->pcn, c->a, &sh, &nsh, &m) ||
        deskdb_requests(c->db, d->pcn, c->a, &rq, &nrq, &m))
        fprintf(stderr, "pcnops: desk form: %s\n", m.text);
    HTML_LIT(h, "<h2 id=\"add\">Log time</h2><form action=\"");
    html_url(h, arena_printf(c->a, "%s/time", d->base));
    HTML_LIT(h, "\" method=\"post\" novalidate>");
    ui_csrf(c, h);
    deskweb_date_input(c, h, "date", "Date", "For example, 23 11 2026", post ? DATE_NONE : c->today,
                       e);
    ui_input(h, "hours", "Time spent, in hours", "For example, 1.5 or 1:30 for an hour and a half",
             "text", post ? http_form_str(c->q, "hours") : NULL, "nhsuk-input--width-5",
             deskweb_err(c, e, "hours"));
    ui_radios(h, "category", "Category", NULL, cat_values, cat_labels(c), DC_COUNT,
              post ? http_form_str(c->q, "category") : NULL, deskweb_err(c, e, "category"));
    ui_input(h, "title", "What it was (optional)", "For example, ICB primary care board", "text",
             post ? http_form_str(c->q, "title") : NULL, "nhsuk-input--width-30",
             deskweb_err(c, e, "title"));
    static const char *const mv[] = {"yes"};
    static const char *const ml[] = {"It was a meeting"};
    /* unticked unless the user ticked it (a POST shown again) */
    const char *mchecked = post ? http_form_str(c->q, "meeting") : NULL;
    ui_checkboxes(h, "meeting", "Meeting", NULL, mv, ml, 1, &mchecked, mchecked ? 1 : 0, NULL);
    if (nsh) {
        const char **v = ARENA_ARRAY(c->a, const char *, nsh);
        const char **l = ARENA_ARRAY(c->a, const char *, nsh);
        for (size_t i = 0; i < nsh; i++) {
            v[i] = arena_printf(c->a, "%" PRId64, sh[i].id);
            l[i] = sh[i].organisation && *sh[i].organisation
                       ? arena_printf(c->a, "%s, %s", sh[i].name, sh[i].organisation)
                       : sh[i].name;
        }
        const char **checked = NULL;
        size_t nchecked = post ? ui_form_all(c, "stakeholder", &checked) : 0;
        ui_checkboxes(h, "stakeholder", "Who it was with (optional)", NULL, v, l, nsh, checked,
                      nchecked, deskweb_err(c, e, "stakeholder"));
    }
    if (nrq) {
        const char **v = ARENA_ARRAY(c->a, const char *, nrq + 1);
        const char **l = ARENA_ARRAY(c->a, const char *, nrq + 1);
        v[0] = "";
        l[0] = "None";
        for (size_t i = 0; i < nrq; i++) {
            v[i + 1] = arena_printf(c->a, "%" PRId64, rq[i].id);
            l[i + 1] = arena_printf(c->a, "%.60s (%s)", rq[i].what, rq[i].requester);
        }
        ui_select(h, "request", "The request it was for (optional)", v, l, nrq + 1,
                  post ? http_form_str(c->q, "request") : NULL, deskweb_err(c, e, "request"));
    }
    ui_textarea(h, "note", "Note (optional)", NULL, post ? http_form_str(c->q, "note") : NULL,
                deskweb_err(c, e, "note"));
    ui_button(h, "Log time", false);
    HTML_LIT(h, "</form>");
}

static void time_page(struct ctx *c, const struct desk_page *d, const struct desk_errs *e)
{
    struct html h = {&c->r->body};
    struct pcn_msg m = {0};
    struct time_view v;
    struct deskweb_time t;

    if (!time_params(c, &v))
        return;
    if (deskweb_time(c, d->pcn, v.from, v.to, &t, &m)) {
        deskweb_fail(c, &m);
        return;
    }
    deskweb_begin(c, &h, d, "Time", "time", e);
    const char *done = http_query(c->q, "done");
    if (!e && done && strcmp(done, "added") == 0)
        deskweb_success(&h, "Time logged");
    else if (!e && done && strcmp(done, "removed") == 0)
        deskweb_success(&h, "Activity removed");
    else if (!e && done && strcmp(done, "imported") == 0)
        deskweb_success(&h, "Calendar events added to the log");
    HTML_LIT(&h, "<p>Log the time your clinical director role takes, so you can show it against "
                 "the time funded. Internal time is with member practices, on PCN operations "
                 "and on clinical leadership. External time is with the ICB, place and the "
                 "Integrated Neighbourhood Team (INT), the LMC, MPs and the training hub.</p>"
                 "<p class=\"pcnops-no-print\"><a href=\"");
    html_url(&h, arena_printf(c->a, "%s/time/import", d->base));
    HTML_LIT(&h, "\">Import meetings from a calendar (.ics file)</a> &middot; <a href=\"");
    html_url(&h, arena_printf(c->a, "%s/time/funded", d->base));
    HTML_LIT(&h, "\">Funded time and how it is worked out</a></p>");
    if (t.problem)
        deskweb_warning(&h, "The rules files have a problem", deskweb_for_people(c, t.problem));
    if (e)
        add_form(c, &h, d, e);
    alerts(&h, &t.s);
    HTML_LIT(&h, "<h2>");
    html_date(&h, v.from);
    HTML_LIT(&h, " to ");
    html_date(&h, v.to);
    HTML_LIT(&h, "</h2>");
    period_summary(&h, &t.s);
    period_form(c, &h, d, &v);
    buckets(c, &h, &t.s, v.monthly, &t.fd);
    categories_table(c, &h, &t.s);
    log_table(c, &h, d, t.acts, t.nacts);
    if (!e)
        add_form(c, &h, d, NULL);
    deskweb_end(c, &h);
}

void page_desk_time(struct ctx *c)
{
    deskweb_show(c, false, time_page);
}

/* Reads an id list from repeated fields; false (with an error) when one is
 * not a number. */
static bool form_ids(struct ctx *c, const char *name, int64_t **out, size_t *n, struct desk_errs *e,
                     const char *msg)
{
    const char **v;
    size_t k = ui_form_all(c, name, &v);
    int64_t *ids = ARENA_ARRAY(c->a, int64_t, k + 1);
    *n = 0;
    for (size_t i = 0; i < k; i++) {
        if (!v[i] || !*v[i])
            continue;
        if (parse_i64(v[i], 1, INT64_MAX, &ids[*n])) {
            desk_errs_add(e, name, "%s", msg);
            return false;
        }
        (*n)++;
    }
    *out = ids;
    return true;
}

void page_desk_time_post(struct ctx *c)
{
    struct desk_post p;
    if (!deskweb_open_post(c, &p))
        return;
    struct desk_activity a = {.source = "form", .uid = ""};
    a.date = deskweb_form_date(c, "date", "The date", &p.e);
    if (a.date == DATE_NONE && !desk_errs_get(&p.e, "date"))
        desk_errs_add(&p.e, "date", "Enter the date");
    struct pcn_msg hm = {0};
    if (desk_parse_hours(http_form_str(c->q, "hours"), &a.minutes, &hm)) {
        desk_errs_add(&p.e, "hours", "%s", hm.text);
        a.minutes = 1; /* checked; its message is already there */
    }
    const char *cat = http_form_str(c->q, "category");
    if (!cat || desk_category_parse(cat, &a.cat))
        a.cat = DC_COUNT;
    a.meeting = form_read_tick(c, "meeting", "yes");
    a.title = http_form_str(c->q, "title");
    a.note = http_form_str(c->q, "note");
    if (!a.title)
        a.title = "";
    if (!a.note)
        a.note = "";
    form_ids(c, "stakeholder", &a.stakeholders, &a.nstakeholders, &p.e,
             "Choose stakeholders from the list");
    const char *req = http_form_str(c->q, "request");
    int64_t rid;
    if (req && *req) {
        if (parse_i64(req, 1, INT64_MAX, &rid))
            desk_errs_add(&p.e, "request", "Choose a request from the list");
        else {
            a.requests = ARENA_NEW(c->a, int64_t);
            a.requests[0] = rid;
            a.nrequests = 1;
        }
    }
    /* The store adds its own checks (the day's total, the links) to the
     * form's, and writes nothing while there is any error. */
    int rc = deskdb_add_activities(c->db, &p.w, p.d.pcn, &a, 1, c->today, "desk-time-add", c->a,
                                   NULL, &p.e, &p.m);
    deskweb_post_end(c, &p, rc, time_page, "/time?done=added");
}

void page_desk_time_delete(struct ctx *c)
{
    struct desk_post p;
    int64_t id;
    if (!deskweb_open_post_record(c, &p, &id))
        return;
    int rc = deskdb_delete_activity(c->db, &p.w, p.d.pcn, id, &p.m);
    if (deskweb_failed(c, rc, &p.m))
        return;
    http_resp_redirect(c->r, arena_printf(c->a, "%s/time?done=removed", p.d.base));
}

/* ---- funded time --------------------------------------------------------- */

static void funded_page(struct ctx *c, const struct desk_page *d, const struct desk_errs *e)
{
    struct html h = {&c->r->body};
    struct pcn_msg m = {0};
    struct desk_funding f;
    struct desk_funded fd;
    const char *problem;
    struct trail t;
    if (deskweb_funding(c, d->pcn, c->today, &f, &problem, &m) ||
        desk_funded_on(&f, c->today, &fd, &m)) {
        deskweb_fail(c, &m);
        return;
    }
    trail_init(&t, c->a);
    desk_funded_trail(&f, &fd, &t);
    deskweb_begin(c, &h, d, "Funded time", "time", e);
    if (!e && http_query(c->q, "done"))
        deskweb_success(&h, "Funded time saved");
    const struct desk_cd_rule *rule = desk_cd_rule_on(&f, c->today);
    const char *rw = desk_cd_rule_words(c->a, rule);
    HTML_LIT(&h, "<p>Funded clinical director time comes from the rules data: ");
    html_text(&h, rw);
    HTML_LIT(&h, " (a WTE is a whole-time equivalent).");
    if (rule && conf_doubtful(rule->conf))
        HTML_LIT(&h, " That figure is not confirmed by NHS England's specification, so it is "
                     "shown as unconfirmed.");
    HTML_LIT(&h, " If your Network Agreement funds a different amount, set your own "
                 "figure.</p>");
    if (problem)
        deskweb_warning(&h, "The rules files have a problem", deskweb_for_people(c, problem));
    ui_summary_begin(&h);
    ui_summary_row_open(&h, "Funded time a week, today");
    if (fd.known) {
        deskweb_hours(&h, fd.mmin_per_week);
        if (fd.is_override)
            HTML_LIT(&h, " (set by the PCN)");
        else
            deskweb_conf_tag(&h, fd.conf);
    } else {
        ui_none(&h, "Not known");
        if (fd.why) {
            HTML_LIT(&h, ": ");
            html_text(&h, fd.why);
        }
    }
    ui_summary_row_end(&h);
    ui_summary_row_open(&h, "Registered patients");
    if (f.patients >= 0) {
        html_count(&h, f.patients);
        if (f.patients_date != DATE_NONE) {
            HTML_LIT(&h, " on ");
            html_date(&h, f.patients_date);
        }
    } else {
        ui_none(&h, "Not known: no list sizes loaded");
    }
    ui_summary_row_end(&h);
    ui_summary_end(&h);
    deskweb_trail(&h, &t);
    if (f.noverrides) {
        ui_table_begin(&h, "Your PCN's own figures", "From,>Hours a week,Note");
        for (size_t i = 0; i < f.noverrides; i++) {
            ui_tr(&h);
            ui_td_open(&h, false);
            html_date(&h, f.overrides[i].from);
            ui_td_close(&h);
            ui_td_open(&h, true);
            if (f.overrides[i].minutes_per_week >= 0)
                desk_add_hours(h.b, f.overrides[i].minutes_per_week * 1000);
            else
                ui_none(&h, "The rules' figure");
            ui_td_close(&h);
            ui_td(&h, *f.overrides[i].note ? f.overrides[i].note : NULL);
        }
        ui_table_end(&h);
    }
    bool post = e != NULL;
    HTML_LIT(&h, "<h2>Set your PCN's figure</h2><form action=\"");
    html_url(&h, arena_printf(c->a, "%s/time/funded", d->base));
    HTML_LIT(&h, "\" method=\"post\" novalidate>");
    ui_csrf(c, &h);
    deskweb_date_input(c, &h, "from", "From", "For example, 1 4 2026", post ? DATE_NONE : c->today,
                       e);
    static const char *const kv[] = {"own", "default"};
    const char *const kl[] = {"Our own figure", arena_printf(c->a, "The rules' figure (%s)", rw)};
    ui_radios(&h, "figure", "Funded time from that date", NULL, kv, kl, 2,
              post ? http_form_str(c->q, "figure") : "own", deskweb_err(c, e, "figure"));
    ui_input(&h, "hours", "Hours a week (for your own figure)", "For example, 7.5 for two sessions",
             "text", post ? http_form_str(c->q, "hours") : NULL, "nhsuk-input--width-5",
             deskweb_err(c, e, "hours"));
    ui_textarea(&h, "note", "Note (optional)", "For example, where the figure comes from",
                post ? http_form_str(c->q, "note") : NULL, deskweb_err(c, e, "note"));
    ui_button(&h, "Save funded time", false);
    HTML_LIT(&h, "</form>");
    deskweb_end(c, &h);
}

void page_desk_funded(struct ctx *c)
{
    deskweb_show(c, false, funded_page);
}

void page_desk_funded_post(struct ctx *c)
{
    struct desk_post p;
    if (!deskweb_open_post(c, &p))
        return;
    date_t from = deskweb_form_date(c, "from", "The date", &p.e);
    const char *figure = http_form_str(c->q, "figure");
    int64_t minutes = -1;
    if (!figure || (strcmp(figure, "own") && strcmp(figure, "default")))
        desk_errs_add(&p.e, "figure", "Select your own figure or the rules' figure");
    else if (strcmp(figure, "own") == 0) {
        struct pcn_msg hm = {0};
        if (desk_parse_hours(http_form_str(c->q, "hours"), &minutes, &hm))
            desk_errs_add(&p.e, "hours", "%s",
                          strcmp(hm.text, "Enter the time spent, in hours") == 0
                              ? "Enter the hours a week"
                              : hm.text);
    }
    const char *note = http_form_str(c->q, "note");
    int rc = PCN_EINVAL;
    if (from == DATE_NONE && !desk_errs_get(&p.e, "from"))
        desk_errs_add(&p.e, "from", "Enter the date it starts");
    if (p.e.n == 0)
        rc = deskdb_set_funded(c->db, &p.w, p.d.pcn, from, minutes, note ? note : "", c->today,
                               &p.e, &p.m);
    deskweb_post_end(c, &p, rc, funded_page, "/time/funded?done=saved");
}

/* page_desk_brief.c: the printable one-page brief about the PCN for a
 * meeting with an MP or the ICB (deskbrief.h), and the same as XLSX. */
#include "common.h"
#include "buf.h"
#include "deskbrief.h"
#include "deskdb.h"
#include "deskweb.h"
#include "form.h"
#include "nbhd.h"
#include "pages.h"
#include "sheet.h"

static const char *const audience_values[] = {"mp", "icb", "int", "other"};

/* The brief asked for: ?audience= and the meeting's date (its day, month
 * and year; or ?meeting=YYYY-MM-DD from a link).  A date that is not a real
 * one, such as 32 12 2026, is an error in es, never dropped in silence. */
static bool load(struct ctx *c, const struct desk_page *d, struct desk_brief *b,
                 struct form_errs *es)
{
    struct pcn_msg m = {0};
    const char *audience = http_query(c->q, "audience");
    if (audience && *audience) {
        bool known = false;
        for (size_t i = 0; i < ARRAY_SIZE(audience_values); i++)
            known |= strcmp(audience, audience_values[i]) == 0;
        if (!known) {
            form_err_add(es, "audience", "Choose who the meeting is with");
            audience = NULL;
        }
    }
    date_t meeting = DATE_NONE;
    const char *md = http_query(c->q, "meeting");
    if (md && *md && date_parse_iso(md, strlen(md), &meeting)) {
        form_err_add_date(es, "meeting",
                          "The date of the meeting must be a real date, like 4 12 "
                          "2026");
        meeting = DATE_NONE;
    }
    if (!(md && *md))
        meeting = form_query_date(c, es, "meeting", "the date of the meeting", form_date_lo(),
                                  form_date_hi(c->today));
    const char *problem;
    if (deskbrief_build(c->db, web_rules(c, &m), deskweb_rules(c, &problem), d->pcn, c->today,
                        audience, meeting, c->a, b, &m)) {
        deskweb_fail(c, &m);
        return false;
    }
    return true;
}

/* "About the PCN, for a meeting with ... on ...": with is the stakeholder
 * the meeting is with, or NULL for the audience's words. */
static void lede(struct html *h, const struct desk_page *d, const struct desk_brief *b,
                 const struct desk_stakeholder *with)
{
    HTML_LIT(h, "<div class=\"pcnops-brief\"><p class=\"nhsuk-lede-text\">About ");
    html_text(h, d->pcn_name);
    HTML_LIT(h, ", for a meeting with ");
    if (with) {
        html_text(h, with->name);
        if (*with->role_title) {
            HTML_LIT(h, ", ");
            html_text(h, with->role_title);
        }
    } else {
        html_text(h, deskbrief_audience_label(b->audience));
    }
    if (b->meeting != DATE_NONE) {
        HTML_LIT(h, " on ");
        date_add_uk_weekday(h->b, b->meeting);
    }
    HTML_LIT(h, ". Prepared on ");
    html_date(h, b->on);
    HTML_LIT(h, ".</p>");
}

/* The choice of audience and date (a GET form), and the download's link. */
static void brief_form(struct ctx *c, struct html *h, const struct desk_page *d,
                       const struct desk_brief *b, int64_t with_id, const struct form_errs *es)
{
    HTML_LIT(h, "<form class=\"pcnops-no-print\" action=\"");
    html_url(h, arena_printf(c->a, "%s/brief", d->base));
    HTML_LIT(h, "\" method=\"get\" novalidate>");
    static const char *const al[] = {
        "An MP", "The ICB", "The integrated neighbourhood team (INT) board", "Other partners"};
    if (with_id)
        buf_printf(h->b, "<input type=\"hidden\" name=\"with\" value=\"%" PRId64 "\">", with_id);
    ui_radios(h, "audience", "Who the meeting is with", NULL, audience_values, al, 4, b->audience,
              form_err(es, "audience"));
    const char *md, *mm, *my;
    ui_date_parts(c->a, b->meeting, &md, &mm, &my);
    if (form_err(es, "meeting") && !http_query(c->q, "meeting")) {
        /* what was typed, to be put right */
        md = http_query(c->q, "meeting-day");
        mm = http_query(c->q, "meeting-month");
        my = http_query(c->q, "meeting-year");
    }
    ui_date_input(h, "meeting", "Date of the meeting (optional)", "For example, 4 12 2026", md, mm,
                  my, form_err(es, "meeting"));
    ui_button(h, "Update the brief", true);
    HTML_LIT(h, "</form><p class=\"pcnops-no-print\">To print it, use your browser's print "
                "command: the brief fits one page. <a href=\"");
    html_url(h, arena_printf(c->a, "%s/brief.xlsx?audience=%s", d->base, b->audience));
    HTML_LIT(h, "\">Download the same figures as a spreadsheet (XLSX)</a></p>");
}

/* The network: ICB, practices, patients, growth, funding and the IIF. */
static void network_summary(struct html *h, const struct desk_brief *b)
{
    const struct pcn_detail *r = &b->reg;
    HTML_LIT(h, "<h2>The network</h2>");
    ui_summary_begin(h);
    ui_summary_row(h, "Integrated care board (ICB)", r->icb.name);
    ui_summary_row_open(h, "Member practices");
    html_count(h, (int64_t)r->npractices);
    ui_summary_row_end(h);
    ui_summary_row_open(h, "Registered patients");
    if (r->registered_patients >= 0) {
        html_count(h, r->registered_patients);
        HTML_LIT(h, " on ");
        html_date(h, r->list_size_date);
    } else {
        ui_none(h, "Not known: no list sizes loaded");
    }
    ui_summary_row_end(h);
    ui_summary_row_open(h, "Growth");
    if (b->growth_known) {
        html_text(h, b->growth >= 0 ? "Up " : "Down ");
        html_count(h, b->growth >= 0 ? b->growth : -b->growth);
        HTML_LIT(h, " patients (");
        deskweb_percent(
            h, desk_share_bp(b->growth >= 0 ? b->growth : -b->growth, b->growth_from_patients));
        HTML_LIT(h, ") since ");
        html_date(h, b->growth_from);
    } else {
        ui_none(h, "Not known: one list size only");
    }
    ui_summary_row_end(h);
    ui_summary_row_open(h, "Funding per patient");
    if (b->funding_known) {
        html_money(h, b->per_patient);
        HTML_LIT(h, " a year (");
        html_money(h, b->funding_total);
        HTML_LIT(h, " in ");
        char fy[8];
        fy_format(b->funding_fy, fy);
        html_text(h, fy);
        HTML_LIT(h, " of DES payments to the PCN and its practices; the ARRS sum, a maximum "
                    "to claim against, is not in it)");
        if (b->funding_estimate) {
            HTML_LIT(h, " ");
            ui_tag(h, "Estimate");
        }
        deskweb_conf_tag(h, b->funding_conf);
    } else {
        ui_none(h, "Not yet calculated");
    }
    ui_summary_row_end(h);
    ui_summary_row_open(h, "Investment and Impact Fund (IIF)");
    if (b->iif_known) {
        char iy[8];
        fy_format(b->iif_fy, iy);
        html_text(h, iy);
        HTML_LIT(h, ": ");
        fixed_add(h->b, b->iif.points, 3, 0, true);
        HTML_LIT(h, " points");
        if (b->iif.payment > 0) {
            HTML_LIT(h, ", ");
            html_money(h, b->iif.payment);
        }
        HTML_LIT(h, " (");
        html_count(h, b->iif_with_data);
        HTML_LIT(h, " of ");
        html_count(h, (int64_t)b->iif.nind);
        HTML_LIT(h, " indicators with figures)");
        deskweb_conf_tag(h, b->iif.conf);
    } else {
        ui_none(h, "Not yet recorded");
    }
    ui_summary_row_end(h);
    ui_summary_end(h);
}

/* The practices beside the ARRS workforce, in two columns. */
static void practices_workforce(struct html *h, const struct desk_brief *b)
{
    const struct pcn_detail *r = &b->reg;
    HTML_LIT(h, "<div class=\"pcnops-brief-columns\"><div>");
    ui_table_begin(h, "Practices", "Practice,>Registered patients");
    for (size_t i = 0; i < r->npractices; i++) {
        ui_tr(h);
        ui_td(h, r->practices[i].name ? r->practices[i].name : r->practices[i].code);
        ui_td_count(h, r->practices[i].registered_patients);
    }
    ui_table_end(h);
    HTML_LIT(h, "</div><div>");
    if (b->posts == 0) {
        HTML_LIT(h, "<h3>Workforce</h3><p>");
        ui_none(h, "Not yet recorded: the ARRS staff register has no one in post.");
        HTML_LIT(h, "</p>");
    } else {
        ui_table_begin(h, "ARRS workforce in post", "Role,>Staff,>WTE");
        for (size_t i = 0; i < b->nroles; i++) {
            ui_tr(h);
            ui_td(h, b->roles[i].name);
            ui_td_count(h, b->roles[i].posts);
            ui_td_open(h, true);
            fixed_add(h->b, b->roles[i].wte_e4, 4, 1, true);
            ui_td_close(h);
        }
        ui_tr(h);
        ui_td(h, "All ARRS roles");
        ui_td_count(h, b->posts);
        ui_td_open(h, true);
        fixed_add(h->b, b->wte_e4, 4, 1, true);
        ui_td_close(h);
        ui_table_end(h);
    }
    HTML_LIT(h, "</div></div>");
}

/* The clinical director's time and the requests made of them. */
static void time_summary(struct html *h, const struct desk_brief *b)
{
    const struct desk_summary *t = &b->time;
    {
        struct buf pb;
        buf_init(&pb, 128);
        desk_period_add(&pb, t->from, t->to);
        HTML_LIT(h, "<h2>The clinical director's time, ");
        html_text(h, pb.buf);
        HTML_LIT(h, "</h2>");
        buf_release(&pb);
    }
    ui_summary_begin(h);
    ui_summary_row_open(h, "Logged against funded");
    deskweb_hours(h, t->t.total * 1000);
    if (t->funded_known) {
        HTML_LIT(h, " against ");
        deskweb_hours(h, t->funded_mmin);
        HTML_LIT(h, " funded");
        if (t->funded_mmin > 0) {
            HTML_LIT(h, " (");
            deskweb_percent(h, desk_share_bp(t->t.total * 1000, t->funded_mmin));
            HTML_LIT(h, ")");
        }
        deskweb_conf_tag(h, t->funded_conf);
    }
    ui_summary_row_end(h);
    ui_summary_row_open(h, "Weeks over funded time");
    html_count(h, b->weeks_over);
    HTML_LIT(h, " of ");
    html_count(h, (int64_t)t->nweeks);
    ui_summary_row_end(h);
    ui_summary_row_open(h, "With practices, and in system meetings");
    deskweb_hours(h, t->t.practices * 1000);
    HTML_LIT(h, " with member practices; ");
    deskweb_hours(h, t->t.system * 1000);
    HTML_LIT(h, " in ICB, system, place and INT meetings");
    ui_summary_row_end(h);
    ui_summary_row_open(h, "Requests");
    html_count(h, b->requests.received);
    HTML_LIT(h, " received, ");
    html_count(h, b->requests.by_decision[DEC_DECLINE]);
    HTML_LIT(h, " declined, ");
    html_count(h, b->requests.outside_role);
    HTML_LIT(h, " outside the role");
    ui_summary_row_end(h);
    ui_summary_end(h);
    for (size_t i = 0; i < t->nalerts; i++)
        deskweb_warning(h, "Time pressure", t->alerts[i].text);
}

/* The neighbourhood: its contract, partners and core components. */
static void neighbourhood(struct ctx *c, struct html *h, const struct desk_brief *b)
{
    if (b->nbhd) {
        HTML_LIT(h, "<h2>The neighbourhood</h2>");
        if (b->nbhd_problem)
            deskweb_warning(h, "The list of components could not be read",
                            deskweb_for_people(c, b->nbhd_problem));
        ui_summary_begin(h);
        ui_summary_row(h, "Contract today", b->contract ? b->contract->name : "Not recorded");
        ui_summary_row_open(h, "Partner organisations");
        html_count(h, (int64_t)b->npartners);
        ui_summary_row_end(h);
        ui_summary_end(h);
        if (b->ncomponents) {
            ui_table_begin(h, "The core components of neighbourhood health",
                           "Component,Status,Next step");
            for (size_t i = 0; i < b->ncomponents; i++) {
                ui_tr(h);
                ui_td(h, b->components[i].name);
                ui_td_open(h, false);
                ui_tag(h, nbhd_status_label(b->components[i].status));
                ui_td_close(h);
                ui_td_open(h, false);
                html_text(h, b->components[i].next_step);
                ui_td_close(h);
            }
            ui_table_end(h);
        }
    }
}

/* The main asks of the engagement log. */
static void main_asks(struct html *h, const struct desk_brief *b)
{
    HTML_LIT(h, "<h2>Main asks</h2>");
    if (b->nasks == 0) {
        HTML_LIT(h, "<p>");
        ui_none(h, "None recorded in the engagement log in the last 90 days.");
        HTML_LIT(h, "</p>");
    } else {
        HTML_LIT(h, "<ul class=\"nhsuk-list nhsuk-list--bullet\">");
        for (size_t i = 0; i < b->nasks; i++) {
            HTML_LIT(h, "<li>");
            html_text(h, b->asks[i].asks);
            HTML_LIT(h, " <span class=\"nhsuk-u-secondary-text-colour\">(");
            html_text(h, b->asks[i].stakeholder_name);
            HTML_LIT(h, ", ");
            html_date(h, b->asks[i].date);
            HTML_LIT(h, ")</span></li>");
        }
        HTML_LIT(h, "</ul>");
    }
}

void page_desk_brief(struct ctx *c)
{
    struct desk_page d;
    struct desk_brief b;
    struct html h = {&c->r->body};
    struct form_errs es;
    form_errs_init(&es, c->a);
    if (!deskweb_open(c, false, &d) || !load(c, &d, &b, &es))
        return;
    /* with=ID: the stakeholder the meeting is with (an MP from the list). */
    struct desk_stakeholder with = {0};
    int64_t with_id = 0;
    const char *ws = http_query(c->q, "with");
    struct pcn_msg wm = {0};
    if (ws && parse_i64(ws, 1, INT64_MAX, &with_id) == 0 &&
        deskdb_stakeholder_get(c->db, d.pcn, with_id, c->a, &with, &wm) != 0)
        with_id = 0;
    deskweb_begin_form(c, &h, &d, "Meeting brief", "brief", &es);
    lede(&h, &d, &b, with_id ? &with : NULL);
    brief_form(c, &h, &d, &b, with_id, &es);
    network_summary(&h, &b);
    practices_workforce(&h, &b);
    time_summary(&h, &b);
    neighbourhood(c, &h, &b);
    main_asks(&h, &b);
    HTML_LIT(&h, "</div>");
    deskweb_end(c, &h);
}

void page_desk_brief_xlsx(struct ctx *c)
{
    struct desk_page d;
    struct desk_brief b;
    struct pcn_msg m = {0};
    struct desk_actor w;
    struct sheet sh[8];
    size_t n;
    struct form_errs es;
    form_errs_init(&es, c->a);
    if (!deskweb_open(c, false, &d) || !load(c, &d, &b, &es))
        return;
    if (es.n) {
        ui_error_page(c, 400, "The brief was not made", es.e[0].text);
        return;
    }
    deskbrief_sheets(&b, c->a, sh, &n);
    char iso[11];
    date_format_iso(c->today, iso);
    const char *name = arena_printf(c->a, "pcn-brief-%s-%s.xlsx", d.pcn, iso);
    deskweb_actor(c, &w);
    if (deskdb_audit(c->db, &w, "desk-export", d.pcn,
                     json_pack("{s:s,s:s}", "record", "brief", "file", name), &m) ||
        page_send_sheets(c, sh, n, true, name, &m))
        deskweb_fail(c, &m);
}

/* page_desk_delegation.c: the delegation register: the PCN's
 * responsibilities, who leads each, and the share the clinical director
 * still holds, over time. */
#include "common.h"
#include "buf.h"
#include "deskdb.h"
#include "deskweb.h"
#include "pages.h"
#include "rules.h"
#include "svg.h"

/* The ARRS roles of the latest rules year on or before today (for the
 * clinical lead of each role); n 0 when the rules cannot be read. */
static const struct rule_role *arrs_roles(struct ctx *c, size_t *n)
{
    struct pcn_msg m = {0};
    *n = 0;
    const struct rules *r = web_rules(c, &m);
    if (!r)
        return NULL;
    const struct rules_year *best = NULL;
    for (size_t i = 0; i < r->nyears; i++)
        if (fy_start(r->years[i].fy) <= c->today && r->years[i].nroles)
            best = &r->years[i];
    if (!best)
        return NULL;
    *n = best->nroles;
    return best->roles;
}

static void forms(struct ctx *c, struct html *h, const struct desk_page *d,
                  const struct desk_responsibility *r, size_t n, const struct desk_errs *e)
{
    const char *which = http_form_str(c->q, "form");
    bool post_del = e && which && strcmp(which, "delegate") == 0;
    bool post_add = e && which && strcmp(which, "add") == 0;
    const struct desk_errs *de = post_del ? e : NULL, *ae = post_add ? e : NULL;
    if (n) {
        HTML_LIT(h, "<h2 id=\"delegate\">Record who leads a responsibility</h2><form action=\"");
        html_url(h, arena_printf(c->a, "%s/delegation", d->base));
        HTML_LIT(h, "\" method=\"post\" novalidate>");
        ui_csrf(c, h);
        HTML_LIT(h, "<input type=\"hidden\" name=\"form\" value=\"delegate\">");
        const char **v = ARENA_ARRAY(c->a, const char *, n + 1);
        const char **l = ARENA_ARRAY(c->a, const char *, n + 1);
        v[0] = "";
        l[0] = "Choose a responsibility";
        for (size_t i = 0; i < n; i++) {
            v[i + 1] = arena_printf(c->a, "%" PRId64, r[i].id);
            l[i + 1] = r[i].title;
        }
        ui_select(h, "responsibility", "Responsibility", v, l, n + 1,
                  post_del ? http_form_str(c->q, "responsibility") : NULL,
                  deskweb_err(c, de, "responsibility"));
        deskweb_date_input(c, h, "from", "From", "For example, 1 4 2026",
                           post_del ? DATE_NONE : c->today, de);
        ui_input(h, "lead", "The named lead", "Leave empty if you still hold all of it", "text",
                 post_del ? http_form_str(c->q, "lead") : NULL, "nhsuk-input--width-20",
                 deskweb_err(c, de, "lead"));
        ui_input(h, "lead_role", "Their role (optional)",
                 "For example, PCN manager or clinical "
                 "lead",
                 "text", post_del ? http_form_str(c->q, "lead_role") : NULL,
                 "nhsuk-input--width-20", deskweb_err(c, de, "lead_role"));
        ui_input(h, "cd_share", "Share the clinical director still holds, in per cent",
                 "From 0 (fully delegated) to 100 (not delegated)", "text",
                 post_del ? http_form_str(c->q, "cd_share") : NULL, "nhsuk-input--width-3",
                 deskweb_err(c, de, "cd_share"));
        ui_textarea(h, "note", "Note (optional)", NULL,
                    post_del ? http_form_str(c->q, "note") : NULL, deskweb_err(c, de, "note"));
        ui_button(h, "Save", false);
        HTML_LIT(h, "</form>");
    }
    HTML_LIT(h, "<h2 id=\"add\">Add a responsibility</h2><form action=\"");
    html_url(h, arena_printf(c->a, "%s/delegation", d->base));
    HTML_LIT(h, "\" method=\"post\" novalidate>");
    ui_csrf(c, h);
    HTML_LIT(h, "<input type=\"hidden\" name=\"form\" value=\"add\">");
    const char *av[AREA_COUNT], *al[AREA_COUNT];
    for (int i = 0; i < AREA_COUNT; i++) {
        av[i] = desk_area_id((enum desk_area)i);
        al[i] = desk_area_label((enum desk_area)i);
    }
    ui_radios(h, "area", "Responsibility", NULL, av, al, AREA_COUNT,
              post_add ? http_form_str(c->q, "area") : NULL, deskweb_err(c, ae, "area"));
    size_t nroles;
    const struct rule_role *roles = arrs_roles(c, &nroles);
    const char **rv = ARENA_ARRAY(c->a, const char *, nroles + 1);
    const char **rl = ARENA_ARRAY(c->a, const char *, nroles + 1);
    rv[0] = "";
    rl[0] = "Not a clinical lead";
    for (size_t i = 0; i < nroles; i++) {
        rv[i + 1] = roles[i].id;
        rl[i + 1] = roles[i].name;
    }
    ui_select(h, "role", "For a clinical lead: the ARRS role", rv, rl, nroles + 1,
              post_add ? http_form_str(c->q, "role") : NULL, deskweb_err(c, ae, "role"));
    ui_input(h, "title", "For the PCN's own: what it is", "For example, Care home ward rounds",
             "text", post_add ? http_form_str(c->q, "title") : NULL, "nhsuk-input--width-20",
             deskweb_err(c, ae, "title"));
    ui_button(h, "Add the responsibility", true);
    HTML_LIT(h, "</form>");
}

/* Each responsibility, who leads it today and since when, and the share the
 * clinical director still holds. */
static void today_table(struct ctx *c, struct html *h, const struct desk_responsibility *r,
                        size_t n)
{
    ui_table_begin(h, "Responsibilities and who leads them today",
                   "Responsibility,Lead,Since,>Clinical director holds");
    for (size_t i = 0; i < n; i++) {
        const struct desk_delegation *cur = desk_delegation_on(&r[i], c->today);
        ui_tr(h);
        ui_td(h, r[i].title);
        ui_td_open(h, false);
        if (cur && *cur->lead) {
            html_text(h, cur->lead);
            if (*cur->lead_role) {
                HTML_LIT(h, ", ");
                html_text(h, cur->lead_role);
            }
        } else {
            ui_none(h, "The clinical director");
        }
        ui_td_close(h);
        ui_td_open(h, false);
        if (cur)
            html_date(h, cur->from);
        else
            ui_none(h, "Not delegated");
        ui_td_close(h);
        ui_td_open(h, true);
        html_int(h, desk_cd_share_on(&r[i], c->today));
        HTML_LIT(h, "%");
        ui_td_close(h);
    }
    ui_table_end(h);
}

/* The average share the clinical director still holds at the end of each of
 * the last 12 months: a chart and its table. */
static void share_over_time(struct ctx *c, struct html *h, const struct desk_responsibility *r,
                            size_t n)
{
    /* The average share over the last 12 months, month by month. */
    struct svg_point pts[13];
    date_t start = date_add_months(date_month_start(c->today), -12);
    HTML_LIT(h, "<h2>What the clinical director still holds, over time</h2>");
    for (int k = 0; k <= 12; k++) {
        date_t on = k == 12 ? c->today : date_add_months(start, k + 1) - 1;
        pts[k] = (struct svg_point){on, desk_cd_share_avg_bp(r, n, on) / 100};
    }
    svg_line_chart(h, "share", "Share the clinical director still holds, on average",
                   "The average share of the responsibilities the clinical director still "
                   "holds, in per cent, at the end of each of the last 12 months; the "
                   "figures are in the table below.",
                   &(const struct svg_axis){
                       .name = "Per cent", .suffix = "%", .at_least = 100, .from_zero = true},
                   pts, 13);
    ui_table_begin(h, "Average share the clinical director holds, by month", "On,>Share held");
    for (int k = 0; k <= 12; k++) {
        ui_tr(h);
        ui_td_open(h, false);
        html_date(h, pts[k].x);
        ui_td_close(h);
        ui_td_open(h, true);
        deskweb_percent(h, desk_cd_share_avg_bp(r, n, pts[k].x));
        ui_td_close(h);
    }
    ui_table_end(h);
}

/* Every change of lead, newest first within each responsibility. */
static void history_table(struct html *h, const struct desk_responsibility *r, size_t n)
{
    HTML_LIT(h, "<h2>History</h2>");
    bool any = false;
    for (size_t i = 0; i < n; i++)
        any |= r[i].nhistory > 0;
    if (!any) {
        HTML_LIT(h, "<p>Nothing has been delegated yet.</p>");
    } else {
        ui_table_begin(h, "Changes of lead",
                       "From,Responsibility,Lead,>Clinical director "
                       "holds,Note");
        for (size_t i = 0; i < n; i++)
            for (size_t k = r[i].nhistory; k-- > 0;) {
                const struct desk_delegation *x = &r[i].history[k];
                ui_tr(h);
                ui_td_open(h, false);
                html_date(h, x->from);
                ui_td_close(h);
                ui_td(h, r[i].title);
                ui_td_open(h, false);
                if (*x->lead)
                    html_text(h, x->lead);
                else
                    ui_none(h, "The clinical director");
                ui_td_close(h);
                ui_td_open(h, true);
                html_int(h, x->cd_share);
                HTML_LIT(h, "%");
                ui_td_close(h);
                ui_td_open(h, false);
                if (*x->note)
                    html_text(h, x->note);
                else
                    ui_none(h, "None");
                ui_td_close(h);
            }
        ui_table_end(h);
    }
}

static void delegation_page(struct ctx *c, const struct desk_page *d, const struct desk_errs *e)
{
    struct html h = {&c->r->body};
    struct pcn_msg m = {0};
    struct desk_responsibility *r;
    size_t n;
    if (deskdb_responsibilities(c->db, d->pcn, c->a, &r, &n, &m)) {
        deskweb_fail(c, &m);
        return;
    }
    deskweb_begin(c, &h, d, "Delegation", "delegation", e);
    if (!e && http_query(c->q, "done"))
        deskweb_success(&h, "Delegation register updated");
    HTML_LIT(&h, "<p>Delegating releases clinical director time: operations and finance to the "
                 "PCN manager, service areas to clinical leads, access and data work to a "
                 "digital and transformation lead. Keep a record of who leads what, and what is "
                 "still yours.</p>");
    if (n == 0) {
        HTML_LIT(&h, "<p>No responsibilities are recorded yet. Add them below: ARRS recruitment, "
                     "the Investment and Impact Fund (IIF), access improvement, digital, the "
                     "clinical lead for each ARRS role, INT liaison and your PCN's own.</p>");
    } else {
        today_table(c, &h, r, n);
        share_over_time(c, &h, r, n);
        history_table(&h, r, n);
    }
    forms(c, &h, d, r, n, e);
    deskweb_end(c, &h);
}

void page_desk_delegation(struct ctx *c)
{
    deskweb_show(c, false, delegation_page);
}

void page_desk_delegation_post(struct ctx *c)
{
    struct desk_post p;
    if (!deskweb_open_post(c, &p))
        return;
    const char *which = http_form_str(c->q, "form");
    int rc;
    if (which && strcmp(which, "delegate") == 0) {
        int64_t rid = 0;
        const char *rs = http_form_str(c->q, "responsibility");
        if (!rs || parse_i64(rs, 1, INT64_MAX, &rid))
            desk_errs_add(&p.e, "responsibility", "Select the responsibility");
        struct desk_delegation x = {0};
        x.from = deskweb_form_date(c, "from", "The date", &p.e);
        x.lead = http_form_str(c->q, "lead");
        x.lead_role = http_form_str(c->q, "lead_role");
        x.note = http_form_str(c->q, "note");
        if (desk_parse_percent(http_form_str(c->q, "cd_share"), &x.cd_share)) {
            x.cd_share = -1;
            desk_errs_add(&p.e, "cd_share",
                          "Enter the share the clinical director still holds, "
                          "a whole number from 0 to 100");
        }
        if (!x.lead)
            x.lead = "";
        if (!x.lead_role)
            x.lead_role = "";
        if (!x.note)
            x.note = "";
        /* the store adds its checks to the form's and writes nothing while
         * there is any error, so every mistake shows at once */
        rc = deskdb_delegate(c->db, &p.w, p.d.pcn, rid, &x, c->today, &p.e, &p.m);
        if (rc == PCN_ENOTFOUND) {
            desk_errs_add(&p.e, "responsibility", "Select a responsibility from the list");
            rc = PCN_EINVAL;
        }
    } else {
        enum desk_area area;
        const char *title = NULL, *role = http_form_str(c->q, "role");
        if (desk_area_parse(http_form_str(c->q, "area"), &area)) {
            desk_errs_add(&p.e, "area", "Select the responsibility");
            area = AREA_COUNT;
        } else if (area == AREA_OWN) {
            title = http_form_str(c->q, "title");
        } else if (area == AREA_ARRS_CLINICAL_LEAD) {
            size_t nroles;
            const struct rule_role *roles = arrs_roles(c, &nroles);
            for (size_t i = 0; role && i < nroles; i++)
                if (strcmp(roles[i].id, role) == 0)
                    title = arena_printf(c->a, "Clinical lead: %s", roles[i].name);
            if (role && *role && !title)
                desk_errs_add(&p.e, "role", "Select an ARRS role from the list");
            if (!title)
                title = "";
        } else {
            title = desk_area_label(area);
        }
        rc = deskdb_add_responsibility(c->db, &p.w, p.d.pcn, area, role, title, NULL, &p.e, &p.m);
    }
    deskweb_post_end(c, &p, rc, delegation_page, "/delegation?done=saved");
}

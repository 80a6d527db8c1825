/* page_desk_supervision.c: supervision of the PCN's ARRS staff: each
 * staff member's named supervisor, the sessions logged against the minimum
 * for the role, the overdue list and training hub courses (desksup.h). */
#include "common.h"
#include "buf.h"
#include "desksup.h"
#include "deskweb.h"
#include "demo.h"
#include "demoweb.h"
#include "limits.h"
#include "pages.h"
#include "rules.h"

static bool load(struct ctx *c, const struct desk_page *d, struct desk_supervision *s,
                 const struct rules **roles, const char **problem)
{
    struct pcn_msg m = {0};
    const struct rules *r = web_rules(c, &m);
    *roles = r;
    const struct deskrules *dr = deskweb_rules(c, problem);
    if (desksup_load(c->db, dr, r, d->pcn, c->today, c->a, s, &m)) {
        deskweb_fail(c, &m);
        return false;
    }
    return true;
}

static void status_tag(struct html *h, const struct desk_sup_status *st)
{
    if (st->state == SUP_NO_MINIMUM)
        ui_none(h, "No minimum set");
    else
        ui_tag(h, st->state == SUP_OVERDUE     ? "Overdue"
                  : st->state == SUP_DUE_TODAY ? "Due today"
                                               : "Done");
}

/* A staff member's cell: the name (with the demo tag) and the role. */
static void staff_cell(struct html *h, const struct demoweb_ids *demo, const struct desk_sup_row *x)
{
    ui_td_open(h, false);
    html_text(h, x->name);
    demoweb_tag_if(h, demo, x->staff_id);
    HTML_LIT(h, "<br><span class=\"nhsuk-body-s\">");
    html_text(h, x->role_name);
    HTML_LIT(h, "</span>");
    ui_td_close(h);
}

/* A date's cell, or `none` when there is no date. */
static void date_cell(struct html *h, date_t d, const char *none)
{
    ui_td_open(h, false);
    if (d != DATE_NONE)
        html_date(h, d);
    else
        ui_none(h, none);
    ui_td_close(h);
}

static void forms(struct ctx *c, struct html *h, const struct desk_page *d,
                  const struct desk_supervision *s, const struct rules *r,
                  const struct desk_errs *e)
{
    const char *which = http_form_str(c->q, "form");
    bool ps = e && which && !strcmp(which, "session"),
         pt = e && which && !strcmp(which, "training"),
         pp = e && which && !strcmp(which, "minimum");
    const char **sv = ARENA_ARRAY(c->a, const char *, s->n + 1);
    const char **sl = ARENA_ARRAY(c->a, const char *, s->n + 1);
    sv[0] = "";
    sl[0] = "Choose a staff member";
    for (size_t i = 0; i < s->n; i++) {
        sv[i + 1] = arena_printf(c->a, "%" PRId64, s->rows[i].staff_id);
        sl[i + 1] = arena_printf(c->a, "%s, %s", s->rows[i].name, s->rows[i].role_name);
    }
#define V(on, name) ((on) ? http_form_str(c->q, name) : NULL)
    const struct desk_errs *se = ps ? e : NULL, *te = pt ? e : NULL, *pe = pp ? e : NULL;
    HTML_LIT(h, "<h2 id=\"session\">Log a supervision session</h2><form action=\"");
    html_url(h, arena_printf(c->a, "%s/supervision", d->base));
    HTML_LIT(h, "\" method=\"post\" novalidate>");
    ui_csrf(c, h);
    HTML_LIT(h, "<input type=\"hidden\" name=\"form\" value=\"session\">");
    ui_select(h, "staff", "Staff member", sv, sl, s->n + 1, V(ps, "staff"),
              deskweb_err(c, se, "staff"));
    deskweb_date_input(c, h, "session", "Date of the session", "For example, 20 11 2026",
                       ps ? DATE_NONE : c->today, se);
    ui_input(h, "supervisor", "Supervisor", "Leave empty for their named supervisor", "text",
             V(ps, "supervisor"), "nhsuk-input--width-20", deskweb_err(c, se, "supervisor"));
    ui_input(h, "hours", "Length, in hours (optional)", "For example, 1 or 0:45", "text",
             V(ps, "hours"), "nhsuk-input--width-5", deskweb_err(c, se, "hours"));
    ui_textarea(h, "note", "Note (optional)", NULL, V(ps, "note"), deskweb_err(c, se, "note"));
    ui_button(h, "Log the session", false);
    HTML_LIT(h, "</form>");

    HTML_LIT(h, "<h2 id=\"training\">Record a training hub course</h2><form action=\"");
    html_url(h, arena_printf(c->a, "%s/supervision", d->base));
    HTML_LIT(h, "\" method=\"post\" novalidate>");
    ui_csrf(c, h);
    HTML_LIT(h, "<input type=\"hidden\" name=\"form\" value=\"training\">");
    ui_select(h, "staff", "Staff member", sv, sl, s->n + 1, V(pt, "staff"),
              deskweb_err(c, te, "staff"));
    deskweb_date_input(c, h, "attended", "Date attended", NULL, pt ? DATE_NONE : c->today, te);
    ui_input(h, "course", "Course", NULL, "text", V(pt, "course"), "nhsuk-input--width-30",
             deskweb_err(c, te, "course"));
    ui_input(h, "provider", "Who ran it (optional)", "For example, the training hub", "text",
             V(pt, "provider"), "nhsuk-input--width-20", deskweb_err(c, te, "provider"));
    ui_input(h, "hours", "Length, in hours (optional)", NULL, "text", V(pt, "hours"),
             "nhsuk-input--width-5", deskweb_err(c, te, "hours"));
    ui_button(h, "Record the course", true);
    HTML_LIT(h, "</form>");

    HTML_LIT(h, "<h2 id=\"minimum\">Set your PCN's minimum</h2><p>NHS England recommends a "
                "minimum for some roles (recommended, not contractual: the minimums above say "
                "where each comes from); for the others nothing national is known. Set the "
                "most days a staff member may go between sessions, for every role or for one "
                "role: your figure takes the place of the recommended one.</p><form action=\"");
    html_url(h, arena_printf(c->a, "%s/supervision", d->base));
    HTML_LIT(h, "\" method=\"post\" novalidate>");
    ui_csrf(c, h);
    HTML_LIT(h, "<input type=\"hidden\" name=\"form\" value=\"minimum\">");
    const struct rules_year *y = NULL;
    for (size_t i = 0; r && i < r->nyears; i++)
        if (fy_start(r->years[i].fy) <= c->today)
            y = &r->years[i];
    size_t nr = y ? y->nroles : 0;
    const char **rv = ARENA_ARRAY(c->a, const char *, nr + 1);
    const char **rl = ARENA_ARRAY(c->a, const char *, nr + 1);
    rv[0] = "*";
    rl[0] = "Every role";
    for (size_t i = 0; i < nr; i++) {
        rv[i + 1] = y->roles[i].id;
        rl[i + 1] = y->roles[i].name;
    }
    ui_select(h, "role", "Role", rv, rl, nr + 1, V(pp, "role"), deskweb_err(c, pe, "role"));
    ui_input(h, "max_days", "Most days between sessions",
             "For example, 28. Leave empty to remove "
             "your PCN's figure",
             "text", V(pp, "max_days"), "nhsuk-input--width-3", deskweb_err(c, pe, "max_days"));
    ui_button(h, "Save the minimum", true);
    HTML_LIT(h, "</form>");
#undef V
}

static void supervision_page(struct ctx *c, const struct desk_page *d, const struct desk_errs *e)
{
    struct html h = {&c->r->body};
    struct desk_supervision s;
    const struct rules *r;
    const char *problem;
    if (!load(c, d, &s, &r, &problem))
        return;
    deskweb_begin(c, &h, d, "Supervision", "supervision", e);
    if (!e && http_query(c->q, "done"))
        deskweb_success(&h, "Supervision record saved");
    HTML_LIT(&h, "<p>Each member of the PCN's Additional Roles Reimbursement Scheme (ARRS) staff "
                 "needs a named supervisor and regular supervision. The staff and their named "
                 "supervisors come from the ARRS staff register.</p>");
    if (problem)
        deskweb_warning(&h, "The rules files have a problem", deskweb_for_people(c, problem));
    if (s.n == 0) {
        HTML_LIT(&h, "<p>No ARRS staff are in post in the staff register.</p>");
        deskweb_end(c, &h);
        return;
    }
    struct demoweb_ids demo = demoweb_ids(c, d->pcn, DEMO_STAFF);
    if (s.noverdue) {
        HTML_LIT(&h, "<h2>Overdue</h2>");
        ui_table_begin(&h, "Supervision overdue",
                       "Staff member,Named supervisor,Last session,Was "
                       "due,>Days overdue");
        for (size_t i = 0; i < s.n; i++) {
            const struct desk_sup_row *x = &s.rows[i];
            if (x->st.state != SUP_OVERDUE)
                continue;
            ui_tr(&h);
            staff_cell(&h, &demo, x);
            ui_td(&h, *x->supervisor ? x->supervisor : "None named");
            date_cell(&h, x->st.last, "None yet");
            ui_td_open(&h, false);
            html_date(&h, x->st.due);
            ui_td_close(&h);
            ui_td_count(&h, x->st.days_overdue);
        }
        ui_table_end(&h);
    }
    ui_table_begin(&h, "ARRS staff in post",
                   "Staff member,Named supervisor,Minimum,Last "
                   "session,Next due,Status");
    for (size_t i = 0; i < s.n; i++) {
        const struct desk_sup_row *x = &s.rows[i];
        ui_tr(&h);
        staff_cell(&h, &demo, x);
        ui_td_open(&h, false);
        if (*x->supervisor)
            html_text(&h, x->supervisor);
        else
            ui_tag(&h, "Not clear");
        ui_td_close(&h);
        ui_td_open(&h, false);
        if (x->max_days >= 0) {
            HTML_LIT(&h, "Every ");
            html_int(&h, x->max_days);
            HTML_LIT(&h, " days <span class=\"nhsuk-body-s\">(");
            html_text(&h, x->min_source);
            HTML_LIT(&h, ")</span>");
            deskweb_conf_tag(&h, x->min_conf);
        } else {
            ui_none(&h, "Not known");
        }
        ui_td_close(&h);
        date_cell(&h, x->st.last, "None yet");
        date_cell(&h, x->st.due, "Not known");
        ui_td_open(&h, false);
        status_tag(&h, &x->st);
        ui_td_close(&h);
    }
    ui_table_end(&h);
    bool any = false;
    for (size_t i = 0; i < s.n; i++)
        any |= s.rows[i].ntraining > 0;
    if (any) {
        ui_table_begin(&h, "Training hub courses", "Date,Staff member,Course,Run by,>Hours");
        for (size_t i = 0; i < s.n; i++)
            for (size_t k = 0; k < s.rows[i].ntraining; k++) {
                const struct desk_training *t = &s.rows[i].training[k];
                ui_tr(&h);
                ui_td_open(&h, false);
                html_date(&h, t->attended);
                ui_td_close(&h);
                ui_td(&h, s.rows[i].name);
                ui_td(&h, t->course);
                ui_td(&h, *t->provider ? t->provider : NULL);
                if (t->minutes >= 0)
                    deskweb_td_hours(&h, t->minutes);
                else
                    ui_td_count(&h, -1);
            }
        ui_table_end(&h);
    }
    forms(c, &h, d, &s, r, e);
    deskweb_end(c, &h);
}

void page_desk_supervision(struct ctx *c)
{
    deskweb_show(c, false, supervision_page);
}

static int64_t form_hours(struct ctx *c, struct desk_errs *e)
{
    const char *s = http_form_str(c->q, "hours");
    int64_t minutes = -1;
    struct pcn_msg m = {0};
    if (s && *s && desk_parse_hours(s, &minutes, &m))
        desk_errs_add(e, "hours", "%s", m.text);
    return minutes;
}

void page_desk_supervision_post(struct ctx *c)
{
    struct desk_post p;
    int rc = PCN_EINVAL;
    if (!deskweb_open_post(c, &p))
        return;
    const char *which = http_form_str(c->q, "form");
    int64_t staff = 0;
    const char *ss = http_form_str(c->q, "staff");
    if (ss && *ss && parse_i64(ss, 1, INT64_MAX, &staff))
        staff = -1;
    if (which && strcmp(which, "session") == 0) {
        struct desk_sup_session x = {.staff_id = staff};
        x.date = deskweb_form_date(c, "session", "The date of the session", &p.e);
        x.supervisor = http_form_str(c->q, "supervisor");
        x.note = http_form_str(c->q, "note");
        x.minutes = form_hours(c, &p.e);
        if ((!x.supervisor || !*x.supervisor) && staff > 0) {
            /* their named supervisor */
            struct desk_supervision s;
            if (desksup_load(c->db, NULL, NULL, p.d.pcn, c->today, c->a, &s, &p.m) == 0)
                for (size_t i = 0; i < s.n; i++)
                    if (s.rows[i].staff_id == staff && *s.rows[i].supervisor)
                        x.supervisor = s.rows[i].supervisor;
        }
        if (!x.supervisor || !*x.supervisor)
            desk_errs_add(&p.e, "supervisor",
                          "Enter the supervisor's name: this staff member has "
                          "no named supervisor");
        if (!x.note)
            x.note = "";
        rc = desksup_add_session(c->db, &p.w, p.d.pcn, &x, c->today, NULL, &p.e, &p.m);
    } else if (which && strcmp(which, "training") == 0) {
        struct desk_training x = {.staff_id = staff};
        x.attended = deskweb_form_date(c, "attended", "The date of the course", &p.e);
        x.course = http_form_str(c->q, "course");
        x.provider = http_form_str(c->q, "provider");
        x.minutes = form_hours(c, &p.e);
        if (!x.provider)
            x.provider = "";
        rc = desksup_add_training(c->db, &p.w, p.d.pcn, &x, c->today, NULL, &p.e, &p.m);
    } else if (which && strcmp(which, "minimum") == 0) {
        const char *ds = http_form_str(c->q, "max_days");
        int64_t days = -1;
        if (ds && *ds && parse_i64(ds, 1, LIMIT_FORM_GAP_DAYS_MAX, &days))
            desk_errs_add(&p.e, "max_days",
                          "Enter the most days between sessions, a whole number "
                          "from 1 to %d",
                          LIMIT_FORM_GAP_DAYS_MAX);
        /* the store's checks join the form's; nothing is written while any fails */
        rc = desksup_set_policy(c->db, &p.w, p.d.pcn, http_form_str(c->q, "role"), days, &p.e,
                                &p.m);
    } else {
        ui_error_page(c, 400, "The form could not be read", "Go back and try again.");
        return;
    }
    deskweb_post_end(c, &p, rc, supervision_page, "/supervision?done=saved");
}

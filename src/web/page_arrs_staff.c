/* page_arrs_staff.c: a PCN's ARRS staff register (/pcn/CODE/arrs/staff),
 * each record with its terms and end, and the form for a new one.  Pay is
 * for the PCN's managers and clinical director (perm_read_salaries); each
 * view of a record is audited. */
#include "common.h"
#include "audit.h"
#include "pages.h"
#include "page_arrs.h"
#include "perm.h"
#include "rules.h"
#include "staff.h"
#include "demo.h"
#include "demoweb.h"
#include "override.h"
#include "ui.h"
#include "form.h"
#include "limits.h"

/* ---- staff register ------------------------------------------------------ */

const char *page_arrs_post_role_words(const struct rules *r, fy_t fy, const char *id)
{
    const struct rules_year *y = rules_year(r, fy);
    const struct rule_role *role = y ? arrs_find_role(y, id) : NULL;
    return role ? role->name : id;
}

static const struct arrs_terms *current_terms(const struct staff *s, date_t on)
{
    const struct arrs_terms *t = s->nterms ? &s->terms[0] : NULL;
    for (size_t i = 0; i < s->nterms; i++)
        if (s->terms[i].from <= on)
            t = &s->terms[i];
    return t;
}

void page_arrs_staff(struct ctx *c)
{
    struct html h = {&c->r->body};
    struct pcn_msg m = {0};
    struct staff *s;
    size_t n;
    const struct rules *r;
    const char *code = page_arrs_pcn_rules(c, false, &r);
    if (!code)
        return;
    if (staff_list(c->db, code, DATE_NONE, c->a, &s, &n, &m)) {
        ui_fail_500(c, &m);
        return;
    }
    bool pay = perm_read_salaries(c, code);
    page_arrs_begin(c, &h, code, "Staff register", NULL, "ARRS",
                    arena_printf(c->a, "/pcn/%s/arrs", code));
    HTML_LIT(&h, "<h1>Staff register</h1><p>The staff whose pay the Additional Roles "
                 "Reimbursement Scheme (ARRS) repays, past and present.</p>");
    demoweb_notice(c, &h, code);
    struct demoweb_ids demo = demoweb_ids(c, code, DEMO_STAFF);
    if (pay) {
        HTML_LIT(&h, "<a class=\"nhsuk-button\" data-module=\"nhsuk-button\" href=\"");
        html_url2(&h, "/pcn/", code);
        HTML_LIT(&h, "/arrs/staff/new\">Add a staff member</a><p><a href=\"");
        html_url2(&h, "/pcn/", code);
        HTML_LIT(&h, "/import?kind=staff\">Import staff from a file</a> (a staff CSV, or NHS "
                     "England's workforce census)</p>");
    }
    ui_table_begin(&h, "Staff", "Name,Role,>WTE,Started,Left");
    for (size_t i = 0; i < n; i++) {
        const struct arrs_terms *t = current_terms(&s[i], c->today);
        ui_tr(&h);
        ui_td_open(&h, false);
        if (pay) {
            HTML_LIT(&h, "<a href=\"");
            html_url2(&h, "/pcn/", code);
            HTML_LIT(&h, "/arrs/staff/");
            html_int(&h, s[i].id);
            HTML_LIT(&h, "\">");
            html_text(&h, s[i].name);
            HTML_LIT(&h, "</a>");
        } else {
            html_text(&h, s[i].name);
        }
        demoweb_tag_if(&h, &demo, s[i].id);
        ui_td_close(&h);
        ui_td(&h, page_arrs_post_role_words(r, fy_of(s[i].start), s[i].role));
        ui_td_open(&h, true);
        if (t)
            fixed_add(h.b, t->wte_e4, 4, 1, false);
        ui_td_close(&h);
        ui_td_open(&h, false);
        html_date(&h, s[i].start);
        ui_td_close(&h);
        ui_td_open(&h, false);
        if (s[i].end != DATE_NONE)
            html_date(&h, s[i].end);
        else
            ui_none(&h, "In post");
        ui_td_close(&h);
    }
    if (n == 0) {
        ui_tr(&h);
        ui_td(&h, "No staff recorded yet");
        for (int k = 0; k < 4; k++)
            ui_td(&h, "No data");
    }
    ui_table_end(&h);
    ui_end(c, &h);
}

/* The staff record: summary cards for the post, its pay over time and its
 * claims this year; after a change with mistakes (es, `form` the form they
 * are in: "terms" or "end"), the forms show them with what was typed. */
static void staff_one(struct ctx *c, const char *code, const struct rules *r, struct staff s,
                      const struct form_errs *es, const char *form);

void page_arrs_staff_one(struct ctx *c)
{
    struct staff s;
    int64_t id;
    const struct rules *r;
    const char *code = page_arrs_staff_route(c, &r, &id, &s, NULL);
    if (!code)
        return;
    audit_ctx(c, "staff-view", "staff", c->params[1], json_pack("{s:s}", "pcn", code));
    staff_one(c, code, r, s, NULL, NULL);
}

/* The post: its role, employment, pay zone, dates and supervisor. */
static void post_card(struct html *h, const struct rules *r, const struct staff *s)
{
    HTML_LIT(h, "<div class=\"nhsuk-card\"><div class=\"nhsuk-card__content\">"
                "<h2 class=\"nhsuk-card__heading\">Post</h2>");
    ui_summary_begin(h);
    ui_summary_row(h, "Role", page_arrs_post_role_words(r, fy_of(s->start), s->role));
    static const char *const emp[] = {"Employed by the PCN", "Employed by the lead practice",
                                      "Sub-contracted", "Mental health practitioner, shared 50%"};
    ui_summary_row(h, "Employment", emp[s->employment]);
    static const char *const zones[] = {"National", "Outer London", "Inner London"};
    ui_summary_row(h, "Pay zone", zones[s->zone]);
    ui_summary_row_open(h, "First day in post");
    html_date(h, s->start);
    ui_summary_row_end(h);
    ui_summary_row_open(h, "Last day in post");
    if (s->end != DATE_NONE)
        html_date(h, s->end);
    else
        ui_none(h, "In post");
    ui_summary_row_end(h);
    ui_summary_row(h, "Clinical supervisor", s->supervisor);
    ui_summary_row(h, "Workforce or staff id", s->ref);
    ui_summary_end(h);
    HTML_LIT(h, "</div></div>");
}

/* The hours and pay from each date. */
static void terms_card(struct html *h, const struct staff *s)
{
    HTML_LIT(h, "<div class=\"nhsuk-card\"><div class=\"nhsuk-card__content\">"
                "<h2 class=\"nhsuk-card__heading\">Hours and pay</h2>");
    ui_table_begin(h, "Hours and pay from each date", "From,>WTE,Pay,>A year");
    for (size_t i = 0; i < s->nterms; i++) {
        const struct arrs_terms *t = &s->terms[i];
        ui_tr(h);
        ui_td_open(h, false);
        html_date(h, t->from);
        ui_td_close(h);
        ui_td_open(h, true);
        fixed_add(h->b, t->wte_e4, 4, 1, false);
        ui_td_close(h);
        ui_td_open(h, false);
        if (t->has_cost)
            HTML_LIT(h, "Annual cost entered");
        else if (t->has_salary)
            html_text(h, t->has_oncost ? "Salary and on-costs entered" : "Salary entered");
        else if (t->has_point) {
            HTML_LIT(h, "Agenda for Change band ");
            html_text(h, t->band);
            HTML_LIT(h, ", ");
            html_text(h, rule_pay_point_name(t->point));
            HTML_LIT(h, " point");
        } else
            ui_none(h, "To be entered");
        ui_td_close(h);
        ui_td_open(h, true);
        if (t->has_cost)
            html_money(h, t->cost);
        else if (t->has_salary)
            html_money(h, t->salary + (t->has_oncost ? t->oncost : 0));
        else
            ui_none(h, "From the rules");
        ui_td_close(h);
    }
    ui_table_end(h);
    HTML_LIT(h, "</div></div>");
}

/* This year's claims, month by month, with the working of the latest. */
static void claims_part(struct ctx *c, struct html *h, const struct rules *r, const struct staff *s)
{
    struct pcn_msg m = {0};
    bool fallback;
    fy_t fy = page_arrs_year_param(c, r, &fallback);
    fallback = fy != fy_of(c->today); /* then the working shows the year's last month */
    struct arrs_post p;
    staff_post(s, &p);
    {
        struct pcn_msg lm = {0};
        override_rules(c->db, r, s->pcn, fy_start(fy), c->a, &r, &lm);
    }
    HTML_LIT(h, "<h2>Claimable this year</h2>");
    ui_table_begin(h, "Claimable by month", "Month,>Days in post,>Cost,>Maximum,>Claim");
    for (int k = 0; k < 12; k++) {
        int y = k < 9 ? fy : fy + 1, mo = k < 9 ? k + 4 : k - 8;
        struct arrs_claim cl;
        if (arrs_claim_month(r, &p, y, mo, c->a, &cl, &m) || cl.days == 0)
            continue;
        ui_tr(h);
        page_arrs_month_cell(h, y, mo);
        ui_td_count(h, cl.days);
        if (cl.known) {
            page_arrs_money_cell(h, cl.cost);
            page_arrs_money_cell(h, cl.cap);
            ui_td_open(h, true);
            html_money(h, cl.claim);
            if (conf_doubtful(cl.conf)) {
                HTML_LIT(h, " ");
                ui_tag(h, conf_tag(cl.conf));
            }
            ui_td_close(h);
        } else {
            for (int j = 0; j < 3; j++)
                ui_td(h, j < 2 ? "Not known" : "Cannot be worked out");
        }
    }
    ui_table_end(h);
    /* The working of the latest month, in a details component. */
    {
        int y, mo, d;
        date_to_ymd(fallback ? fy_end(fy) : c->today, &y, &mo, &d);
        struct arrs_claim cl;
        if (arrs_claim_month(r, &p, y, mo, c->a, &cl, &m) == 0 && cl.trail.n) {
            HTML_LIT(h,
                     "<details class=\"nhsuk-details\"><summary class=\"nhsuk-details__summary\">"
                     "<span class=\"nhsuk-details__summary-text\">How this month's claim was "
                     "worked out</span></summary><div class=\"nhsuk-details__text\"><ol>");
            for (size_t i = 0; i < cl.trail.n; i++) {
                HTML_LIT(h, "<li>");
                html_text(h, cl.trail.steps[i].text);
                if (cl.trail.steps[i].source) {
                    HTML_LIT(h, " <span class=\"nhsuk-body-s\">(");
                    html_text(h, cl.trail.steps[i].source);
                    HTML_LIT(h, ")</span>");
                }
                HTML_LIT(h, "</li>");
            }
            HTML_LIT(h, "</ol></div></details>");
        }
    }
}

/* The start of a form that posts a change of the record to .../ID/what. */
static void record_form_open(struct ctx *c, struct html *h, const char *code, const struct staff *s,
                             const char *what)
{
    HTML_LIT(h, "<form action=\"");
    html_url2(h, "/pcn/", code);
    HTML_LIT(h, "/arrs/staff/");
    html_int(h, s->id);
    HTML_LIT(h, "/");
    html_attr(h, what);
    HTML_LIT(h, "\" method=\"post\" novalidate>");
    ui_csrf(c, h);
}

#define TV(f) (terms ? http_form_str(c->q, f) : NULL)

/* The changes: hours or pay from a date; the last day in post (terms,
 * end: the form es is about). */
static void change_forms(struct ctx *c, struct html *h, const char *code, const struct staff *s,
                         const struct form_errs *es, bool terms, bool end)
{
    HTML_LIT(h, "<h2>Change hours or pay</h2>");
    record_form_open(c, h, code, s, "terms");
    ui_date_input(h, "from", "From", "For example, 1 10 2025", TV("from-day"), TV("from-month"),
                  TV("from-year"), form_err(es, "from"));
    ui_input(h, "wte", "Whole-time equivalent (WTE)", "From 0.01 to 1.0, for example 0.8", "text",
             TV("wte"), "nhsuk-input--width-4", form_err(es, "wte"));
    ui_input_money(h, "cost", "Annual cost (salary and employer on-costs, at this WTE)", NULL,
                   TV("cost"), form_err(es, "cost"));
    HTML_LIT(h,
             "<button class=\"nhsuk-button nhsuk-button--secondary\" data-module=\"nhsuk-button\" "
             "type=\"submit\">Save the change</button></form>");
    HTML_LIT(h, "<h2>Record a leaver</h2>");
    record_form_open(c, h, code, s, "end");
    ui_date_input(h, "end", "Last day in post", "For example, 31 3 2027",
                  end ? http_form_str(c->q, "end-day") : NULL,
                  end ? http_form_str(c->q, "end-month") : NULL,
                  end ? http_form_str(c->q, "end-year") : NULL, form_err(es, "end"));
    HTML_LIT(h,
             "<button class=\"nhsuk-button nhsuk-button--secondary\" data-module=\"nhsuk-button\" "
             "type=\"submit\">Save the last day</button></form>");
}
#undef TV

static void staff_one(struct ctx *c, const char *code, const struct rules *r, struct staff s,
                      const struct form_errs *es, const char *form)
{
    struct html h = {&c->r->body};
    bool terms = es && form && !strcmp(form, "terms"), end = es && form && !strcmp(form, "end");
    http_resp_start(c->r, es && es->n ? 400 : 200, "text/html; charset=utf-8");
    page_arrs_begin(c, &h, code, s.name, es, "Staff register",
                    arena_printf(c->a, "/pcn/%s/arrs/staff", code));
    ui_h1_caption(&h, page_arrs_post_role_words(r, fy_of(s.start), s.role), s.name);
    {
        struct demoweb_ids demo = demoweb_ids(c, code, DEMO_STAFF);
        if (demo_has(demo.ids, demo.n, s.id))
            demoweb_notice(c, &h, code);
    }

    post_card(&h, r, &s);
    terms_card(&h, &s);
    claims_part(c, &h, r, &s);
    change_forms(c, &h, code, &s, es, terms, end);
    ui_end(c, &h);
}

static const char *const emp_values[] = {"employed", "lead_practice", "subcontracted",
                                         "mhp_shared"};
static const char *const emp_labels[] = {"Employed by the PCN", "Employed by the lead practice",
                                         "Sub-contracted",
                                         "Mental health practitioner, shared 50%"};
static const char *const zone_values[] = {"national", "outer_london", "inner_london"};
static const char *const zone_labels[] = {"National", "Outer London", "Inner London"};
static const char *const point_values[] = {"", "entry", "intermediate", "top", "single"};
static const char *const point_labels[] = {"None: I will enter the cost", "Entry", "Intermediate",
                                           "Top", "Single point"};

static void staff_form(struct ctx *c, int status, const char *code, const struct form_errs *es)
{
    struct html h = {&c->r->body};
    const struct rules *r = page_rules_or_500(c);
    if (!r)
        return;
    struct http_req *q = c->q;
    http_resp_start(c->r, status, "text/html; charset=utf-8");
    page_arrs_begin(c, &h, code, "Add a staff member", es, "Staff register",
                    arena_printf(c->a, "/pcn/%s/arrs/staff", code));
    HTML_LIT(&h, "<div class=\"nhsuk-grid-row\"><div class=\"nhsuk-grid-column-two-thirds\">");
    HTML_LIT(&h, "<h1>Add a staff member</h1><form action=\"");
    html_url2(&h, "/pcn/", code);
    HTML_LIT(&h, "/arrs/staff\" method=\"post\" novalidate>");
    ui_csrf(c, &h);
    ui_input(&h, "name", "Full name", NULL, "text", http_form_str(q, "name"),
             "nhsuk-input--width-20", form_err(es, "name"));
    bool fallback;
    const struct rules_year *y = rules_year(r, arrs_default_year(r, c->today, &fallback));
    size_t nr = y ? y->nroles : 0;
    const char **rv = arena_alloc(c->a, (nr + 1) * sizeof *rv),
               **rl = arena_alloc(c->a, (nr + 1) * sizeof *rl);
    for (size_t i = 0; i < nr; i++) {
        rv[i] = y->roles[i].id;
        rl[i] = y->roles[i].name;
    }
    ui_select(&h, "role", "Role", rv, rl, nr, http_form_str(q, "role"), form_err(es, "role"));
    ui_select(&h, "employment", "Employment", emp_values, emp_labels, 4,
              http_form_str(q, "employment"), form_err(es, "employment"));
    ui_select(&h, "zone", "Pay zone", zone_values, zone_labels, 3, http_form_str(q, "zone"),
              form_err(es, "zone"));
    ui_date_input(&h, "start", "First day in post", "For example, 16 9 2025",
                  http_form_str(q, "start-day"), http_form_str(q, "start-month"),
                  http_form_str(q, "start-year"), form_err(es, "start"));
    ui_input(&h, "wte", "Whole-time equivalent (WTE)", "From 0.01 to 1.0, for example 0.6", "text",
             http_form_str(q, "wte"), "nhsuk-input--width-4", form_err(es, "wte"));
    HTML_LIT(&h, "<h2>Pay</h2><p>Give the Agenda for Change band and pay point, or the annual "
                 "cost (salary and employer on-costs at this WTE).</p>");
    ui_input(&h, "band", "Agenda for Change band", "For example, 7 or 8a", "text",
             http_form_str(q, "band"), "nhsuk-input--width-4", form_err(es, "band"));
    ui_select(&h, "pay_point", "Pay point", point_values, point_labels, 5,
              http_form_str(q, "pay_point"), form_err(es, "pay_point"));
    ui_input_money(&h, "annual_cost", "Annual cost", NULL, http_form_str(q, "annual_cost"),
                   form_err(es, "annual_cost"));
    ui_input(&h, "supervisor", "Clinical supervisor (optional)", NULL, "text",
             http_form_str(q, "supervisor"), "nhsuk-input--width-20", form_err(es, "supervisor"));
    HTML_LIT(&h, "<button class=\"nhsuk-button\" data-module=\"nhsuk-button\" type=\"submit\">"
                 "Add the staff member</button></form></div></div>");
    ui_end(c, &h);
}

void page_arrs_staff_new(struct ctx *c)
{
    const char *code = page_arrs_pcn_for(c, true);
    if (code)
        staff_form(c, 200, code, NULL);
}

/* A field error of staff_check for the form: message text without its
 * "field: " prefix, starting with a capital letter, on the field's id. */
static void check_error(struct form_errs *es, const char *field, const char *msg)
{
    const char *colon = strstr(msg, ": ");
    const char *text = form_capital(es->a, colon ? colon + 2 : msg);
    if (!strcmp(field, "start_date"))
        form_err_add_date(es, "start", "%s", text);
    else if (!strcmp(field, "end_date"))
        form_err_add_date(es, "end", "%s", text);
    else
        form_err_add(es, field, "%s", text);
}

void page_arrs_staff_post(struct ctx *c)
{
    struct pcn_msg m = {0};
    const struct rules *r;
    const char *code = page_arrs_pcn_rules(c, true, &r);
    if (!code)
        return;
    struct form_errs es;
    form_errs_init(&es, c->a);
    struct staff s = {.pcn = code, .end = DATE_NONE};
    struct arrs_terms *t = arena_zalloc(c->a, sizeof *t);
    s.name = form_read_text(c, &es, "name", "the staff member's full name", true,
                            LIMIT_FORM_NAME_BYTES);
    {
        /* the roles the form offers (the rules' year shown); staff_check then
         * checks the role against the year the post starts */
        bool fallback;
        const struct rules_year *y = rules_year(r, arrs_default_year(r, c->today, &fallback));
        size_t nr = y ? y->nroles : 0;
        const char **rv = arena_alloc(c->a, (nr + 1) * sizeof *rv);
        for (size_t i = 0; i < nr; i++)
            rv[i] = y->roles[i].id;
        s.role = form_read_choice(c, &es, "role", "the role", true, rv, nr);
    }
    const char *v = form_read_choice(c, &es, "employment", "how the post is employed", false,
                                     emp_values, ARRAY_SIZE(emp_values));
    if (!v || arrs_employment_parse(v, &s.employment))
        s.employment = EMP_EMPLOYED;
    v = form_read_choice(c, &es, "zone", "the pay zone", false, zone_values,
                         ARRAY_SIZE(zone_values));
    if (!v || arrs_zone_parse(v, &s.zone))
        s.zone = AREA_NATIONAL;
    s.start = form_read_date(c, &es, "start", "the first day in post", true, form_date_lo(),
                             form_date_hi(c->today));
    form_read_fixed(c, &es, "wte", "the WTE", true, 4, LIMIT_FORM_WTE_MIN_E4, WTE_WHOLE, "0.6",
                    &t->wte_e4);
    t->from = s.start;
    t->band = form_read_text(c, &es, "band", "the band", false, LIMIT_CODE_BYTES);
    v = form_read_choice(c, &es, "pay_point", "the pay point", false, point_values,
                         ARRAY_SIZE(point_values));
    if (v && *v)
        t->has_point = arrs_pay_point_parse(v, &t->point) == 0;
    const char *cost = http_form_str(c->q, "annual_cost");
    if (cost && *cost)
        t->has_cost = true;
    form_read_money(c, &es, "annual_cost", "the annual cost", false, 0, LIMIT_FORM_ANNUAL_COST_MAX,
                    &t->cost);
    if (!form_err(&es, "annual_cost") && !t->has_cost && !t->has_point)
        form_err_add(&es, "band", "Enter the band and pay point, or the annual cost");
    s.supervisor = form_read_text(c, &es, "supervisor", "the clinical supervisor", false,
                                  LIMIT_FORM_NAME_BYTES);
    if (!es.n) {
        /* the checks against the rules and the register, once the form is whole */
        s.terms = t;
        s.nterms = 1;
        const char *field = NULL;
        int64_t id;
        struct audit_entry note;
        int rc = staff_check(c->db, r, &s, &field, &m);
        if (rc == PCN_EINVAL) {
            check_error(&es, field ? field : "name", m.text);
        } else if (rc ||
                   (audit_note_ctx(&note, c, "staff-add", "staff", NULL,
                                   json_pack("{s:s,s:s,s:s,s:s}", "pcn", code, "name", s.name,
                                             "role", s.role, "wte", http_form_str(c->q, "wte"))),
                    rc = staff_add(c->db, r, &s, c->q->now, &note, &id, &m))) {
            ui_fail_500(c, &m);
            return;
        } else {
            http_resp_redirect(c->r, arena_printf(c->a, "/pcn/%s/arrs/staff/%" PRId64, code, id));
            return;
        }
    }
    staff_form(c, 400, code, &es);
}

/* A change to a record posted: the record again with the form's errors
 * (`form` the form that has them), or back to the record. */
static void staff_post_done(struct ctx *c, const char *code, const struct rules *r, struct staff s,
                            const struct form_errs *es, const char *form, int64_t id)
{
    if (es->n)
        staff_one(c, code, r, s, es, form);
    else
        http_resp_redirect(c->r, arena_printf(c->a, "/pcn/%s/arrs/staff/%" PRId64, code, id));
}

/* One change to a record (its terms, its end): reads the form's fields
 * into es and, when they have no mistakes, makes the change, audited.
 * Non-zero when the store refuses it (m says why). */
typedef int (*staff_change_fn)(struct ctx *c, const char *code, const struct rules *r,
                               const struct staff *s, int64_t id, struct form_errs *es,
                               struct pcn_msg *m);

/* A POST of the record's form `form`: the change fn, whose refusal is said
 * at the date field `date_field`, then the record again or back to it. */
static void staff_change_post(struct ctx *c, const char *form, const char *date_field,
                              staff_change_fn fn)
{
    struct pcn_msg m = {0};
    struct staff s;
    int64_t id;
    const struct rules *r;
    struct form_errs es;
    const char *code = page_arrs_staff_route(c, &r, &id, &s, &es);
    if (!code)
        return;
    if (fn(c, code, r, &s, id, &es, &m))
        form_err_add_date(&es, date_field, "%s", form_capital(c->a, m.text));
    staff_post_done(c, code, r, s, &es, form, id);
}

static int terms_change(struct ctx *c, const char *code, const struct rules *r,
                        const struct staff *s, int64_t id, struct form_errs *es, struct pcn_msg *m)
{
    struct arrs_terms t = {0};
    t.from = form_read_date(c, es, "from", "the date the change starts", true, s->start,
                            form_date_hi(c->today));
    form_read_fixed(c, es, "wte", "the WTE", true, 4, LIMIT_FORM_WTE_MIN_E4, WTE_WHOLE, "0.8",
                    &t.wte_e4);
    form_read_money(c, es, "cost", "the annual cost", true, 0, LIMIT_FORM_ANNUAL_COST_MAX, &t.cost);
    t.has_cost = true;
    if (es->n)
        return 0;
    struct audit_entry note;
    audit_note_ctx(&note, c, "staff-change", "staff", c->params[1],
                   json_pack("{s:s,s:s,s:s}", "pcn", code, "wte", http_form_str(c->q, "wte"),
                             "annual_cost", http_form_str(c->q, "cost")));
    return staff_set_terms(c->db, r, id, &t, c->q->now, &note, m);
}

static int end_change(struct ctx *c, const char *code, const struct rules *r, const struct staff *s,
                      int64_t id, struct form_errs *es, struct pcn_msg *m)
{
    (void)r;
    date_t end = form_read_date(c, es, "end", "the last day in post", true, s->start,
                                form_date_hi(c->today));
    if (es->n)
        return 0;
    char iso[11];
    date_format_iso(end, iso);
    struct audit_entry note;
    audit_note_ctx(&note, c, "staff-end", "staff", c->params[1],
                   json_pack("{s:s,s:s}", "pcn", code, "last_day", iso));
    return staff_set_end(c->db, id, end, c->q->now, &note, m);
}

void page_arrs_terms_post(struct ctx *c)
{
    staff_change_post(c, "terms", "from", terms_change);
}

void page_arrs_end_post(struct ctx *c)
{
    staff_change_post(c, "end", "end", end_change);
}

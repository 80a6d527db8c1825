/* page_admin.c: accounts, API tokens and the audit log. */
#include "common.h"
#include "account.h"
#include "audit.h"
#include "auditview.h"
#include "auth.h"
#include "authtoken.h"
#include "db.h"
#include "pages.h"
#include "ui.h"
#include "form.h"

/* ---- users -------------------------------------------------------------- */

static void users_page(struct ctx *c, int status, const struct form_errs *es)
{
    struct html h = {&c->r->body};
    struct ui_page p = {.title = "Users",
                        .section = "Admin",
                        .errors = es ? es->e : NULL,
                        .nerrors = es ? es->n : 0,
                        .active_nav = "/admin/users"};
    struct pcn_msg m = {0};

    http_resp_start(c->r, status, "text/html; charset=utf-8");
    ui_begin(c, &h, &p);
    HTML_LIT(&h, "<h1>Users</h1>");
    struct account_row *rows;
    size_t n;
    if (account_list(c->db, c->a, &rows, &n, &m) == 0) {
        ui_table_begin(&h, "Accounts", "Email,Name,Role,Organisation,Last signed in,Status");
        for (size_t i = 0; i < n; i++) {
            const struct account_row *r = &rows[i];
            ui_tr(&h);
            ui_td_open(&h, false);
            HTML_LIT(&h, "<a href=\"");
            html_attr(&h, arena_printf(c->a, "/admin/users/%lld", (long long)r->id));
            HTML_LIT(&h, "\">");
            html_text(&h, r->email);
            HTML_LIT(&h, "</a>");
            ui_td_close(&h);
            ui_td(&h, r->name);
            ui_td(&h, role_label(role_parse(r->role)));
            ui_td_open(&h, false);
            if (!r->org)
                ui_none(&h, "All");
            else
                html_text(&h, r->org);
            ui_td_close(&h);
            ui_td_open(&h, false);
            if (!r->last_login) {
                ui_none(&h, "Never");
            } else {
                struct tm tm;
                localtime_r(&r->last_login, &tm);
                html_date(&h, date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday));
            }
            ui_td_close(&h);
            ui_td_open(&h, false);
            ui_tag(&h, r->disabled ? "Disabled" : "Active");
            ui_td_close(&h);
        }
        ui_table_end(&h);
    }

    bool again = es && es->n;
    const char *v_email = again ? http_form_str(c->q, "email") : NULL;
    const char *v_name = again ? http_form_str(c->q, "name") : NULL;
    const char *v_org = again ? http_form_str(c->q, "org") : NULL;
    const char *v_role = again ? http_form_str(c->q, "role") : NULL;
    HTML_LIT(&h, "<h2>Add a user</h2><form action=\"/admin/users\" method=\"post\" novalidate>");
    ui_csrf(c, &h);
    ui_input_auto(&h, "email", "Email address", NULL, "email", v_email, "off",
                  "nhsuk-input--width-30", es ? form_err(es, "email") : NULL);
    ui_input_auto(&h, "name", "Full name", NULL, "text", v_name, "off", "nhsuk-input--width-20",
                  es ? form_err(es, "name") : NULL);
    const char *roles[ROLE_PRACTICE + 1], *labels[ROLE_PRACTICE + 1];
    size_t nroles = 0;
    for (int r = ROLE_ADMIN; r <= ROLE_PRACTICE; r++, nroles++) {
        roles[nroles] = role_name((enum role)r);
        labels[nroles] = role_label((enum role)r);
    }
    ui_select(&h, "role", "Role", roles, labels, nroles, v_role, es ? form_err(es, "role") : NULL);
    ui_input_auto(&h, "org", "ODS code of their organisation (not for administrators)", NULL,
                  "text", v_org, "off", "nhsuk-input--width-10", es ? form_err(es, "org") : NULL);
    ui_input_auto(&h, "password", "First password (at least 10 characters)", NULL, "password", NULL,
                  "new-password", "nhsuk-input--width-20", es ? form_err(es, "password") : NULL);
    HTML_LIT(&h, "<button class=\"nhsuk-button\" data-module=\"nhsuk-button\" type=\"submit\">"
                 "Add user</button></form>");
    ui_end(c, &h);
}

void page_users(struct ctx *c)
{
    users_page(c, 200, NULL);
}

/* A problem worded "field: words" at its field, its first letter a
 * capital as the NHS pattern has it. */
static void add_problem(struct form_errs *es, const char *text)
{
    const char *colon = strchr(text, ':');
    if (!colon || colon[1] != ' ') {
        form_err_add(es, "email", "%s", form_capital(es->a, text));
        return;
    }
    form_err_add(es, arena_strndup(es->a, text, (size_t)(colon - text)), "%s",
                 form_capital(es->a, colon + 2));
}

void page_users_post(struct ctx *c)
{
    struct pcn_msg m = {0};
    const char *email = http_form_str(c->q, "email"), *name = http_form_str(c->q, "name");
    const char *role = http_form_str(c->q, "role"), *org = http_form_str(c->q, "org");
    const char *password = http_form_str(c->q, "password");
    int64_t id;

    /* Every problem with the fields at once, in the form's order. */
    struct form_errs es;
    form_errs_init(&es, c->a);
    struct pcn_msg probs[AUTH_USER_PROBLEMS];
    size_t np = auth_user_problems(c->db, email, name, role_parse(role), org, password, probs);
    for (size_t i = 0; i < np; i++)
        add_problem(&es, probs[i].text);
    static const char *const order[] = {"email", "name", "role", "org", "password", NULL};
    form_errs_sort(&es, order);
    if (es.n) {
        users_page(c, 400, &es);
        return;
    }

    /* The account and its entry in one transaction. */
    struct audit_entry note;
    audit_note_ctx(&note, c, "user-add", "user", email,
                   json_pack("{s:s,s:s,s:o}", "name", name ? name : "", "role", role ? role : "",
                             "org", org && *org ? json_string(org) : json_null()));
    int rc = account_add(c->db, c->w, email, name, role_parse(role), org, password, &note, &id, &m);
    if (rc == PCN_EINVAL || rc == PCN_ECONFLICT) {
        /* taken meanwhile: the same words at the field */
        add_problem(&es, m.text);
        users_page(c, 400, &es);
        return;
    }
    if (rc) {
        fprintf(stderr, "pcnops: add user: %s\n", m.text);
        ui_error_page(c, 500, "Sorry, there is a problem with the service", "Try again later.");
        return;
    }
    http_resp_redirect(c->r, "/admin/users");
}

/* ---- API tokens --------------------------------------------------------- */

void page_tokens_post(struct ctx *c)
{
    struct pcn_msg m = {0};
    const char *label = http_form_str(c->q, "label");
    const char *tok;
    struct audit_entry note;
    audit_note_ctx(&note, c, "token-create", "user", c->user->email,
                   json_pack("{s:s}", "label", label && *label ? label : "API token"));
    int rc = account_token_create(c->db, c->user->id, label, c->q->now, 0, c->a, &note, &tok, &m);
    if (rc) {
        fprintf(stderr, "pcnops: token: %s\n", m.text);
        ui_error_page(c, 500, "Sorry, there is a problem with the service", "Try again later.");
        return;
    }
    struct html h = {&c->r->body};
    struct ui_page p = {.title = "API token created"};
    ui_begin(c, &h, &p);
    HTML_LIT(&h,
             "<div class=\"nhsuk-panel\"><h1 class=\"nhsuk-panel__title\">API token created</h1>"
             "<div class=\"nhsuk-panel__body\">Copy it now: it is shown only once</div></div>"
             "<p>Send it with each API request as <code>Authorization: Bearer</code> followed "
             "by the token:</p><p><code>");
    html_text(&h, tok);
    HTML_LIT(&h, "</code></p><p><a href=\"/\">Go to your organisations</a></p>");
    ui_end(c, &h);
}

/* ---- audit log ---------------------------------------------------------- */

static time_t date_to_time(date_t d)
{
    return (time_t)d * 86400;
}

/* A date of the filter: its day, month and year (the date input), or
 * ?from=YYYY-MM-DD from a link.  DATE_NONE when empty or wrong (in es). */
static date_t filter_date(struct ctx *c, struct form_errs *es, const char *id, const char *what)
{
    const char *iso = http_query(c->q, id);
    date_t d = DATE_NONE;
    if (iso && *iso) {
        if (date_parse_iso(iso, strlen(iso), &d)) {
            form_err_add_date(es, id, "%s must be a real date, like 23 11 2026",
                              form_capital(c->a, what));
            return DATE_NONE;
        }
        return d;
    }
    return form_query_date(c, es, id, what, DATE_NONE, DATE_NONE);
}

/* The date input of the filter with what was asked for. */
static void filter_date_input(struct ctx *c, struct html *h, const struct form_errs *es,
                              const char *id, const char *legend, date_t d)
{
    const char *dd, *mm, *yy;
    ui_date_parts(c->a, d, &dd, &mm, &yy);
    if (d == DATE_NONE) {
        dd = http_query(c->q, arena_printf(c->a, "%s-day", id));
        mm = http_query(c->q, arena_printf(c->a, "%s-month", id));
        yy = http_query(c->q, arena_printf(c->a, "%s-year", id));
    }
    ui_date_input(h, id, legend, "For example, 23 11 2026", dd, mm, yy, form_err(es, id));
}

void page_audit(struct ctx *c)
{
    struct html h = {&c->r->body};
    struct form_errs es;
    form_errs_init(&es, c->a);
    struct ui_page p = {
        .title = "Audit log", .section = "Admin", .active_nav = "/admin/audit", .errors = es.e};
    struct pcn_msg m = {0};
    struct audit_filter f = {.limit = 200};
    struct audit_entry *rows;
    size_t n;

    const char *action = http_query(c->q, "action"), *who = http_query(c->q, "user");
    const char *target = http_query(c->q, "target");
    f.action = action && *action ? action : NULL;
    f.user_email = who && *who ? who : NULL;
    f.target_code = target && *target ? target : NULL;
    date_t from = filter_date(c, &es, "from", "the first day");
    date_t to = filter_date(c, &es, "to", "the last day");
    if (from != DATE_NONE && to != DATE_NONE && to < from)
        form_err_add_date(&es, "to", "The last day must be the same as or after the first day");
    if (from != DATE_NONE)
        f.from = date_to_time(from);
    if (to != DATE_NONE)
        f.to = date_to_time(to + 1);
    bool bad = es.n > 0;
    if (!bad && audit_query(c->db, &f, c->a, &rows, &n, &m)) {
        fprintf(stderr, "pcnops: audit: %s\n", m.text);
        ui_error_page(c, 500, "Sorry, there is a problem with the service", "Try again later.");
        return;
    }
    http_resp_start(c->r, bad ? 400 : 200, "text/html; charset=utf-8");
    p.nerrors = es.n; /* the filter's mistakes, read above */
    ui_begin(c, &h, &p);
    HTML_LIT(&h, "<h1>Audit log</h1><p>Every sign-in, refused request, import and change, "
                 "newest first. Entries cannot be changed or deleted.</p>"
                 "<form action=\"/admin/audit\" method=\"get\" novalidate>");
    ui_input_auto(&h, "action", "Action (for example sign-in, denied, import)", NULL, "text",
                  action, "off", "nhsuk-input--width-20", NULL);
    ui_input_auto(&h, "user", "User's email address", NULL, "text", who, "off",
                  "nhsuk-input--width-20", NULL);
    ui_input_auto(&h, "target", "Record (an ODS code or email address)", NULL, "text", target,
                  "off", "nhsuk-input--width-10", NULL);
    filter_date_input(c, &h, &es, "from", "From", from);
    filter_date_input(c, &h, &es, "to", "To", to);
    HTML_LIT(&h,
             "<button class=\"nhsuk-button nhsuk-button--secondary\" data-module=\"nhsuk-button\" "
             "type=\"submit\">Filter</button></form>");
    if (!bad) {
        ui_table_begin(&h, "Audit entries", "When,Who,Action,Record,Details");
        for (size_t i = 0; i < n; i++) {
            struct tm tm;
            localtime_r(&rows[i].at, &tm);
            int hour = tm.tm_hour % 12 ? tm.tm_hour % 12 : 12;
            ui_tr(&h);
            ui_td_open(&h, false);
            html_date(&h, date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday));
            /* NHS style: 5:21pm, midnight, midday */
            if (tm.tm_hour == 0 && tm.tm_min == 0)
                HTML_LIT(&h, ", midnight");
            else if (tm.tm_hour == 12 && tm.tm_min == 0)
                HTML_LIT(&h, ", midday");
            else
                html_textf(&h, ", %d:%02d%s", hour, tm.tm_min, tm.tm_hour < 12 ? "am" : "pm");
            ui_td_close(&h);
            ui_td(&h, audit_who(c->a, &rows[i]));
            ui_td(&h, rows[i].action);
            ui_td_open(&h, false);
            if (rows[i].target_code) {
                html_text(&h, rows[i].target_kind);
                HTML_LIT(&h, " ");
                html_text(&h, rows[i].target_code);
            } else {
                ui_none(&h, "None");
            }
            ui_td_close(&h);
            ui_td_open(&h, false);
            auditview_detail(&h, c->a, rows[i].detail); /* before and after as a table */
            ui_td_close(&h);
        }
        if (n == 0) {
            ui_tr(&h);
            for (int k = 0; k < 5; k++)
                ui_td(&h, k ? "No data" : "No entries match");
        }
        ui_table_end(&h);
    }
    ui_end(c, &h);
}

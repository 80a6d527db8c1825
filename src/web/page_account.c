/* page_account.c: accounts on the web (auth.h), beside the command line's
 * `pcnops user disable|enable|password|role`.
 *
 *   GET  /admin/users/ID        an account: its details, the changes made
 *                               to it (the audit log), and the forms below
 *   POST /admin/users/ID        action=disable | enable | reset | role
 *                               (admins only, by the router; CSRF as every
 *                               form); an admin cannot disable their own
 *                               account or change their own role
 *   GET  /account, POST /account   the signed-in user's own account: change
 *                               the password (the current one required,
 *                               auth_password_check's policy)
 *   GET  /reset/TOKEN, POST     a one-time link an admin made: set a new
 *                               password (public; the token is the secret)
 *
 * Every change is one transaction with its audit entry. */
#include "common.h"
#include "account.h"
#include "audit.h"
#include "auditview.h"
#include "auth.h"
#include "authreset.h"
#include "db.h"
#include "pages.h"
#include "ui.h"

#include <sodium.h>

static bool id_param(struct ctx *c, int64_t *id)
{
    return parse_i64(c->params[0], 1, INT64_MAX, id) == 0;
}

static void when(struct html *h, time_t t)
{
    struct tm tm;
    char s[32];
    gmtime_r(&t, &tm);
    strftime(s, sizeof s, "%H:%M UTC", &tm);
    html_date(h, date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday));
    HTML_LIT(h, " at ");
    html_text(h, s);
}

/* "field: words" from auth.c as an error on its field, capitalised. */
static struct ui_error field_error(struct ctx *c, const char *text, const char *fallback)
{
    struct ui_error e = {fallback, text, NULL};
    const char *colon = strchr(text, ':');
    if (colon && colon - text < 20) {
        e.field = arena_strndup(c->a, text, (size_t)(colon - text));
        char *t = arena_strdup(c->a, colon + 2);
        if (*t >= 'a' && *t <= 'z')
            *t = (char)(*t - 'a' + 'A');
        e.text = t;
    }
    return e;
}

static const char *action_words(const char *action)
{
    static const struct {
        const char *action, *words;
    } map[] = {
        {"user-add", "Account added"},
        {"user-disable", "Disabled"},
        {"user-enable", "Enabled again"},
        {"user-role", "Role or organisation changed"},
        {"user-password", "Password changed"},
        {"user-password-reset-link", "Password reset link made"},
        {"user-password-reset", "Password set with a reset link"},
        {"token-create", "API token made"},
        {"token-revoke", "API token ended"},
    };
    for (size_t i = 0; i < ARRAY_SIZE(map); i++)
        if (strcmp(map[i].action, action) == 0)
            return map[i].words;
    return NULL; /* not a change to the account: a sign-in, say */
}

/* The account's name, role, organisation, status and last sign-in. */
static void account_summary(struct html *h, const struct account_row *u)
{
    ui_summary_begin(h);
    ui_summary_row(h, "Name", u->name);
    ui_summary_row(h, "Role", role_label(role_parse(u->role)));
    ui_summary_row(h, "Organisation", u->org ? u->org : "All (an administrator)");
    ui_summary_row_open(h, "Status");
    ui_tag(h, u->disabled ? "Disabled" : "Active");
    ui_summary_row_end(h);
    ui_summary_row_open(h, "Last signed in");
    if (u->last_login)
        when(h, u->last_login);
    else
        ui_none(h, "Never");
    ui_summary_row_end(h);
    ui_summary_end(h);
}

/* Disable or enable the account (never one's own). */
static void disable_form(struct ctx *c, struct html *h, const struct account_row *u,
                         const char *base)
{
    bool self = u->id == c->user->id;
    HTML_LIT(h, "<h2 id=\"disable\" tabindex=\"-1\">Disable or enable</h2>");
    if (self) {
        HTML_LIT(h, "<p>This is your own account: another administrator can disable it.</p>");
    } else {
        HTML_LIT(h, "<p>");
        html_text(h, u->disabled ? "The account is disabled: nobody can sign in with it and its "
                                   "API tokens do not work. Enable it to let its owner back in."
                                 : "Disabling ends its sessions at once and stops its API "
                                   "tokens; the account and its history are kept.");
        HTML_LIT(h, "</p><form action=\"");
        html_attr(h, base);
        HTML_LIT(h, "\" method=\"post\" novalidate>");
        ui_csrf(c, h);
        HTML_LIT(h, "<input type=\"hidden\" name=\"action\" value=\"");
        html_attr(h, u->disabled ? "enable" : "disable");
        HTML_LIT(h, "\"><button class=\"nhsuk-button");
        if (!u->disabled)
            HTML_LIT(h, " nhsuk-button--warning");
        HTML_LIT(h, "\" data-module=\"nhsuk-button\" type=\"submit\">");
        html_text(h, u->disabled ? "Enable the account" : "Disable the account");
        HTML_LIT(h, "</button></form>");
    }
}

/* The role and organisation, shown again as typed after a refusal (err). */
static void role_form(struct ctx *c, struct html *h, const struct account_row *u, const char *base,
                      const struct ui_error *err)
{
    HTML_LIT(h, "<h2>Role and organisation</h2><form action=\"");
    html_attr(h, base);
    HTML_LIT(h, "\" method=\"post\" novalidate>");
    ui_csrf(c, h);
    HTML_LIT(h, "<input type=\"hidden\" name=\"action\" value=\"role\">");
    const char *roles[ROLE_PRACTICE + 1], *labels[ROLE_PRACTICE + 1];
    size_t nroles = 0;
    for (int r = ROLE_ADMIN; r <= ROLE_PRACTICE; r++, nroles++) {
        roles[nroles] = role_name((enum role)r);
        labels[nroles] = role_label((enum role)r);
    }
    const char *v_role = err ? http_form_str(c->q, "role") : u->role;
    const char *v_org = err ? http_form_str(c->q, "org") : u->org;
    ui_select(h, "role", "Role", roles, labels, nroles, v_role, err);
    ui_input_auto(h, "org", "ODS code of their organisation (not for administrators)", NULL, "text",
                  v_org, "off", "nhsuk-input--width-10", err);
    HTML_LIT(h,
             "<button class=\"nhsuk-button nhsuk-button--secondary\" data-module=\"nhsuk-button\" "
             "type=\"submit\">Change the role</button></form>");
}

/* The account's changes from the audit log (sign-ins and sign-outs are in the
 * audit log itself); false with the failure page written when it cannot be read. */
static bool history(struct ctx *c, struct html *h, const struct account_row *u)
{
    /* the account's history from the audit log */
    struct pcn_msg m = {0};
    struct audit_filter f = {.target_code = u->email, .limit = 100};
    struct audit_entry *rows;
    size_t n;
    if (audit_query(c->db, &f, c->a, &rows, &n, &m)) {
        ui_fail_500(c, &m);
        return false;
    }
    size_t shown = 0;
    for (size_t i = 0; i < n; i++) {
        /* changes only: sign-ins and sign-outs are in the audit log */
        if (!rows[i].target_kind || strcmp(rows[i].target_kind, "user") != 0 ||
            !action_words(rows[i].action))
            continue;
        if (!shown++) {
            HTML_LIT(h, "<div class=\"pcn-caption-heading\">");
            ui_table_begin(h, "Changes to this account, newest first", "When,Change,By,Details");
        }
        ui_tr(h);
        ui_td_open(h, false);
        when(h, rows[i].at);
        ui_td_close(h);
        ui_td(h, action_words(rows[i].action));
        ui_td(h, audit_who(c->a, &rows[i]));
        ui_td_open(h, false);
        if (rows[i].detail)
            auditview_detail(h, c->a, rows[i].detail);
        else
            ui_none(h, "None");
        ui_td_close(h);
    }
    if (shown) {
        ui_table_end(h);
        HTML_LIT(h, "</div>");
    } else {
        HTML_LIT(h, "<h2>Changes to this account</h2><p>No change has been recorded.</p>");
    }
    return true;
}

static void user_page(struct ctx *c, const struct account_row *u, int status,
                      const struct ui_error *err, const char *reset_link)
{
    struct html h = {&c->r->body};
    struct ui_crumb crumbs[] = {{"Home", "/"}, {"Users", "/admin/users"}};
    struct ui_page p = {.title = u->email,
                        .section = "Users",
                        .error = err != NULL,
                        .crumbs = crumbs,
                        .ncrumbs = 2,
                        .active_nav = "/admin/users"};
    const char *base = arena_printf(c->a, "/admin/users/%lld", (long long)u->id);
    http_resp_start(c->r, status, "text/html; charset=utf-8");
    ui_begin(c, &h, &p);
    if (err)
        ui_error_summary(&h, err, 1);
    HTML_LIT(&h, "<h1><span class=\"nhsuk-caption-l\">Account</span>");
    html_text(&h, u->email);
    HTML_LIT(&h, "</h1>");
    if (reset_link) {
        HTML_LIT(&h, "<div class=\"nhsuk-panel\"><h2 class=\"nhsuk-panel__title\">Password reset "
                     "link made</h2><div class=\"nhsuk-panel__body\">Copy it now: it is shown "
                     "only once, works once, and stops working in a day</div></div>"
                     "<p>Send this link to ");
        html_text(&h, u->name);
        HTML_LIT(&h,
                 " by a way you trust (not to a shared mailbox):</p><p><code id=\"reset-link\">");
        html_text(&h, reset_link);
        HTML_LIT(&h, "</code></p>");
    }
    account_summary(&h, u);
    disable_form(c, &h, u, base);
    HTML_LIT(&h,
             "<h2>Reset the password</h2><p>Makes a link, shown once, with which its owner "
             "sets a new password within a day. Earlier links stop working.</p><form action=\"");
    html_attr(&h, base);
    HTML_LIT(&h, "\" method=\"post\" novalidate>");
    ui_csrf(c, &h);
    HTML_LIT(&h, "<input type=\"hidden\" name=\"action\" value=\"reset\"><button "
                 "class=\"nhsuk-button nhsuk-button--secondary\" data-module=\"nhsuk-button\" "
                 "type=\"submit\">Make a reset link</button></form>");

    role_form(c, &h, u, base, err);
    if (!history(c, &h, u))
        return;
    ui_end(c, &h);
}

/* The account numbered in the address (*id, *u); false with the 404 or
 * the failure written. */
static bool load_user(struct ctx *c, int64_t *id, struct account_row *u)
{
    struct pcn_msg m = {0};
    int rc = id_param(c, id) ? account_get(c->db, *id, c->a, u, &m) : PCN_ENOTFOUND;
    return !page_failed(c, rc, &m);
}

void page_user(struct ctx *c)
{
    struct account_row u;
    int64_t id;
    if (load_user(c, &id, &u))
        user_page(c, &u, 200, NULL, NULL);
}

void page_user_post(struct ctx *c)
{
    struct pcn_msg m = {0};
    struct account_row u;
    int64_t id;
    int rc;
    if (!load_user(c, &id, &u))
        return;
    const char *action = http_form_str(c->q, "action");
    if (!action)
        action = "";
    const char *token = NULL;
    const char *role = http_form_str(c->q, "role"), *org = http_form_str(c->q, "org");
    bool disable = strcmp(action, "disable") == 0;
    if ((disable || !strcmp(action, "enable")) && u.id == c->user->id) {
        struct ui_error e = {"disable", "You cannot disable or enable your own account", NULL};
        user_page(c, &u, 400, &e, NULL);
        return;
    }
    /* nor take away one's own administration (another admin can) */
    if (!strcmp(action, "role") && u.id == c->user->id) {
        struct ui_error e = {"role", "You cannot change your own role: ask another administrator",
                             NULL};
        user_page(c, &u, 400, &e, NULL);
        return;
    }
    struct audit_entry note;
    if (disable || !strcmp(action, "enable")) {
        bool was;
        audit_note_ctx(&note, c, disable ? "user-disable" : "user-enable", "user", u.email, NULL);
        rc = account_set_disabled(c->db, u.email, disable, &note, &was, &m);
    } else if (!strcmp(action, "reset")) {
        audit_note_ctx(&note, c, "user-password-reset-link", "user", u.email, NULL);
        rc = account_reset_create(c->db, u.email, c->user->email, c->q->now, c->a, &note, &token,
                                  &m);
    } else if (!strcmp(action, "role")) {
        audit_note_ctx(&note, c, "user-role", "user", u.email, NULL);
        rc = account_set_role(c->db, u.email, role_parse(role), org, c->a, &note, &m);
    } else {
        rc = msg_set(&m, PCN_EINVAL, "disable: choose what to change");
    }
    if (rc == PCN_EINVAL) {
        struct ui_error e = field_error(c, m.text, "role");
        user_page(c, &u, 400, &e, NULL);
        return;
    }
    if (rc) {
        ui_fail_500(c, &m);
        return;
    }
    if (token) {
        /* shown once, now; the store keeps only its hash */
        const char *host = http_header(c->q, "Host");
        const char *link = arena_printf(c->a, "%s://%s/reset/%s",
                                        c->w->secure_cookies ? "https" : "http",
                                        host ? host : "localhost", token);
        account_get(c->db, id, c->a, &u, &m);
        user_page(c, &u, 200, NULL, link);
        return;
    }
    http_resp_redirect(c->r, arena_printf(c->a, "/admin/users/%lld", (long long)id));
}

/* ---- one's own account --------------------------------------------------- */

/* The store's refusal of a new password, on the "new" field. */
static struct ui_error password_error(struct ctx *c, const struct pcn_msg *m)
{
    struct ui_error e = field_error(c, m->text, "new");
    if (strcmp(e.field, "password") == 0)
        e.field = "new";
    return e;
}

/* The new password, twice (the account page and a reset link). */
static void new_password(struct html *h, const struct ui_error *err)
{
    ui_input_auto(h, "new", "New password",
                  "10 to 256 characters, not a common or easy to guess one. A few unrelated words "
                  "make a good one.",
                  "password", NULL, "new-password", "nhsuk-input--width-20", err);
    ui_input_auto(h, "confirm", "New password again", NULL, "password", NULL, "new-password",
                  "nhsuk-input--width-20", err);
}

static void account_page(struct ctx *c, int status, const struct ui_error *err, bool changed)
{
    struct html h = {&c->r->body};
    struct ui_page p = {.title = "Your account", .error = err != NULL};
    http_resp_start(c->r, status, "text/html; charset=utf-8");
    ui_begin(c, &h, &p);
    if (err)
        ui_error_summary(&h, err, 1);
    HTML_LIT(&h, "<h1>Your account</h1>");
    if (changed)
        HTML_LIT(&h,
                 "<div class=\"nhsuk-inset-text\"><p>Your password has been changed.</p></div>");
    ui_summary_begin(&h);
    ui_summary_row(&h, "Email", c->user->email);
    ui_summary_row(&h, "Name", c->user->name);
    ui_summary_row(&h, "Role", role_label(c->user->role));
    ui_summary_row(&h, "Organisation", c->user->org ? c->user->org : "All (an administrator)");
    ui_summary_end(&h);
    HTML_LIT(&h,
             "<h2>Change your password</h2><form action=\"/account\" method=\"post\" novalidate>");
    ui_csrf(c, &h);
    ui_input_auto(&h, "password", "Current password", NULL, "password", NULL, "current-password",
                  "nhsuk-input--width-20", err);
    new_password(&h, err);
    HTML_LIT(&h, "<button class=\"nhsuk-button\" data-module=\"nhsuk-button\" type=\"submit\">"
                 "Change your password</button></form>");
    ui_end(c, &h);
}

void page_account(struct ctx *c)
{
    account_page(c, 200, NULL, http_query(c->q, "changed") != NULL);
}

void page_account_post(struct ctx *c)
{
    struct pcn_msg m = {0};
    const char *cur = http_form_str(c->q, "password"), *nw = http_form_str(c->q, "new");
    const char *again = http_form_str(c->q, "confirm");
    struct ui_error e = {NULL, NULL, NULL};
    if (c->via_token) {
        api_error(c, 403, "an API token cannot change a password");
        return;
    }
    int rc = auth_check_password(c->db, c->w, c->user->id, cur, &m);
    if (rc == PCN_EPERM) {
        e = (struct ui_error){"password", "The current password is not right", NULL};
    } else if (rc) {
        ui_fail_500(c, &m);
        return;
    } else if (!nw || !again || strcmp(nw, again) != 0) {
        e = (struct ui_error){"confirm", "Enter the same new password twice", NULL};
    } else {
        struct audit_entry note;
        audit_note_ctx(&note, c, "user-password", "user", c->user->email,
                       json_pack("{s:s}", "by", "the account's owner"));
        rc = account_set_password(c->db, c->w, c->user->email, nw, &note, &m);
        if (rc == PCN_EINVAL) {
            e = password_error(c, &m);
        } else if (rc) {
            ui_fail_500(c, &m);
            return;
        } else {
            /* every session ended with the old password: sign in again */
            http_resp_redirect(c->r, "/sign-in?changed=1");
            return;
        }
    }
    account_page(c, 400, &e, false);
}

/* ---- a reset link -------------------------------------------------------- */

static void reset_page(struct ctx *c, int status, const char *email, const struct ui_error *err)
{
    struct html h = {&c->r->body};
    struct ui_page p = {.title = "Set a new password", .error = err != NULL};
    http_resp_start(c->r, status, "text/html; charset=utf-8");
    ui_begin(c, &h, &p);
    if (err)
        ui_error_summary(&h, err, 1);
    HTML_LIT(&h, "<h1>Set a new password</h1><p>For ");
    html_text(&h, email);
    HTML_LIT(&h, ". The link works once.</p><form action=\"");
    html_url2(&h, "/reset/", c->params[0]);
    HTML_LIT(&h, "\" method=\"post\" novalidate>");
    new_password(&h, err);
    HTML_LIT(&h, "<button class=\"nhsuk-button\" data-module=\"nhsuk-button\" type=\"submit\">"
                 "Set the password</button></form>");
    ui_end(c, &h);
}

static void reset_gone(struct ctx *c)
{
    ui_error_page(c, 404, "This link does not work",
                  "It may have been used already, replaced by a newer one, or be more than a "
                  "day old. Ask an administrator for a new link.");
}

/* A reset link's store answer: false for rc 0; "This link does not work"
 * for PCN_ENOTFOUND, the failure page otherwise, and true. */
static bool reset_failed(struct ctx *c, int rc, const struct pcn_msg *m)
{
    if (rc == PCN_ENOTFOUND)
        reset_gone(c);
    else if (rc)
        ui_fail_500(c, m);
    return rc != 0;
}

void page_reset(struct ctx *c)
{
    struct pcn_msg m = {0};
    const char *email;
    int rc = auth_reset_find(c->db, c->params[0], c->q->now, c->a, &email, &m);
    if (!reset_failed(c, rc, &m))
        reset_page(c, 200, email, NULL);
}

void page_reset_post(struct ctx *c)
{
    struct pcn_msg m = {0};
    const char *email;
    const char *nw = http_form_str(c->q, "new"), *again = http_form_str(c->q, "confirm");
    int rc = auth_reset_find(c->db, c->params[0], c->q->now, c->a, &email, &m);
    if (reset_failed(c, rc, &m))
        return;
    if (!nw || !again || strcmp(nw, again) != 0) {
        struct ui_error e = {"confirm", "Enter the same new password twice", NULL};
        reset_page(c, 400, email, &e);
        return;
    }
    /* nobody is signed in: the entry names the account (account_reset_use) */
    struct audit_entry note = {.at = c->q->now,
                               .ip = c->q->remote,
                               .action = "user-password-reset",
                               .target_kind = "user"};
    const char *used = NULL;
    rc = account_reset_use(c->db, c->w, c->params[0], nw, c->q->now, c->a, &note, &used, &m);
    if (rc == PCN_EINVAL) {
        struct ui_error e = password_error(c, &m);
        reset_page(c, 400, email, &e);
        return;
    }
    if (reset_failed(c, rc, &m))
        return;
    http_resp_redirect(c->r, "/sign-in?changed=1");
}

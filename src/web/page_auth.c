/* page_auth.c: sign in and sign out. */
#include "common.h"
#include "audit.h"
#include "auth.h"
#include "pages.h"
#include "ui.h"

#define SIGNIN_COOKIE "pcnops_signin"

static void sign_in_form(struct ctx *c, int status, const char *email, const struct ui_error *errs,
                         size_t nerrs, const char *email_err, const char *password_err)
{
    struct html h = {&c->r->body};
    struct ui_page p = {.title = "Sign in", .error = nerrs > 0};
    const char *tok = auth_random_token(c->a);

    http_resp_start(c->r, status, "text/html; charset=utf-8");
    http_resp_header(c->r, "Set-Cookie",
                     arena_printf(c->a,
                                  SIGNIN_COOKIE "=%s; Path=/sign-in; HttpOnly; "
                                                "SameSite=Strict%s",
                                  tok, c->w->secure_cookies ? "; Secure" : ""));
    ui_begin(c, &h, &p);
    HTML_LIT(&h, "<div class=\"nhsuk-grid-row\"><div class=\"nhsuk-grid-column-two-thirds\">");
    if (nerrs)
        ui_error_summary(&h, errs, nerrs);
    HTML_LIT(&h, "<h1>Sign in to PCN Ops</h1>");
    if (!nerrs && http_query(c->q, "changed"))
        HTML_LIT(&h, "<div class=\"nhsuk-inset-text\"><p>Your password has been changed. Sign in "
                     "with the new one.</p></div>");
    HTML_LIT(&h, "<form action=\"/sign-in\" method=\"post\" novalidate>"
                 "<input type=\"hidden\" name=\"signin\" value=\"");
    html_attr(&h, tok);
    HTML_LIT(&h, "\">");

    struct ui_error ee = {"email", email_err, NULL}, pe = {"password", password_err, NULL};
    ui_input_auto(&h, "email", "Email address", NULL, "email", email, "username", NULL,
                  email_err ? &ee : NULL);
    ui_input_auto(&h, "password", "Password", NULL, "password", NULL, "current-password", NULL,
                  password_err ? &pe : NULL);
    HTML_LIT(&h, "<button class=\"nhsuk-button\" data-module=\"nhsuk-button\" type=\"submit\">"
                 "Sign in</button></form>"
                 "<p>If you do not have an account, ask your PCN Ops administrator.</p>"
                 "</div></div>");
    ui_end(c, &h);
}

void page_sign_in(struct ctx *c)
{
    if (c->user) {
        http_resp_redirect(c->r, "/");
        return;
    }
    sign_in_form(c, 200, NULL, NULL, 0, NULL, NULL);
}

void page_sign_in_post(struct ctx *c)
{
    struct pcn_msg m = {0};
    const char *email = http_form_str(c->q, "email");
    const char *password = http_form_str(c->q, "password");
    const char *sent = http_form_str(c->q, "signin");
    const char *cookie = http_cookie(c->q, SIGNIN_COOKIE);
    const char *tok;

    /* The pre-session token: the form must come from our own sign-in page. */
    if (!sent || !cookie || !auth_same_token(sent, cookie)) {
        ui_error_page(c, 403, "Your form could not be sent",
                      "Go back to the sign-in page, reload it and try again.");
        return;
    }
    bool no_email = !email || !*email, no_password = !password || !*password;
    if (no_email || no_password) {
        struct ui_error errs[2];
        size_t n = 0;
        if (no_email)
            errs[n++] = (struct ui_error){"email", "Enter your email address", NULL};
        if (no_password)
            errs[n++] = (struct ui_error){"password", "Enter your password", NULL};
        sign_in_form(c, 400, email, errs, n, no_email ? "Enter your email address" : NULL,
                     no_password ? "Enter your password" : NULL);
        return;
    }
    int rc = auth_sign_in(c, email, password, &tok, &m);
    if (rc == PCN_EPERM || rc == PCN_ELIMIT) {
        struct ui_error e = {"email", arena_strdup(c->a, m.text), NULL};
        /* The failed attempt is audited under the email given; a throttled
         * one only the first time in a window, with the count of the
         * refusals since the last one audited. */
        int64_t uncounted = 0;
        struct audit_entry ae = {.at = c->q->now,
                                 .ip = c->q->remote,
                                 .action = rc == PCN_ELIMIT ? "sign-in-throttled"
                                                            : "sign-in-failed",
                                 .user_email = email};
        if (rc == PCN_EPERM || auth_refusal_audit(c->w, email, c->q->remote ? c->q->remote : "",
                                                  c->q->now, &uncounted)) {
            if (uncounted)
                ae.detail = arena_printf(c->a, "{\"refused_unaudited_before\":%lld}",
                                         (long long)uncounted);
            audit_write(c->db, &ae, &m);
        }
        sign_in_form(c, rc == PCN_ELIMIT ? 429 : 401, email, &e, 1, e.text, NULL);
        return;
    }
    if (rc) {
        fprintf(stderr, "pcnops: sign-in: %s\n", m.text);
        ui_error_page(c, 500, "Sorry, there is a problem with the service", "Try again later.");
        return;
    }
    http_resp_redirect(c->r, "/");
    http_resp_header(c->r, "Set-Cookie",
                     arena_printf(c->a, "%s=%s; Path=/; Max-Age=%d; HttpOnly; SameSite=Strict%s",
                                  auth_cookie_name(c->w), tok, c->w->session_max_seconds,
                                  c->w->secure_cookies ? "; Secure" : ""));
    http_resp_header(c->r, "Set-Cookie",
                     SIGNIN_COOKIE "=; Path=/sign-in; Max-Age=0; HttpOnly; SameSite=Strict");
}

void page_sign_out_post(struct ctx *c)
{
    struct pcn_msg m = {0};
    if (auth_sign_out(c, &m)) {
        /* The session was not ended: say so, rather than clear the cookie
         * and leave it working. */
        fprintf(stderr, "pcnops: sign-out: %s\n", m.text);
        ui_error_page(c, 500, "Sorry, you could not be signed out",
                      "You are still signed in. Try again later, or close your browser.");
        return;
    }
    http_resp_redirect(c->r, "/sign-in");
    http_resp_header(c->r, "Set-Cookie",
                     arena_printf(c->a, "%s=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict%s",
                                  auth_cookie_name(c->w), c->w->secure_cookies ? "; Secure" : ""));
}

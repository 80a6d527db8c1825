/* page_rules.c: the rules' layers on the web (layers.h, override.h).
 *
 *   /pcn/CODE/rules                 the PCN's own figures (from its claim
 *                                   statement) and its ICB's variations in
 *                                   force; the form to enter one
 *   POST /pcn/CODE/rules            enter a figure (managers, clinical director)
 *   POST /pcn/CODE/rules/ID/end     end it on a date
 *   POST /pcn/CODE/rules/ID/remove  remove it (the audit log keeps it)
 *   /icb/CODE/rules and its POSTs   the ICB's local variation (ICB users)
 *
 * Who: a PCN's figures are read by whoever reads the PCN and changed by its
 * managers and clinical director (perm_write_pcn); an ICB's by its ICB
 * users (perm_read_icb, which is the ICB's own users and admins).  Another
 * organisation's page answers 404 and the attempt is audited. */
#include "common.h"
#include "audit.h"
#include "deskweb.h"
#include "layers.h"
#include "override.h"
#include "pages.h"
#include "perm.h"
#include "registry.h"
#include "rules.h"
#include "ui.h"
#include "form.h"
#include "web.h"

struct scope {
    enum layer_scope kind;
    const char *org;
    bool write;
};

/* The organisation of the route, if the user may see its figures. */
static bool scope_of(struct ctx *c, enum layer_scope kind, bool want_write, struct scope *s)
{
    const char *code = c->params[0];
    enum org_kind k;
    struct pcn_msg m = {0};
    bool read = kind == SCOPE_PCN ? perm_read_pcn(c, code) : perm_read_icb(c, code);
    bool write = kind == SCOPE_PCN ? perm_write_pcn(c, code) : perm_read_icb(c, code);
    if (!read || (want_write && !write) || registry_kind(c->db, code, &k, &m) ||
        k != (kind == SCOPE_PCN ? ORG_PCN : ORG_ICB)) {
        perm_denied(c, kind == SCOPE_PCN ? "pcn" : "icb", code);
        ui_not_found(c);
        return false;
    }
    *s = (struct scope){kind, code, write};
    return true;
}

static const char *base_url(struct ctx *c, const struct scope *s)
{
    return arena_printf(c->a, "/%s/%s/rules", s->kind == SCOPE_PCN ? "pcn" : "icb", s->org);
}

static const char *date_words(struct ctx *c, date_t d)
{
    if (d == DATE_NONE)
        return "";
    struct buf b;
    buf_init(&b, 32);
    date_add_uk(&b, d);
    const char *s = arena_strdup(c->a, b.buf);
    buf_release(&b);
    return s;
}

/* The overrides in force for the organisation: its own, and for a PCN its
 * ICB's too. */
static void overrides_table(struct ctx *c, struct html *h, const struct scope *s,
                            const struct rules *r, const struct rule_override *ov, size_t n,
                            bool own, const struct form_errs *es)
{
    ui_table_begin(h, own ? "Figures entered" : "The ICB's local variation",
                   "What,>Figure,From,To,Where it comes from,Action");
    for (size_t i = 0; i < n; i++) {
        const struct rule_override *o = &ov[i];
        ui_tr(h);
        ui_td(h, layers_what(c->a, r, o));
        ui_td_open(h, true);
        html_text(h, layers_value_text(c->a, o));
        ui_td_close(h);
        ui_td(h, date_words(c, o->from));
        ui_td_open(h, false);
        if (o->to == DATE_NONE)
            ui_none(h, "Open");
        else
            html_text(h, date_words(c, o->to));
        ui_td_close(h);
        ui_td_open(h, false);
        html_text(h, layers_origin(c->a, o));
        HTML_LIT(h, " ");
        ui_tag(h, conf_tag(o->conf));
        ui_td_close(h);
        ui_td_open(h, false);
        if (own && s->write) {
            const char *url = arena_printf(c->a, "%s/%s", base_url(c, s), o->id);
            const char *to_id = arena_printf(c->a, "to-%s", o->id);
            const struct ui_error *te = form_err(es, to_id);
            /* open when its last day came back with a mistake */
            if (te)
                HTML_LIT(h, "<details class=\"nhsuk-details\" open>");
            else
                HTML_LIT(h, "<details class=\"nhsuk-details\">");
            HTML_LIT(h, "<summary class=\"nhsuk-details__summary\">"
                        "<span class=\"nhsuk-details__summary-text\">End or remove"
                        "<span class=\"nhsuk-u-visually-hidden\"> this figure</span></span>"
                        "</summary><div class=\"nhsuk-details__text\"><form action=\"");
            html_attr(h, url);
            HTML_LIT(h, "/end\" method=\"post\" novalidate>");
            ui_csrf(c, h);
            ui_date_input(h, to_id, "Last day", "For example, 31 3 2027",
                          te ? http_form_str(c->q, arena_printf(c->a, "%s-day", to_id)) : NULL,
                          te ? http_form_str(c->q, arena_printf(c->a, "%s-month", to_id)) : NULL,
                          te ? http_form_str(c->q, arena_printf(c->a, "%s-year", to_id)) : NULL,
                          te);
            HTML_LIT(h, "<button class=\"nhsuk-button nhsuk-button--secondary\" "
                        "data-module=\"nhsuk-button\" type=\"submit\">End it</button></form>"
                        "<form action=\"");
            html_attr(h, url);
            HTML_LIT(h, "/remove\" method=\"post\" novalidate>");
            ui_csrf(c, h);
            HTML_LIT(h, "<button class=\"nhsuk-button nhsuk-button--warning\" "
                        "data-module=\"nhsuk-button\" type=\"submit\">Remove it</button></form>"
                        "</div></details>");
        } else {
            ui_none(h, own ? "Read only" : "Entered by the ICB");
        }
        ui_td_close(h);
    }
    ui_table_end(h);
}

/* ARRS roles whose national maximum the year's rules do not know: each a
 * link that fills the form in. */
static void missing_maxima(struct ctx *c, struct html *h, const struct scope *s,
                           const struct rules *nat)
{
    const struct rules *r = nat;
    struct pcn_msg m = {0};
    if (s->kind == SCOPE_PCN)
        override_rules(c->db, nat, s->org, c->today, c->a, &r, &m);
    const struct rules_year *y = rules_year(r, fy_of(c->today));
    if (!y)
        return;
    size_t shown = 0;
    for (size_t i = 0; i < y->nroles; i++) {
        bool known = false;
        for (size_t k = 0; k < y->nmaxima; k++)
            known |= y->maxima[k].area == AREA_NATIONAL && y->maxima[k].known &&
                     strcmp(y->maxima[k].role, y->roles[i].id) == 0 &&
                     y->maxima[k].m.from <= c->today && c->today <= y->maxima[k].m.to;
        if (known)
            continue;
        if (!shown++) {
            char fy[8];
            fy_format(y->fy, fy);
            HTML_LIT(h, "<h2>ARRS roles with no maximum in the rules for ");
            html_text(h, fy);
            HTML_LIT(h,
                     "</h2><p>Claims for these roles cannot be worked out until the maximum "
                     "reimbursable amount is known. It is printed on the claim statement: "
                     "choose a role to enter it.</p><ul class=\"nhsuk-list nhsuk-list--bullet\">");
        }
        HTML_LIT(h, "<li><a href=\"");
        html_attr(h, base_url(c, s));
        HTML_LIT(h, "?what=arrs_maxima%7C");
        html_attr(h, y->roles[i].id);
        HTML_LIT(h, "%2Fnational#add\">");
        html_text(h, y->roles[i].name);
        HTML_LIT(h, "</a></li>");
    }
    if (shown)
        HTML_LIT(h, "</ul>");
}

struct form {
    const char *what, *file, *row, *value, *source, *conf, *name, *agreement, *signed_by;
    const char *fd, *fm, *fy, *td, *tm, *ty, *sd, *sm, *sy;
};

static const char *get_query(struct http_req *q, const char *name)
{
    return http_query(q, name);
}

static void form_read(struct ctx *c, struct form *f, bool post)
{
    const char *(*get)(struct http_req *, const char *) = post ? http_form_str : get_query;
    f->what = get(c->q, "what");
    f->file = NULL;
    f->row = get(c->q, "row");
    /* "file|key" from the choice; "extra" for an ICB's extra role, whose
     * id is typed in row. */
    if (f->what && strcmp(f->what, "extra") == 0) {
        f->file = "arrs_roles";
    } else if (f->what) {
        const char *bar = strchr(f->what, '|');
        if (bar) {
            f->file = arena_strndup(c->a, f->what, (size_t)(bar - f->what));
            f->row = bar + 1;
        }
    }
    f->value = get(c->q, "value");
    f->source = get(c->q, "source");
    f->conf = get(c->q, "confidence");
    f->name = get(c->q, "name");
    f->agreement = get(c->q, "agreement");
    f->signed_by = get(c->q, "signed");
    f->fd = get(c->q, "from-day");
    f->fm = get(c->q, "from-month");
    f->fy = get(c->q, "from-year");
    f->td = get(c->q, "to-day");
    f->tm = get(c->q, "to-month");
    f->ty = get(c->q, "to-year");
    f->sd = get(c->q, "source_date-day");
    f->sm = get(c->q, "source_date-month");
    f->sy = get(c->q, "source_date-year");
}

static void add_form(struct ctx *c, struct html *h, const struct scope *s, const struct form *f,
                     const struct form_errs *es)
{
    static const char *const conf_v[] = {"official", "single-source", "unconfirmed"};
    static const char *const conf_l[] = {"Official: printed on a statement or agreement",
                                         "Single source", "Unconfirmed"};
    HTML_LIT(h, "<h2 id=\"add\">Enter a figure</h2><form action=\"");
    html_attr(h, base_url(c, s));
    HTML_LIT(h, "\" method=\"post\" novalidate>");
    ui_csrf(c, h);
    struct pcn_msg m = {0};
    const struct rules *r = web_rules(c, &m);
    const char **v, **l;
    size_t nv;
    layers_choices(c->a, r ? rules_year(r, fy_of(c->today)) : NULL, &v, &l, &nv);
    if (s->kind == SCOPE_ICB) {
        const char **v2 = arena_alloc(c->a, (nv + 1) * sizeof *v2);
        const char **l2 = arena_alloc(c->a, (nv + 1) * sizeof *l2);
        memcpy(v2, v, nv * sizeof *v2);
        memcpy(l2, l, nv * sizeof *l2);
        v2[nv] = "extra";
        l2[nv++] = "An extra role the commissioner approves (give its id and name below)";
        v = v2;
        l = l2;
    }
    const char *sel = f->what             ? f->what
                      : f->file && f->row ? arena_printf(c->a, "%s|%s", f->file, f->row)
                                          : NULL;
    const struct ui_error *we = form_err(es, "what");
    ui_select(h, "what", "What the figure is", v, l, nv, sel, we);
    if (s->kind == SCOPE_ICB)
        ui_input(h, "row", "An extra role's id (only for an extra role)",
                 "Lower-case words joined by _, like wellbeing_practitioner", "text",
                 f->what && strcmp(f->what, "extra") == 0 ? f->row : NULL, NULL, NULL);
    ui_input(h, "value", "The figure",
             "In pounds (a maximum per WTE a year, like 36000; a rate per unit, like 9.00), or "
             "the per cent reimbursed",
             "text", f->value, "nhsuk-input--width-10", form_err(es, "value"));
    ui_date_input(h, "from", "First day it holds", "For example, 1 4 2026", f->fd, f->fm, f->fy,
                  form_err(es, "from"));
    ui_date_input(h, "to", "Last day it holds (leave empty while it holds)", NULL, f->td, f->tm,
                  f->ty, form_err(es, "to"));
    ui_input(h, "source", "Where it comes from",
             s->kind == SCOPE_PCN ? "For example, Claim statement for October 2026"
                                  : "For example, the agreement's clause",
             "text", f->source, NULL, form_err(es, "source"));
    ui_date_input(h, "source_date",
                  s->kind == SCOPE_PCN ? "The statement's date" : "The agreement's date", NULL,
                  f->sd, f->sm, f->sy, form_err(es, "source_date"));
    ui_select(h, "confidence", "How sure it is", conf_v, conf_l, ARRAY_SIZE(conf_v),
              f->conf ? f->conf : "official", form_err(es, "confidence"));
    if (s->kind == SCOPE_ICB) {
        ui_input(h, "name", "An extra role's name (for a role the national rules lack)", NULL,
                 "text", f->name, NULL, form_err(es, "name"));
        ui_input(h, "agreement", "The local variation agreement", "Its name", "text", f->agreement,
                 NULL, form_err(es, "agreement"));
        ui_input(h, "signed", "The member practices that signed",
                 "Their codes, separated by commas, like J82001,J82002", "text", f->signed_by, NULL,
                 form_err(es, "signed"));
    }
    HTML_LIT(h, "<button class=\"nhsuk-button\" data-module=\"nhsuk-button\" type=\"submit\">"
                "Save the figure</button></form>");
}

static void show(struct ctx *c, const struct scope *s, int status, const struct form *f,
                 const struct form_errs *es, const char *warning)
{
    struct html h = {&c->r->body};
    struct pcn_msg m = {0};
    struct rule_override *own, *icb = NULL;
    size_t nown, nicb = 0;
    const struct rules *r = web_rules(c, &m);
    if (!r || override_list(c->db, s->org, c->a, &own, &nown, &m)) {
        fprintf(stderr, "pcnops: %s: %s\n", c->q->path, m.text);
        ui_error_page(c, 500, "Sorry, there is a problem with the service", "Try again later.");
        return;
    }
    const char *icb_code = s->kind == SCOPE_PCN ? override_icb_of(c->db, s->org, c->today, c->a)
                                                : NULL;
    if (icb_code && override_list(c->db, icb_code, c->a, &icb, &nicb, &m))
        nicb = 0;
    struct org_info info;
    const char *name = registry_org(c->db, s->org, c->today, c->a, &info, &m) == 0 && info.name
                           ? info.name
                           : s->org;
    const char *title = s->kind == SCOPE_PCN ? "The PCN's own figures"
                                             : "The ICB's local variation";
    struct ui_crumb crumbs[2] = {
        {"Home", "/"},
        {name, arena_printf(c->a, "/%s/%s", s->kind == SCOPE_PCN ? "pcn" : "icb", s->org)}};
    struct ui_page p = {.title = title,
                        .section = "Funding",
                        .errors = es ? es->e : NULL,
                        .nerrors = es ? es->n : 0,
                        .crumbs = crumbs,
                        .ncrumbs = 2};
    http_resp_start(c->r, status, "text/html; charset=utf-8");
    ui_begin(c, &h, &p);
    ui_h1_caption(&h, name, title);
    if (warning) {
        HTML_LIT(&h,
                 "<div class=\"nhsuk-warning-callout\"><h2 class=\"nhsuk-warning-callout__label\">"
                 "<span role=\"text\"><span class=\"nhsuk-u-visually-hidden\">Important: </span>"
                 "Less than the national figure</span></h2><p>");
        html_text(&h, warning);
        HTML_LIT(&h, "</p></div>");
    }
    if (s->kind == SCOPE_PCN)
        HTML_LIT(&h, "<p>A figure entered here takes the place of the national rules for this PCN "
                     "from its first day to its last: for example a post's maximum reimbursable "
                     "amount as the ICB's claim statement prints it. Every figure it changes says "
                     "so in its working, and every change goes to the audit log.</p>");
    else
        HTML_LIT(&h, "<p>A local variation agreement (from 1 May 2026) may vary rates and ARRS "
                     "maxima, or add roles the commissioner approves, for the ICB's PCNs. A "
                     "figure entered here takes the place of the national rules for every PCN of "
                     "the ICB, unless a PCN has entered its own. The total investment must stay "
                     "above the national entitlement.</p>");
    if (nown)
        overrides_table(c, &h, s, r, own, nown, true, es);
    else
        HTML_LIT(&h, "<p>No figures are entered: every figure comes from the national rules.</p>");
    if (nicb)
        overrides_table(c, &h, s, r, icb, nicb, false, es);
    missing_maxima(c, &h, s, r);
    if (s->write)
        add_form(c, &h, s, f, es);
    ui_end(c, &h);
}

static void page(struct ctx *c, enum layer_scope kind)
{
    struct scope s;
    struct form f;
    if (!scope_of(c, kind, false, &s))
        return;
    form_read(c, &f, false);
    show(c, &s, 200, &f, NULL, NULL);
}

void page_pcn_rules(struct ctx *c)
{
    page(c, SCOPE_PCN);
}
void page_icb_rules(struct ctx *c)
{
    page(c, SCOPE_ICB);
}

/* When the form has mistakes, the form again (400) with them in the order
 * of its fields, and true. */
static bool shown_with_errors(struct ctx *c, const struct scope *s, const struct form *f,
                              struct form_errs *es)
{
    if (!es->n)
        return false;
    static const char *const order[] = {"what", "row",       "value",       "from",
                                        "to",   "source",    "source_date", "confidence",
                                        "name", "agreement", "signed",      NULL};
    form_errs_sort(es, order);
    show(c, s, 400, f, es, NULL);
    return true;
}

static void post(struct ctx *c, enum layer_scope kind)
{
    struct scope s;
    struct form f;
    struct pcn_msg m = {0};
    if (!scope_of(c, kind, true, &s))
        return;
    form_read(c, &f, true);
    const struct rules *r = web_rules(c, &m);
    if (!r) {
        ui_error_page(c, 500, "Sorry, there is a problem with the service", "Try again later.");
        return;
    }
    struct rule_override o = {.scope = kind,
                              .org = s.org,
                              .key = f.row,
                              .value = f.value,
                              .source = f.source,
                              .name = f.name,
                              .agreement = f.agreement,
                              .signed_by = f.signed_by,
                              .conf = CONF_OFFICIAL};
    struct form_errs es;
    form_errs_init(&es, c->a);
    if (!f.file || layers_file_parse(f.file, &o.file))
        form_err_add(&es, "what", "Choose what the figure is");
    if (!f.conf || conf_parse(f.conf, strlen(f.conf), &o.conf) || o.conf == CONF_CARRIED)
        form_err_add(&es, "confidence", "Choose how sure the figure is");
    /* the layers' check says what the dates must be; here only real dates */
    o.from = form_read_date(c, &es, "from", "the first day", false, DATE_NONE, DATE_NONE);
    o.to = form_read_date(c, &es, "to", "the last day", false, DATE_NONE, DATE_NONE);
    o.source_date = form_read_date(c, &es, "source_date", "the date", false, DATE_NONE, DATE_NONE);
    struct layers_errors le = {0};
    if (es.n == 0 || o.file == RF_RATES || o.file == RF_MAXIMA || o.file == RF_ROLES) {
        if (!layers_check(r, &o, c->a, &le))
            for (size_t i = 0; i < le.n; i++) {
                const char *field = le.e[i].field;
                if (!strcmp(field, "row") || !strcmp(field, "file"))
                    field = "what";
                if (!strcmp(field, "from") || !strcmp(field, "to") || !strcmp(field, "source_date"))
                    form_err_add_date(&es, field, "%s", le.e[i].text);
                else
                    form_err_add(&es, field, "%s", le.e[i].text);
            }
    }
    if (shown_with_errors(c, &s, &f, &es))
        return;
    struct desk_actor who;
    deskweb_actor(c, &who);
    if (override_add(c->db, &o, &who, c->a, &m)) {
        fprintf(stderr, "pcnops: %s: %s\n", c->q->path, m.text);
        ui_error_page(c, 500, "Sorry, there is a problem with the service", "Try again later.");
        return;
    }
    int64_t national;
    if (kind == SCOPE_ICB && o.file != RF_ROLES && layers_national(r, &o, &national) &&
        o.amount < national) {
        struct form empty = {0};
        show(c, &s, 200, &empty, NULL,
             "The figure saved pays less than the national one. A local variation must invest "
             "more in total than the national entitlement (Network Contract DES, Part B B.2.1).");
        return;
    }
    http_resp_redirect(c->r, base_url(c, &s));
}

void page_pcn_rules_post(struct ctx *c)
{
    post(c, SCOPE_PCN);
}
void page_icb_rules_post(struct ctx *c)
{
    post(c, SCOPE_ICB);
}

static void change(struct ctx *c, enum layer_scope kind, bool end)
{
    struct scope s;
    struct pcn_msg m = {0};
    if (!scope_of(c, kind, true, &s))
        return;
    const char *id = c->params[1];
    const char *to_id = arena_printf(c->a, "to-%s", id);
    struct form_errs es;
    form_errs_init(&es, c->a);
    date_t to = end ? form_read_date(c, &es, to_id, "its last day", true, DATE_NONE, DATE_NONE)
                    : DATE_NONE;
    struct form f = {0};
    if (shown_with_errors(c, &s, &f, &es))
        return;
    struct desk_actor who;
    deskweb_actor(c, &who);
    int rc = end ? override_end(c->db, s.org, id, to, &who, &m)
                 : override_remove(c->db, s.org, id, &who, &m);
    if (rc == PCN_ENOTFOUND) {
        ui_not_found(c);
        return;
    }
    if (rc == PCN_EINVAL) {
        form_err_add_date(&es, to_id, "%s", form_capital(c->a, m.text));
        show(c, &s, 400, &f, &es, NULL);
        return;
    }
    if (rc) {
        fprintf(stderr, "pcnops: %s: %s\n", c->q->path, m.text);
        ui_error_page(c, 500, "Sorry, there is a problem with the service", "Try again later.");
        return;
    }
    http_resp_redirect(c->r, base_url(c, &s));
}

void page_pcn_rules_end(struct ctx *c)
{
    change(c, SCOPE_PCN, true);
}
void page_pcn_rules_remove(struct ctx *c)
{
    change(c, SCOPE_PCN, false);
}
void page_icb_rules_end(struct ctx *c)
{
    change(c, SCOPE_ICB, true);
}
void page_icb_rules_remove(struct ctx *c)
{
    change(c, SCOPE_ICB, false);
}

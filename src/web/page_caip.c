/* page_caip.c: a PCN's Capacity and Access Improvement Payment (CAIP)
 * self-assessment (/pcn/CODE/caip[?year=]): the criteria, their statuses,
 * evidence and the declaration date; the POST saves them (audited).  Read
 * by anyone who may read the PCN; saving needs perm_write_pcn. */
#include "common.h"
#include "audit.h"
#include "caip.h"
#include "pages.h"
#include "page_iif.h"
#include "pcnweb.h"
#include "perm.h"
#include "rules.h"
#include "ui.h"
#include "form.h"
#include "limits.h"

/* ---- CAIP ------------------------------------------------------------------ */

static const char *const status_values[] = {"not_started", "in_progress", "met", "not_met"};
static const char *const status_labels[] = {"Not started", "In progress", "Met", "Not met"};

/* The share achieved, the share in the entitlements and the declaration,
 * then each criterion with its status and evidence. */
static void caip_summary(struct ctx *c, struct html *h, const struct caip_view *v, const char *fyl)
{
    ui_summary_begin(h);
    ui_summary_row_open(h, "Share achieved");
    if (v->share.known) {
        page_iif_pct(h, v->share.achieved_bp);
        HTML_LIT(h, " (");
        html_count(h, (int64_t)v->share.met);
        HTML_LIT(h, " of ");
        html_count(h, (int64_t)v->share.n);
        HTML_LIT(h, " criteria met)");
    } else {
        ui_none(h, arena_printf(c->a, "Not known: %s", v->share.why));
    }
    ui_summary_row_end(h);
    ui_summary_row_open(h, "Share in the entitlements");
    if (v->entitlement_known)
        page_iif_pct(h, v->entitlement_bp);
    else
        ui_none(h, "Not set");
    ui_summary_row_end(h);
    ui_summary_row_open(h, "Declared by the clinical director");
    if (v->declared_on != DATE_NONE) {
        ui_tag(h, "Declared");
        HTML_LIT(h, " ");
        html_date(h, v->declared_on);
    } else {
        ui_tag(h, "Not declared");
    }
    ui_summary_row_end(h);
    ui_summary_end(h);

    ui_table_begin(h, arena_printf(c->a, "CAIP criteria in %s", fyl),
                   "Criterion,>Weight,Status,Evidence");
    for (size_t i = 0; i < v->n; i++) {
        const struct caip_item *it = &v->items[i];
        ui_tr(h);
        ui_td(h, it->rule->name);
        ui_td_open(h, true);
        if (it->rule->has_weight)
            fixed_add(h->b, it->rule->weight, 2, 0, false);
        else
            ui_none(h, "Not known");
        ui_td_close(h);
        ui_td_open(h, false);
        ui_tag(h, caip_status_label(it->recorded ? it->status : CAIP_NOT_STARTED));
        ui_td_close(h);
        ui_td_open(h, false);
        if (it->evidence[0])
            html_text(h, it->evidence);
        else
            ui_none(h, "None recorded");
        ui_td_close(h);
    }
    if (v->n == 0) {
        ui_tr(h);
        ui_td(h, "The rules have no CAIP criteria for this year");
        for (int k = 0; k < 3; k++)
            ui_td(h, "Not applicable");
    }
    ui_table_end(h);
}

/* The form that updates the self-assessment, for those who may change the
 * PCN, with what was typed and its mistakes (es) after a POST. */
static void caip_form(struct ctx *c, struct html *h, const char *code, fy_t fy,
                      const struct caip_view *v, const struct form_errs *es)
{
    struct http_req *q = c->q;
    if (perm_write_pcn(c, code) && v->n) {
        HTML_LIT(h, "<h2>Update the self-assessment</h2><form action=\"");
        html_url(h, arena_printf(c->a, "/pcn/%s/caip", code));
        HTML_LIT(h, "\" method=\"post\" novalidate>");
        ui_csrf(c, h);
        HTML_LIT(h, "<input type=\"hidden\" name=\"year\" value=\"");
        html_attr(h, page_iif_year_dir(c->a, fy));
        HTML_LIT(h, "\">");
        for (size_t i = 0; i < v->n; i++) {
            const struct caip_item *it = &v->items[i];
            const char *sid = arena_printf(c->a, "status-%s", it->rule->id);
            const char *eid = arena_printf(c->a, "evidence-%s", it->rule->id);
            const char *cur = http_form_str(q, sid);
            if (!cur)
                cur = caip_status_name(it->recorded ? it->status : CAIP_NOT_STARTED);
            HTML_LIT(h, "<fieldset class=\"nhsuk-fieldset\"><legend class=\"nhsuk-fieldset__legend "
                        "nhsuk-fieldset__legend--s\">");
            html_text(h, it->rule->name);
            HTML_LIT(h, "</legend>");
            ui_select(h, sid, "Status", status_values, status_labels, 4, cur, form_err(es, sid));
            const char *ev = http_form_str(q, eid);
            if (!ev)
                ev = it->evidence;
            ui_textarea(h, eid, "Evidence", NULL, ev, form_err(es, eid));
            HTML_LIT(h, "</fieldset>");
        }
        const char *dd = http_form_str(q, "declared-day"), *dm = http_form_str(q, "declared-month"),
                   *dy = http_form_str(q, "declared-year");
        if (!dd && !dm && !dy && v->declared_on != DATE_NONE)
            ui_date_parts(c->a, v->declared_on, &dd, &dm, &dy);
        ui_date_input(h, "declared", "Date the clinical director declared achievement",
                      "Leave empty if not declared yet. For example, 20 3 2026", dd, dm, dy,
                      form_err(es, "declared"));
        HTML_LIT(h, "<button class=\"nhsuk-button\" data-module=\"nhsuk-button\" type=\"submit\">"
                    "Save the self-assessment</button></form>");
    }
}

static void caip_page(struct ctx *c, int status, const char *code, const struct rules *r, fy_t fy,
                      bool fallback, const struct form_errs *es)
{
    struct html h = {&c->r->body};
    struct pcn_msg m = {0};
    char fyl[8];
    fy_format(fy, fyl);
    struct caip_view v;
    int rc = caip_get(c->db, r, code, fy, c->a, &v, &m);
    if (rc && rc != PCN_ENOTFOUND) {
        ui_fail_500(c, &m);
        return;
    }
    http_resp_start(c->r, status, "text/html; charset=utf-8");
    const char *title = arena_printf(c->a, "CAIP self-assessment %s", fyl);
    pcnweb_begin(c, &h, code, title, "CAIP", es, "IIF",
                 arena_printf(c->a, "/pcn/%s/iif?year=%s", code, page_iif_year_dir(c->a, fy)));
    HTML_LIT(&h, "<h1><span class=\"nhsuk-caption-l\">");
    html_text(&h, page_org_name(c, code));
    HTML_LIT(&h, "</span>Capacity and Access Improvement Payment (CAIP) ");
    html_text(&h, fyl);
    HTML_LIT(&h, "</h1>");
    if (fallback)
        page_iif_fallback_notice(c, &h, fy);
    page_iif_year_links(c, &h, r, code, "caip", fy);
    if (rc) {
        HTML_LIT(&h, "<p>");
        html_text(&h, m.text);
        HTML_LIT(&h, ".</p>");
        ui_end(c, &h);
        return;
    }
    HTML_LIT(&h, "<p>Track each criterion of the year's self-assessment with its evidence. "
                 "When PCN Ops can work out the share achieved, the CAIP amount in the "
                 "entitlements uses it.</p>");
    caip_summary(c, &h, &v, fyl);

    caip_form(c, &h, code, fy, &v, es);
    ui_end(c, &h);
}

void page_caip(struct ctx *c)
{
    const struct rules *r;
    fy_t fy;
    bool fallback;
    const char *code = page_iif_route(c, false, false, &r, &fy, &fallback);
    if (code)
        caip_page(c, 200, code, r, fy, fallback, NULL);
}

void page_caip_post(struct ctx *c)
{
    const struct rules *r;
    fy_t fy;
    const char *code = page_iif_route(c, true, true, &r, &fy, NULL);
    if (!code)
        return;
    struct http_req *q = c->q;
    char fyl[8];
    fy_format(fy, fyl);
    struct pcn_msg m = {0};
    struct caip_view v;
    struct form_errs es;
    form_errs_init(&es, c->a);
    int rc = caip_get(c->db, r, code, fy, c->a, &v, &m);
    if (page_failed(c, rc, &m))
        return;
    /* Check everything first, then write. */
    enum caip_status *st = arena_zalloc(c->a, (v.n + 1) * sizeof *st);
    for (size_t i = 0; i < v.n; i++) {
        const char *sid = arena_printf(c->a, "status-%s", v.items[i].rule->id);
        const char *eid = arena_printf(c->a, "evidence-%s", v.items[i].rule->id);
        if (caip_status_parse(http_form_str(q, sid), &st[i]))
            form_err_add(&es, sid, "Select the status of %s", v.items[i].rule->name);
        form_read_text(c, &es, eid,
                       arena_printf(c->a, "the evidence for %s", v.items[i].rule->name), false,
                       LIMIT_FORM_TEXT_BYTES);
    }
    /* declared within the year: 1 April to 31 March */
    date_t declared = form_read_date(c, &es, "declared", "the declaration date", false,
                                     fy_start(fy), fy_end(fy));
    if (es.n) {
        caip_page(c, 400, code, r, fy, false, &es);
        return;
    }
    for (size_t i = 0; i < v.n; i++) {
        const struct caip_item *it = &v.items[i];
        const char *ev = http_form_str(q, arena_printf(c->a, "evidence-%s", it->rule->id));
        if (!ev)
            ev = "";
        bool same = (it->recorded ? it->status : CAIP_NOT_STARTED) == st[i] &&
                    strcmp(it->evidence, ev) == 0;
        if (same)
            continue;
        struct caip_change chg;
        struct audit_entry note;
        audit_note_ctx(&note, c, "caip-set", "pcn", code, NULL);
        if (caip_set(c->db, r, code, fy, it->rule->id, st[i], ev, c->q->now, &note, &chg, &m)) {
            ui_fail_500(c, &m);
            return;
        }
    }
    if (declared != DATE_NONE && declared != v.declared_on) {
        date_t before;
        struct audit_entry note;
        audit_note_ctx(&note, c, "caip-declare", "pcn", code, NULL);
        if (caip_declare(c->db, r, code, fy, declared, c->q->now, &note, &before, &m)) {
            ui_fail_500(c, &m);
            return;
        }
    }
    http_resp_redirect(
        c->r, arena_printf(c->a, "/pcn/%s/caip?year=%s", code, page_iif_year_dir(c->a, fy)));
}

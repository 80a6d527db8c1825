/* page_funding_inputs.c: a PCN's funding inputs (/pcn/CODE/funding/inputs):
 * populations, care home beds, CAIP achieved and the Network Agreement's
 * distribution, with a form for each (POST .../populations, .../beds,
 * .../caip, .../distribution).  For the PCN's managers and clinical
 * director (perm_write_pcn); every change audited with what it was before
 * and after. */
#include "common.h"
#include "arrs.h"
#include "audit.h"
#include "db.h"
#include "entitle.h"
#include "funding.h"
#include "fundview.h"
#include "pages.h"
#include "popentry.h"
#include "page_funding.h"
#include "perm.h"
#include "registry.h"
#include "rules.h"
#include "sheet.h"
#include "ui.h"
#include "form.h"
#include "limits.h"

/* ---- inputs ------------------------------------------------------------------ */

enum form { F_NONE, F_POPULATIONS, F_BEDS, F_CAIP, F_DISTRIBUTION };

/* What a field shows: what was typed when its form came back with an
 * error, else the stored value (NULL for none). */
static const char *val(struct ctx *c, enum form posted, enum form mine, const char *field,
                       const char *stored)
{
    if (posted == mine)
        return http_form_str(c->q, field);
    return stored;
}

static const char *pop_text(struct ctx *c, int64_t h)
{
    if (h < 0)
        return NULL;
    struct buf b;
    buf_init(&b, 64);
    fixed_add(&b, h, 2, 2, false);
    const char *s = arena_strdup(c->a, b.buf);
    buf_release(&b);
    return s;
}

static void form_open(struct ctx *c, struct html *h, const char *code, const char *what)
{
    HTML_LIT(h, "<form action=\"");
    html_url(h, arena_printf(c->a, "/pcn/%s/funding/%s", code, what));
    HTML_LIT(h, "\" method=\"post\" novalidate>");
    ui_csrf(c, h);
}

void page_funding_hidden(struct html *h, const char *name, const char *value)
{
    HTML_LIT(h, "<input type=\"hidden\" name=\"");
    html_attr(h, name);
    HTML_LIT(h, "\" value=\"");
    html_attr(h, value);
    HTML_LIT(h, "\">");
}

void page_funding_button(struct html *h, const char *text)
{
    HTML_LIT(h, "<button class=\"nhsuk-button\" data-module=\"nhsuk-button\" type=\"submit\">");
    html_text(h, text);
    HTML_LIT(h, "</button></form>");
}

static const char *const method_values[] = {"registered", "weighted", "fixed"};
static const char *const method_labels[] = {
    "By registered-list share (the default)",
    "By weighted-population share",
    "By fixed percentages agreed by the practices",
};

/* The agreement in force for a stream ("*": for every stream without its
 * own), or NULL for the default. */
static const struct ent_agreement *agreement_for(const struct ent_input *in, const char *stream)
{
    const struct ent_agreement *all = NULL;
    for (size_t i = 0; i < in->nagreements; i++) {
        const struct ent_agreement *g = &in->agreements[i];
        if (!g->stream)
            all = g;
        else if (stream && strcmp(stream, "*") && !strcmp(g->stream, stream))
            return g;
    }
    return all;
}

/* The populations at 1 January of each member practice. */
static void populations_form(struct ctx *c, struct html *h, const char *code, const struct year *yr,
                             enum form posted, const struct form_errs *es,
                             const struct ent_input *in)
{
    const char *fyd = page_funding_fy_dir(c, yr->fy);
    date_t base = fy_base_date(yr->fy);
    HTML_LIT(h, "<h2 id=\"section-populations\">Populations</h2><p>The weighted and adjusted "
                "populations NHS England publishes for each practice at 1 January, with up to "
                "two decimals. Where one is missing, the registered list stands in and the "
                "figures are estimates. Leave both empty to leave a practice as it is.</p>"
                "<p><a href=\"");
    html_url2(h, "/pcn/", code);
    HTML_LIT(h, "/import?kind=populations\">Import the populations from a file</a></p>");
    form_open(c, h, code, "populations");
    page_funding_hidden(h, "year", fyd);
    const char *dd, *dm, *dy;
    ui_date_parts(c->a, base, &dd, &dm, &dy);
    if (posted == F_POPULATIONS) {
        dd = http_form_str(c->q, "pop_date-day");
        dm = http_form_str(c->q, "pop_date-month");
        dy = http_form_str(c->q, "pop_date-year");
    }
    ui_date_input(h, "pop_date", "Populations at",
                  "1 January, for the financial year that starts "
                  "the following April. For example, 1 1 2025",
                  dd, dm, dy, form_err(es, "pop_date"));
    for (size_t i = 0; i < in->npractices; i++) {
        const struct ent_practice *p = &in->practices[i];
        const char *wid = arena_printf(c->a, "weighted-%s", p->code);
        const char *aid = arena_printf(c->a, "adjusted-%s", p->code);
        HTML_LIT(h, "<fieldset class=\"nhsuk-fieldset\"><legend class=\"nhsuk-fieldset__legend "
                    "nhsuk-fieldset__legend--s\">");
        html_text(h, p->code);
        HTML_LIT(h, " ");
        html_text(h, p->name);
        HTML_LIT(h, "</legend>");
        ui_input(h, wid, "Weighted population", NULL, "text",
                 val(c, posted, F_POPULATIONS, wid, pop_text(c, p->weighted_h)),
                 "nhsuk-input--width-10", form_err(es, wid));
        ui_input(h, aid, "Adjusted population", NULL, "text",
                 val(c, posted, F_POPULATIONS, aid, pop_text(c, p->adjusted_h)),
                 "nhsuk-input--width-10", form_err(es, aid));
        HTML_LIT(h, "</fieldset>");
    }
    page_funding_button(h, "Save the populations");
}

/* The care home beds of each month, and the form for a month's. */
static void beds_form(struct ctx *c, struct html *h, const char *code, const struct year *yr,
                      enum form posted, const struct form_errs *es, const struct ent_input *in)
{
    const char *fyd = page_funding_fy_dir(c, yr->fy), *fyl = page_funding_fy_label(c, yr->fy);
    HTML_LIT(h, "<h2 id=\"section-beds\">Care home beds</h2><p>The beds in the care homes aligned "
                "to the PCN, from a month until a later month is entered.</p>");
    ui_table_begin(h, arena_printf(c->a, "Beds each month, %s", fyl), "Month,>Beds");
    for (int k = 0; k < ENT_MONTHS; k++) {
        ui_tr(h);
        ui_td(h, page_funding_month_label(c, yr->fy, k));
        ui_td_open(h, true);
        if (in->beds_known[k])
            html_count(h, in->beds[k]);
        else
            ui_none(h, "Not entered");
        ui_td_close(h);
    }
    ui_table_end(h);
    const char *mv[ENT_MONTHS], *ml[ENT_MONTHS];
    for (int k = 0; k < ENT_MONTHS; k++) {
        int y, mo, d;
        date_to_ymd(date_add_months(fy_start(yr->fy), k), &y, &mo, &d);
        mv[k] = arena_printf(c->a, "%04d-%02d", y, mo);
        ml[k] = page_funding_month_label(c, yr->fy, k);
    }
    form_open(c, h, code, "beds");
    page_funding_hidden(h, "year", fyd);
    ui_select(h, "month", "From the month", mv, ml, ENT_MONTHS,
              val(c, posted, F_BEDS, "month", NULL), form_err(es, "month"));
    ui_input(
        h, "beds", "Beds",
        arena_printf(c->a, "A whole number from 0 to %s", form_count(c->a, LIMIT_FORM_BEDS_MAX)),
        "text", val(c, posted, F_BEDS, "beds", NULL), "nhsuk-input--width-5", form_err(es, "beds"));
    page_funding_button(h, "Save the beds");
}

/* The share of CAIP achieved. */
static void caip_form(struct ctx *c, struct html *h, const char *code, const struct year *yr,
                      enum form posted, const struct form_errs *es, const struct ent_input *in)
{
    const char *fyd = page_funding_fy_dir(c, yr->fy), *fyl = page_funding_fy_label(c, yr->fy);
    HTML_LIT(
        h, "<h2 id=\"section-caip\">Capacity and Access Improvement Payment (CAIP)</h2><p>CAIP is "
           "a maximum: the PCN earns the share of it that it achieves.</p>");
    form_open(c, h, code, "caip");
    page_funding_hidden(h, "year", fyd);
    const char *caip = NULL;
    if (in->caip_known) {
        struct buf b;
        buf_init(&b, 32);
        fixed_add(&b, in->caip_bp, 2, 0, false);
        caip = arena_strdup(c->a, b.buf);
        buf_release(&b);
    }
    ui_input(h, "achieved", arena_printf(c->a, "Share achieved in %s, per cent", fyl),
             "From 0 to 100, for example 80 or 66.67", "text",
             val(c, posted, F_CAIP, "achieved", caip), "nhsuk-input--width-5",
             form_err(es, "achieved"));
    page_funding_button(h, "Save the share achieved");
}

/* The Network Agreement: how a stream (or every stream without its own
 * method) is shared among the practices. */
static void distribution_form(struct ctx *c, struct html *h, const char *code,
                              const struct year *yr, enum form posted, const struct form_errs *es,
                              const struct ent_input *in)
{
    const char *fyd = page_funding_fy_dir(c, yr->fy), *fyl = page_funding_fy_label(c, yr->fy);
    HTML_LIT(h, "<h2 id=\"section-distribution\">Network Agreement: sharing among practices</h2>"
                "<p>How the PCN shares its payments among its member practices, from ");
    html_text(h, fyl);
    HTML_LIT(h, " on, for one stream or for every stream without a method of its own.</p>");
    for (size_t i = 0; i < in->nproblems; i++) {
        HTML_LIT(h,
                 "<div class=\"nhsuk-warning-callout\"><h3 class=\"nhsuk-warning-callout__label\">"
                 "<span role=\"text\"><span class=\"nhsuk-u-visually-hidden\">Important: "
                 "</span>Set the shares again</span></h3><p>");
        html_text(h, in->problems[i]);
        HTML_LIT(h, "</p></div>");
    }
    form_open(c, h, code, "distribution");
    page_funding_hidden(h, "year", fyd);
    size_t ns = 0;
    const char **sv = arena_alloc(c->a, (yr->y->nstreams + 1) * sizeof *sv);
    const char **sl = arena_alloc(c->a, (yr->y->nstreams + 1) * sizeof *sl);
    sv[ns] = "*";
    sl[ns++] = "Every stream without a method of its own";
    for (size_t i = 0; i < yr->y->nstreams; i++) {
        const struct rule_stream *s = &yr->y->streams[i];
        if (s->paid_to != PAID_PCN || s->kind == STREAM_MAXIMUM)
            continue;
        sv[ns] = s->id;
        sl[ns++] = s->name;
    }
    const char *stream = val(c, posted, F_DISTRIBUTION, "stream", "*");
    const struct ent_agreement *g = agreement_for(in, stream);
    ui_select(h, "stream", "Stream", sv, sl, ns, stream, form_err(es, "stream"));
    ui_radios(
        h, "method", "Shared", NULL, method_values, method_labels, 3,
        val(c, posted, F_DISTRIBUTION, "method", g ? ent_method_name(g->method) : "registered"),
        form_err(es, "method"));
    HTML_LIT(h, "<p>For fixed percentages, give every practice its share; they must add up to "
                "100.</p>");
    for (size_t i = 0; i < in->npractices; i++) {
        const char *id = arena_printf(c->a, "share-%s", in->practices[i].code);
        const char *stored = NULL;
        if (g && g->method == METHOD_FIXED && g->fixed_bp) {
            struct buf b;
            buf_init(&b, 32);
            fixed_add(&b, g->fixed_bp[i], 2, 0, false);
            stored = arena_strdup(c->a, b.buf);
            buf_release(&b);
        }
        ui_input(h, id,
                 arena_printf(c->a, "%s %s, per cent", in->practices[i].code,
                              in->practices[i].name ? in->practices[i].name : ""),
                 NULL, "text", val(c, posted, F_DISTRIBUTION, id, stored), "nhsuk-input--width-5",
                 form_err(es, id));
    }
    page_funding_button(h, "Save the Network Agreement");
}

static void inputs_page(struct ctx *c, int status, const char *code, const struct year *yr,
                        enum form posted, const struct form_errs *es)
{
    struct html h = {&c->r->body};
    struct pcn_msg m = {0};
    struct ent_input in;
    int rc = funding_inputs(c->db, code, yr->fy, c->a, &in, &m);
    if (page_failed(c, rc, &m))
        return;
    const char *name = page_org_name(c, code);
    const char *fyd = page_funding_fy_dir(c, yr->fy), *fyl = page_funding_fy_label(c, yr->fy);
    const char *q = arena_printf(c->a, "?year=%s", fyd);
    struct ui_crumb crumbs[] = {
        {"Home", "/"},
        {name, arena_printf(c->a, "/pcn/%s", code)},
        {arena_printf(c->a, "Funding %s", fyl), arena_printf(c->a, "/pcn/%s/funding%s", code, q)},
    };
    const char *title = arena_printf(c->a, "Funding inputs %s", fyl);
    http_resp_start(c->r, status, "text/html; charset=utf-8");
    page_funding_begin(c, &h, title, "Funding", es, crumbs, 3);
    HTML_LIT(&h, "<div class=\"nhsuk-grid-row\"><div class=\"nhsuk-grid-column-two-thirds\">");
    HTML_LIT(&h, "<h1><span class=\"nhsuk-caption-l\">");
    html_text(&h, name);
    HTML_LIT(&h, "</span>");
    html_text(&h, title);
    HTML_LIT(&h, "</h1><p>The figures NHS England's registry files do not give. Each change "
                 "is recorded in the audit log with what it was before.</p>");

    populations_form(c, &h, code, yr, posted, es, &in);

    beds_form(c, &h, code, yr, posted, es, &in);

    caip_form(c, &h, code, yr, posted, es, &in);

    distribution_form(c, &h, code, yr, posted, es, &in);
    HTML_LIT(&h, "</div></div>");
    ui_end(c, &h);
}

void page_funding_inputs(struct ctx *c)
{
    struct year yr;
    const char *code = page_funding_pcn_for(c, true);
    if (!page_funding_start(c, code, http_query(c->q, "year"), true, &yr))
        return;
    inputs_page(c, 200, code, &yr, F_NONE, NULL);
}

/* The start of every POST: the PCN (write), the rules and the year of the
 * form.  false when a page was written. */
static bool post_start(struct ctx *c, const char **code, struct year *yr)
{
    *code = page_funding_pcn_for(c, true);
    return page_funding_start(c, *code, http_form_str(c->q, "year"), true, yr);
}

static void done(struct ctx *c, const char *code, const struct year *yr, const char *anchor)
{
    http_resp_redirect(c->r, arena_printf(c->a, "/pcn/%s/funding/inputs?year=%s#section-%s", code,
                                          page_funding_fy_dir(c, yr->fy), anchor));
}

void page_funding_populations_post(struct ctx *c)
{
    struct pcn_msg m = {0};
    struct year yr;
    const char *code;
    date_t on;
    if (!post_start(c, &code, &yr))
        return;
    struct form_errs es;
    form_errs_init(&es, c->a);
    on = form_read_date(c, &es, "pop_date", "the date of the populations", true, DATE_NONE,
                        DATE_NONE);
    if (on != DATE_NONE && !fy_is_base_date(on)) {
        form_err_add_date(&es, "pop_date",
                          "The date must be 1 January: NHS England publishes "
                          "populations at 1 January");
        on = DATE_NONE;
    }
    /* The members of the year whose population date this is (the PCN's
     * members this year while the date is not known, so that every
     * practice's figures are still checked). */
    fy_t pfy = on != DATE_NONE ? fy_of(on) + 1 : yr.fy;
    const char **members;
    size_t n;
    date_t mon;
    if (funding_members(c->db, code, pfy, c->a, &members, &n, &mon, &m)) {
        ui_fail_500(c, &m);
        return;
    }
    struct popentry_row *rows = arena_alloc(c->a, (n + 1) * sizeof *rows);
    for (size_t i = 0; i < n; i++) {
        rows[i].practice = members[i];
        for (int k = 0; k < 2; k++) {
            const char *id = arena_printf(c->a, "%s-%s", k ? "adjusted" : "weighted", members[i]);
            int64_t *out = k ? &rows[i].adjusted_h : &rows[i].weighted_h;
            if (!form_read_fixed(c, &es, id,
                                 arena_printf(c->a, "the %s population of %s",
                                              k ? "adjusted" : "weighted", members[i]),
                                 false, 2, 0, (int64_t)LIMIT_FORM_POPULATION_MAX * 100, "12345.67",
                                 out))
                *out = -1;
        }
    }
    if (es.n) {
        inputs_page(c, 400, code, &yr, F_POPULATIONS, &es);
        return;
    }
    char iso[11];
    date_format_iso(on, iso);
    struct audit_entry note;
    audit_note_ctx(&note, c, "set-populations", "pcn", code, json_pack("{s:s}", "date", iso));
    if (popentry_write(c->db, on, rows, n,
                       arena_printf(c->a, "entered on the web by %s", c->user->email), &note, &m)) {
        ui_fail_500(c, &m);
        return;
    }
    done(c, code, &yr, "populations");
}

void page_funding_beds_post(struct ctx *c)
{
    struct pcn_msg m = {0};
    struct year yr;
    const char *code;
    if (!post_start(c, &code, &yr))
        return;
    struct form_errs es;
    form_errs_init(&es, c->a);
    const char *ms = http_form_str(c->q, "month");
    int64_t y = 0, mo = 0, beds = 0;
    if (!ms || strlen(ms) != 7 || ms[4] != '-' || parse_i64n(ms, 4, 1800, 2999, &y) ||
        parse_i64n(ms + 5, 2, 1, 12, &mo) || fy_of(date_from_ymd((int)y, (int)mo, 1)) != yr.fy)
        form_err_add(&es, "month", "Choose the month the beds are from");
    form_read_int(c, &es, "beds", "the number of care home beds", true, 0, LIMIT_FORM_BEDS_MAX,
                  &beds);
    if (es.n) {
        inputs_page(c, 400, code, &yr, F_BEDS, &es);
        return;
    }
    date_t month = date_from_ymd((int)y, (int)mo, 1);
    /* Before: the beds in force for that month. */
    struct ent_input before;
    int k = (int)((y - fy_of(month)) * 12 + mo - 4);
    struct audit_entry note;
    if (funding_inputs(c->db, code, fy_of(month), c->a, &before, &m) ||
        (audit_note_ctx(&note, c, "set-beds", "pcn", code,
                        json_pack("{s:s,s:o,s:I}", "month", ms, "before",
                                  before.beds_known[k] ? json_integer(before.beds[k]) : json_null(),
                                  "after", (json_int_t)beds)),
         funding_set_beds(c->db, code, month, beds, &note, &m))) {
        ui_fail_500(c, &m);
        return;
    }
    done(c, code, &yr, "beds");
}

void page_funding_caip_post(struct ctx *c)
{
    struct pcn_msg m = {0};
    struct year yr;
    const char *code;
    if (!post_start(c, &code, &yr))
        return;
    const char *s = http_form_str(c->q, "achieved");
    int64_t bp;
    size_t n = s ? strlen(s) : 0;
    if (n && s[n - 1] == '%')
        n--;
    if (!s || !*s || fixed_parse(s, n, 2, 0, BP_WHOLE, &bp)) {
        struct form_errs es;
        form_errs_init(&es, c->a);
        if (s && *s)
            form_err_add(&es, "achieved",
                         "Enter the share achieved as a number from 0 to 100, "
                         "like 80 or 66.67");
        else
            form_err_add(&es, "achieved", "Enter the share achieved");
        inputs_page(c, 400, code, &yr, F_CAIP, &es);
        return;
    }
    struct ent_input before;
    struct audit_entry note;
    if (funding_inputs(c->db, code, yr.fy, c->a, &before, &m) ||
        (audit_note_ctx(&note, c, "set-caip", "pcn", code,
                        json_pack("{s:s,s:o,s:I}", "year", page_funding_fy_label(c, yr.fy),
                                  "before_bp",
                                  before.caip_known ? json_integer(before.caip_bp) : json_null(),
                                  "after_bp", (json_int_t)bp)),
         funding_set_caip(c->db, code, yr.fy, bp, BP_WHOLE, &note, &m))) {
        ui_fail_500(c, &m);
        return;
    }
    done(c, code, &yr, "caip");
}

/* {method, set_for, shares_bp?}: the method in force and the row it comes
 * from: the stream's own ("core"), every stream's ("*"), or none (null, the
 * default: registered-list share). */
static json_t *jagreement(const struct ent_input *in, const struct ent_agreement *g)
{
    if (!g)
        return json_pack("{s:s,s:n}", "method", "registered", "set_for");
    json_t *o = json_pack("{s:s,s:s}", "method", ent_method_name(g->method), "set_for",
                          g->stream ? g->stream : "*");
    if (g->method == METHOD_FIXED && g->fixed_bp) {
        json_t *sh = json_object();
        for (size_t i = 0; i < in->npractices; i++)
            json_object_set_new(sh, in->practices[i].code, json_integer(g->fixed_bp[i]));
        json_object_set_new(o, "shares_bp", sh);
    }
    return o;
}

void page_funding_distribution_post(struct ctx *c)
{
    struct pcn_msg m = {0};
    struct year yr;
    const char *code;
    struct ent_input in;
    if (!post_start(c, &code, &yr))
        return;
    if (funding_inputs(c->db, code, yr.fy, c->a, &in, &m)) {
        ui_fail_500(c, &m);
        return;
    }
    struct form_errs es;
    form_errs_init(&es, c->a);
    const char *stream = http_form_str(c->q, "stream");
    const char *ms = http_form_str(c->q, "method");
    enum ent_method method = METHOD_REGISTERED;
    bool known_stream = stream && !strcmp(stream, "*");
    for (size_t i = 0; stream && i < yr.y->nstreams && !known_stream; i++)
        known_stream = !strcmp(yr.y->streams[i].id, stream) &&
                       yr.y->streams[i].paid_to == PAID_PCN &&
                       yr.y->streams[i].kind != STREAM_MAXIMUM;
    if (!known_stream)
        form_err_add(&es, "stream", "Choose a stream");
    if (!ms || ent_method_parse(ms, &method))
        form_err_add(&es, "method", "Choose how the stream is shared");
    const char **codes = arena_alloc(c->a, (in.npractices + 1) * sizeof *codes);
    int64_t *bp = arena_alloc(c->a, (in.npractices + 1) * sizeof *bp);
    size_t n = 0;
    if (method == METHOD_FIXED) {
        for (size_t i = 0; i < in.npractices; i++) {
            const char *id = arena_printf(c->a, "share-%s", in.practices[i].code);
            const char *v = http_form_str(c->q, id);
            size_t len = v ? strlen(v) : 0;
            if (len && v[len - 1] == '%')
                len--;
            if (!v || !*v || fixed_parse(v, len, 2, 0, BP_WHOLE, &bp[n]))
                form_err_add(&es, id,
                             "Enter the share of %s as a percentage from 0 to 100, like 40 or "
                             "33.33",
                             in.practices[i].code);
            codes[n++] = in.practices[i].code;
        }
    }
    if (!es.n) {
        json_t *jb = jagreement(&in, agreement_for(&in, stream));
        struct ent_agreement after = {.stream = strcmp(stream, "*") ? stream : NULL,
                                      .method = method};
        if (method == METHOD_FIXED) {
            int64_t *abp = arena_alloc(c->a, (in.npractices + 1) * sizeof *abp);
            memcpy(abp, bp, in.npractices * sizeof *abp);
            after.fixed_bp = abp;
        }
        struct audit_entry note;
        audit_note_ctx(&note, c, "set-distribution", "pcn", code,
                       json_pack("{s:s,s:s,s:o,s:o}", "year", page_funding_fy_label(c, yr.fy),
                                 "stream", stream, "before", jb, "after", jagreement(&in, &after)));
        int rc = funding_set_distribution(c->db, code, stream, yr.fy, method, codes, bp, n, &note,
                                          &m);
        if (rc == PCN_EINVAL) {
            /* "the shares add up to 90%, not 100%" reads as a sentence */
            form_err_add(&es, n ? arena_printf(c->a, "share-%s", codes[0]) : "method", "%s",
                         form_capital(c->a, m.text));
        } else if (rc) {
            ui_fail_500(c, &m);
            return;
        } else {
            done(c, code, &yr, "distribution");
            return;
        }
    }
    inputs_page(c, 400, code, &yr, F_DISTRIBUTION, &es);
}

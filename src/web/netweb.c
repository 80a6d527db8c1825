/* netweb.c: what the network's pages share (netweb.h). */
#include "common.h"
#include "netweb.h"
#include "deskdb.h"
#include "deskweb.h"
#include "network.h"
#include "perm.h"
#include "registry.h"

bool netweb_open(struct ctx *c, const char *section, bool write, struct net_page *p)
{
    const char *code = c->params[0];
    memset(p, 0, sizeof *p);
    if (!(write ? perm_write_network(c, code) : perm_read_network(c, code))) {
        perm_denied(c, section, code);
        deskweb_not_found(c);
        return false;
    }
    if (!deskweb_pcn(c, code, &p->pcn_name))
        return false;
    p->pcn = code;
    p->base = arena_printf(c->a, "/pcn/%s/%s", code, section);
    p->write = perm_write_network(c, code);
    p->section = section;
    return true;
}

bool netweb_open_post(struct ctx *c, const char *section, struct net_page *p, struct desk_actor *w)
{
    if (!netweb_open(c, section, true, p))
        return false;
    deskweb_actor(c, w);
    return true;
}

void netweb_form_open(struct ctx *c, struct html *h, const struct net_page *p, const char *form)
{
    HTML_LIT(h, "<form action=\"");
    html_url(h, p->base);
    HTML_LIT(h, "\" method=\"post\" novalidate>");
    ui_csrf(c, h);
    HTML_LIT(h, "<input type=\"hidden\" name=\"form\" value=\"");
    html_attr(h, form);
    HTML_LIT(h, "\">");
}

void netweb_form_failed(struct ctx *c, const char *form, struct desk_errs *e)
{
    netweb_prefix_errs(c, form, e);
    c->r->status = 400;
    http_resp_start(c->r, 400, "text/html; charset=utf-8");
}

const char *netweb_str(struct ctx *c, const char *name)
{
    const char *s = http_form_str(c->q, name);
    return s ? s : "";
}

int64_t netweb_form_id(struct ctx *c, const char *name)
{
    int64_t v;
    const char *s = netweb_str(c, name);
    return *s && parse_i64(s, 1, INT64_MAX, &v) == 0 ? v : 0;
}

void netweb_refuse(struct ctx *c, const struct net_page *p)
{
    perm_denied(c, p->section ? p->section : "decisions", p->pcn);
    deskweb_not_found(c);
}

static bool is_date_field(const char *f)
{
    static const char *const dates[] = {"_date", "_due", "_from"};
    size_t n = strlen(f);
    for (size_t i = 0; i < ARRAY_SIZE(dates); i++) {
        size_t k = strlen(dates[i]);
        if (n > k && strcmp(f + n - k, dates[i]) == 0)
            return true;
    }
    return false;
}

const char *netweb_id(struct ctx *c, const char *form, const char *field)
{
    return arena_printf(c->a, "%s_%s", form, field);
}

void netweb_prefix_errs(struct ctx *c, const char *form, struct desk_errs *e)
{
    size_t k = strlen(form);
    for (size_t i = 0; i < e->n; i++)
        if (!(strncmp(e->e[i].field, form, k) == 0 && e->e[i].field[k] == '_'))
            e->e[i].field = netweb_id(c, form, e->e[i].field);
}

date_t netweb_form_date(struct ctx *c, const char *form, const char *field, const char *label,
                        struct desk_errs *e)
{
    size_t before = e->n;
    date_t d = deskweb_form_date(c, netweb_id(c, form, field), label, e);
    if (e->n > before)
        e->e[e->n - 1].field = field;
    return d;
}

const char *netweb_in(struct ctx *c, const char *form, const char *field)
{
    const char *s = http_form_str(c->q, netweb_id(c, form, field));
    return s ? s : "";
}

void netweb_begin(struct ctx *c, struct html *h, const struct net_page *p, const char *title,
                  const char *section, const char *parent_text, const char *parent_href,
                  const struct desk_errs *e)
{
    struct ui_crumb *crumbs = ARENA_ARRAY(c->a, struct ui_crumb, 3);
    size_t nc = 0;
    crumbs[nc++] = (struct ui_crumb){"Home", "/"};
    crumbs[nc++] = (struct ui_crumb){p->pcn_name, arena_printf(c->a, "/pcn/%s", p->pcn)};
    if (parent_text)
        crumbs[nc++] = (struct ui_crumb){parent_text, parent_href};
    bool err = e && e->n;
    struct ui_page pg = {
        .title = title, .section = section, .error = err, .crumbs = crumbs, .ncrumbs = nc};
    if (!c->r->status || c->r->status == 200)
        http_resp_start(c->r, err ? 400 : 200, "text/html; charset=utf-8");
    ui_begin(c, h, &pg);
    if (err) {
        struct ui_error *ue = ARENA_ARRAY(c->a, struct ui_error, e->n);
        for (size_t i = 0; i < e->n; i++) {
            ue[i].field = is_date_field(e->e[i].field) ? arena_printf(c->a, "%s-day", e->e[i].field)
                                                       : e->e[i].field;
            ue[i].text = e->e[i].text;
        }
        ui_error_summary(h, ue, e->n);
    }
    HTML_LIT(h, "<h1><span class=\"nhsuk-caption-l\">");
    html_text(h, p->pcn_name);
    HTML_LIT(h, " (");
    html_text(h, p->pcn);
    HTML_LIT(h, ")</span>");
    html_text(h, title);
    HTML_LIT(h, "</h1>\n");
}

void netweb_end(struct ctx *c, struct html *h)
{
    ui_end(c, h);
}

static bool posted(struct ctx *c, const char *form)
{
    if (strcmp(c->q->method, "POST") != 0)
        return false;
    const char *f = http_form_str(c->q, "form");
    return f && strcmp(f, form) == 0;
}

const char *netweb_val(struct ctx *c, const char *form, const char *name)
{
    return posted(c, form) ? http_form_str(c->q, netweb_id(c, form, name)) : NULL;
}

const struct desk_errs *netweb_errs(struct ctx *c, const char *form, const struct desk_errs *e)
{
    return posted(c, form) ? e : NULL;
}

void netweb_result_tag(struct html *h, const struct network_decision *x)
{
    ui_tag(h, vote_result_label(x->result));
    if (x->closed)
        HTML_LIT(h, " <span class=\"nhsuk-u-secondary-text-colour\">(vote closed)</span>");
}

void netweb_policy_words(struct ctx *c, struct html *h, const struct vote_policy *p)
{
    ui_summary_begin(h);
    ui_summary_row(h, "Votes", vote_weight_label(p->weight));
    ui_summary_row(h, "Quorum",
                   arena_printf(c->a,
                                "At least %" PRId64 "/%" PRId64 " of the member practices "
                                "take part (vote for, against or abstain)",
                                p->quorum.num, p->quorum.den));
    ui_summary_row(h, "A motion is carried with",
                   arena_printf(c->a, "%s of the votes for and against%s",
                                vote_threshold_words(c->a, p),
                                p->weight == VOTE_LIST_SIZE ? ", weighed by list size" : ""));
    ui_summary_row(h, "A tie", vote_tie_label(p->tie));
    ui_summary_end(h);
}

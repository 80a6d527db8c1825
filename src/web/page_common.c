/* page_common.c: what the page handlers share (pages.h): the organisation
 * of the route or 404, the rules or 500, an organisation's name, the answer
 * to a store's failure, and a download of sheets as CSV or XLSX. */
#include "common.h"
#include "html.h"
#include "pages.h"
#include "perm.h"
#include "registry.h"
#include "sheet.h"
#include "ui.h"

const char *page_org_allowed(struct ctx *c, bool ok, const char *denied)
{
    const char *code = c->params[0];
    if (ok)
        return code;
    perm_denied(c, denied, code);
    ui_not_found(c);
    return NULL;
}

const struct rules *page_rules_or_500(struct ctx *c)
{
    struct pcn_msg m = {0};
    const struct rules *r = web_rules(c, &m);
    if (!r)
        ui_fail_500(c, &m);
    return r;
}

const char *page_org_name(struct ctx *c, const char *code)
{
    struct org_info info;
    struct pcn_msg m = {0};
    return registry_org(c->db, code, c->today, c->a, &info, &m) == 0 && info.name ? info.name
                                                                                  : code;
}

void page_not_found(struct ctx *c)
{
    if (c->api)
        api_error(c, 404, "not found");
    else
        ui_not_found(c);
}

bool page_failed(struct ctx *c, int rc, const struct pcn_msg *m)
{
    if (rc == PCN_ENOTFOUND)
        ui_not_found(c);
    else if (rc)
        ui_fail_500(c, m);
    return rc != 0;
}

int page_send_sheets(struct ctx *c, const struct sheet *sh, size_t n, bool xlsx, const char *name,
                     struct pcn_msg *m)
{
    if (xlsx) {
        char *data;
        size_t len;
        int rc = sheet_xlsx_bytes(sh, n, &data, &len, m);
        if (rc)
            return rc;
        http_resp_start(c->r, 200,
                        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        buf_add(&c->r->body, data, len);
        free(data);
    } else {
        http_resp_start(c->r, 200, "text/csv; charset=utf-8");
        if (sheet_write_csv(&sh[0], &c->r->body)) {
            m->code = PCN_ELIMIT;
            snprintf(m->text, sizeof m->text, "the CSV is too large");
            return PCN_ELIMIT;
        }
    }
    http_resp_header(c->r, "Content-Disposition",
                     arena_printf(c->a, "attachment; filename=\"%s\"", name));
    return 0;
}

void page_fallback_begin(struct ctx *c, struct html *h, fy_t shown)
{
    char now[8], s[8];
    fy_format(fy_of(c->today), now);
    fy_format(shown, s);
    HTML_LIT(h, "<div class=\"nhsuk-inset-text\"><span class=\"nhsuk-u-visually-hidden\">"
                "Information: </span><p>The rules have no year ");
    html_text(h, now);
    HTML_LIT(h, " yet, so this shows ");
    html_text(h, s);
}

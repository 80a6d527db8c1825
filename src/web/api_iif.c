/* api_iif.c: the IIF and CAIP JSON API, the same JSON as `pcnops iif
 * --json` and `pcnops caip --json` (iifview.h):
 *   GET /api/v1/pcns/CODE/iif?year=2023-24    each indicator with its
 *       practice breakdown and working (members_on=YYYY-MM-DD to roll
 *       practices up through another date's membership)
 *   GET /api/v1/pcns/CODE/caip?year=2025-26   the CAIP self-assessment
 * Shared figures of the PCN: perm_read_pcn. */
#include "common.h"
#include "apiweb.h"
#include "arrs.h"
#include "caip.h"
#include "iif.h"
#include "iifdata.h"
#include "iifview.h"
#include "pages.h"
#include "perm.h"
#include "rules.h"

static const char *allowed(struct ctx *c)
{
    const char *code = c->params[0];
    if (perm_read_pcn(c, code))
        return code;
    perm_denied(c, "pcn", code);
    api_error(c, 404, "not found");
    return NULL;
}

static bool year_of(struct ctx *c, const struct rules *r, fy_t *fy)
{
    const char *s = http_query(c->q, "year");
    bool fallback;
    *fy = arrs_default_year(r, c->today, &fallback);
    if (s && fy_parse(s, fy)) {
        api_error(c, 400, "year: give a financial year like 2023-24");
        return false;
    }
    return true;
}

/* What both handlers answer for: the PCN of the route, the rules and
 * ?year=. */
struct route {
    const char *code;
    const struct rules *r;
    fy_t fy;
};

/* Fills *w; false when the answer (404, 500 or 400) has been written. */
static bool route(struct ctx *c, struct route *w)
{
    return (w->code = allowed(c)) && (w->r = api_rules(c)) && year_of(c, w->r, &w->fy);
}

void api_iif(struct ctx *c)
{
    struct route w;
    if (!route(c, &w))
        return;
    struct pcn_msg m = {0};
    date_t over = DATE_NONE;
    const char *mo = http_query(c->q, "members_on");
    if (mo && date_parse_iso(mo, strlen(mo), &over)) {
        api_error(c, 400, "members_on: give a date like 2024-03-31");
        return;
    }
    struct iif_pcn p;
    struct iif_result res;
    const struct rules_year *y = rules_year(w.r, w.fy);
    int rc = iifdata_pcn(c->db, w.r, w.code, w.fy, over, c->a, &p, &m);
    if (!rc)
        rc = iif_compute(y, &p.in, c->a, &res, &m);
    if (rc == PCN_ENOTFOUND || rc == PCN_EINVAL) {
        api_error(c, rc == PCN_ENOTFOUND ? 404 : 422, m.text);
        return;
    }
    if (rc) {
        api_error(c, 500, "the store failed");
        return;
    }
    struct iifview_opts o = {.practices = true, .explain = true, .a = c->a};
    json_t *j = iifview_pcn(&p, &res, y, &o, &m);
    if (!j) {
        api_error(c, 422, m.text);
        return;
    }
    api_json(c, 200, j);
}

void api_caip(struct ctx *c)
{
    struct route w;
    if (!route(c, &w))
        return;
    struct pcn_msg m = {0};
    struct caip_view v;
    int rc = caip_get(c->db, w.r, w.code, w.fy, c->a, &v, &m);
    if (apiweb_failed(c, rc, &m))
        return;
    api_json(c, 200, iifview_caip(&v));
}

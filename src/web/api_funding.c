/* api_funding.c: PCN funding as JSON, the same JSON as `pcnops entitlements
 * ... --json` (fundview.h).
 *   GET /api/v1/pcns/CODE/entitlements[?year=2025-26][&explain=1][&practices=1]
 *       one PCN's year: streams, 12 monthly payments, total; with explain the
 *       working of every figure, with practices the member practices' shares
 *   GET /api/v1/icbs/CODE/entitlements[?year=2025-26]
 *       every PCN of the ICB (as `pcnops entitlements --icb CODE --json`)
 * The year defaults to today's, or the latest the rules have.  A PCN's
 * funding is a shared figure of the PCN (perm_read_pcn); an ICB's needs
 * perm_read_icb.  Refusals are 404 and audited. */
#include "common.h"
#include "arrs.h"
#include "entitle.h"
#include "funding.h"
#include "fundview.h"
#include "pages.h"
#include "perm.h"
#include "registry.h"
#include "rules.h"

/* ?explain=1, ?explain=true: on; absent, 0 or false: off. */
static bool flag(struct ctx *c, const char *name)
{
    const char *v = http_query(c->q, name);
    return v && strcmp(v, "0") != 0 && strcmp(v, "false") != 0;
}

/* The rules year asked for; NULL with the error answered. */
static const struct rules_year *year_or_error(struct ctx *c)
{
    struct pcn_msg m = {0};
    const struct rules *r = web_rules(c, &m);
    if (!r) {
        api_error(c, 500, "the rules cannot be read");
        return NULL;
    }
    bool fallback;
    fy_t fy = arrs_default_year(r, c->today, &fallback);
    const char *s = http_query(c->q, "year");
    if (s && fy_parse(s, &fy)) {
        api_error(c, 400, "year: give a financial year like 2025-26");
        return NULL;
    }
    const struct rules_year *y = rules_year(r, fy);
    if (!y) {
        char name[8];
        fy_format(fy, name);
        api_error(c, 404, arena_printf(c->a, "the rules have no year %s", name));
    }
    return y;
}

void api_pcn_entitlements(struct ctx *c)
{
    struct pcn_msg m = {0};
    struct ent_input in;
    struct ent_result res;
    const char *code = c->params[0];
    if (!perm_read_pcn(c, code)) {
        perm_denied(c, "pcn", code);
        api_error(c, 404, "not found");
        return;
    }
    const struct rules_year *y = year_or_error(c);
    if (!y)
        return;
    int rc = funding_compute(c->db, web_rules(c, &m), code, y->fy, c->a, &in, &res, &m);
    if (rc == PCN_ENOTFOUND) {
        api_error(c, 404, m.text);
        return;
    }
    if (funding_no_members(rc, &in)) {
        api_error(c, 404, "the PCN has no member practices on the year's population date");
        return;
    }
    if (rc) {
        api_error(c, 500, m.text[0] ? m.text : "the store failed");
        return;
    }
    api_json(c, 200, fundview_entitlements(&res, y, flag(c, "practices"), flag(c, "explain")));
}

struct walk {
    const struct rules_year *y;
    json_t *list;
    pence_t total, up_to;
    long estimates;
};

static int one(void *ctx, const struct ent_result *r, struct pcn_msg *m)
{
    struct walk *w = ctx;
    (void)m;
    w->total += r->total;
    w->up_to += r->maxima_total;
    w->estimates += r->estimate;
    json_array_append_new(w->list, fundview_entitlements(r, w->y, false, false));
    return 0;
}

void api_icb_entitlements(struct ctx *c)
{
    struct pcn_msg m = {0};
    const char *code = c->params[0];
    enum org_kind kind;
    if (!perm_read_icb(c, code)) {
        perm_denied(c, "icb", code);
        api_error(c, 404, "not found");
        return;
    }
    if (registry_kind(c->db, code, &kind, &m) || kind != ORG_ICB) {
        api_error(c, 404, "not found");
        return;
    }
    const struct rules_year *y = year_or_error(c);
    if (!y)
        return;
    struct walk w = {.y = y, .list = json_array()};
    long skipped;
    if (funding_each_pcn(c->db, code, y->fy, web_rules(c, &m), one, &w, &skipped, &m)) {
        json_decref(w.list);
        api_error(c, 500, "the store failed");
        return;
    }
    api_json(c, 200, fundview_many(y->fy, y, code, w.list, w.total, w.up_to, w.estimates));
}

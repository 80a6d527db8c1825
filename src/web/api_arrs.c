/* api_arrs.c: the ARRS JSON API, the same JSON as `pcnops arrs ... --json`.
 *   GET /api/v1/pcns/CODE/arrs/forecast[?year=2025-26]   the year's position
 *   GET /api/v1/pcns/CODE/arrs/staff                      the register (pay only
 *       for the PCN's managers and clinical director, audited)
 *   GET /api/v1/pcns/CODE/arrs/claims?month=YYYY-MM | ?year=  claim lines
 *       (managers and clinical director only, audited) */
#include "common.h"
#include "apiweb.h"
#include "arrsview.h"
#include "audit.h"
#include "pages.h"
#include "perm.h"
#include "rules.h"
#include "staff.h"
#include "override.h"

static const char *allowed(struct ctx *c, bool pay)
{
    const char *code = c->params[0];
    if (pay ? perm_read_salaries(c, code) : perm_read_pcn(c, code))
        return code;
    perm_denied(c, pay ? "arrs-pay" : "pcn", code);
    api_error(c, 404, "not found");
    return NULL;
}

static bool year_of(struct ctx *c, fy_t *fy)
{
    const char *s = http_query(c->q, "year");
    *fy = fy_of(c->today);
    if (s && fy_parse(s, fy)) {
        api_error(c, 400, "year: give a financial year like 2025-26");
        return false;
    }
    return true;
}

void api_arrs_forecast(struct ctx *c)
{
    struct pcn_msg m = {0};
    struct arrs_forecast f;
    bool est;
    fy_t fy;
    const char *code = allowed(c, false);
    const struct rules *r;
    if (!code || !year_of(c, &fy) || !(r = api_rules(c)))
        return;
    int rc = staff_position(c->db, r, code, fy, c->today, c->a, &f, &est, &m);
    if (apiweb_failed(c, rc, &m))
        return;
    api_json(c, 200, arrsview_forecast(&f, est));
}

void api_arrs_staff(struct ctx *c)
{
    struct pcn_msg m = {0};
    struct staff *s;
    size_t n;
    const char *code = allowed(c, false);
    if (!code)
        return;
    if (staff_list(c->db, code, DATE_NONE, c->a, &s, &n, &m)) {
        api_error(c, 500, "the store failed");
        return;
    }
    bool pay = perm_read_salaries(c, code);
    if (pay)
        audit_ctx(c, "staff-view", "pcn", code, json_pack("{s:s}", "via", "api"));
    api_json(c, 200, arrsview_staff_list(s, n, pay));
}

void api_arrs_claims(struct ctx *c)
{
    struct pcn_msg m = {0};
    struct staff *posts;
    struct claim_rec *recs;
    size_t n, nrec;
    fy_t fy;
    int year = 0, month = 0;
    const char *code = allowed(c, true);
    const struct rules *r;
    if (!code || !year_of(c, &fy) || !(r = api_rules(c)))
        return;
    const char *ms = http_query(c->q, "month");
    if (ms) {
        int64_t y, mo;
        if (strlen(ms) != 7 || ms[4] != '-' || parse_i64n(ms, 4, 1800, 2999, &y) ||
            parse_i64n(ms + 5, 2, 1, 12, &mo)) {
            api_error(c, 400, "month: give a month as YYYY-MM");
            return;
        }
        year = (int)y;
        month = (int)mo;
        fy = fy_of(date_from_ymd(year, month, 1));
    }
    if (staff_list(c->db, code, fy_start(fy), c->a, &posts, &n, &m) ||
        claims_list(c->db, code, fy, year, month, c->a, &recs, &nrec, &m)) {
        api_error(c, 500, "the store failed");
        return;
    }
    const struct rules *lr = r;
    if (override_rules(c->db, r, code, fy_start(fy), c->a, &lr, &m)) {
        api_error(c, 500, "the store failed");
        return;
    }
    audit_ctx(c, "claims-view", "pcn", code, json_pack("{s:s}", "via", "api"));
    json_t *lines = json_array();
    pence_t total = 0;
    for (int k = 0; k < 12; k++) {
        int y = k < 9 ? fy : fy + 1, mo = k < 9 ? k + 4 : k - 8;
        if (month && (y != year || mo != month))
            continue;
        for (size_t i = 0; i < n; i++) {
            struct arrs_post p;
            struct arrs_claim cl;
            staff_post(&posts[i], &p);
            if (arrs_claim_month(lr, &p, y, mo, c->a, &cl, &m)) {
                api_error(c, 400, m.text);
                json_decref(lines);
                return;
            }
            if (cl.days == 0)
                continue;
            const struct claim_rec *rec = NULL;
            for (size_t j = 0; j < nrec; j++)
                if (recs[j].staff_id == posts[i].id && recs[j].year == y && recs[j].month == mo)
                    rec = &recs[j];
            json_array_append_new(lines, arrsview_claim_line(&posts[i], &cl, rec,
                                                             http_query(c->q, "explain") != NULL));
            if (cl.known)
                total += cl.claim;
        }
    }
    api_json(c, 200,
             json_pack("{s:s,s:o,s:o,s:I}", "pcn", code, "month",
                       ms ? json_string(ms) : json_null(), "lines", lines, "total_pence",
                       (json_int_t)total));
}

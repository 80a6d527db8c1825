/* api_registry.c: the registry's JSON API under /api/v1/, in the same JSON
 * as the CLI's --json (regview.h).  Lists are filtered to what the user may
 * read; a single record outside the user's organisations is 404. */
#include "common.h"
#include "jsonfmt.h"
#include "auth.h"
#include "pages.h"
#include "perm.h"
#include "registry.h"
#include "regview.h"

void api_json(struct ctx *c, int status, json_t *j)
{
    http_resp_start(c->r, status, "application/json");
    if (!j) {
        c->r->status = 500;
        BUF_LIT(&c->r->body, "{\"error\":{\"status\":500,\"message\":\"out of memory\"}}");
        return;
    }
    char *text = json_dumps(j, JSON_COMPACT | PCN_JSON_DUMP);
    json_decref(j);
    if (text) {
        buf_adds(&c->r->body, text);
        buf_addc(&c->r->body, '\n');
        free(text);
    }
}

void api_error(struct ctx *c, int status, const char *message)
{
    api_json(c, status, json_pack("{s:{s:i,s:s}}", "error", "status", status, "message", message));
}

const struct rules *api_rules(struct ctx *c)
{
    struct pcn_msg m = {0};
    const struct rules *r = web_rules(c, &m);
    if (!r)
        api_error(c, 500, "the rules cannot be read");
    return r;
}

static void store_failed(struct ctx *c, int rc, const struct pcn_msg *m)
{
    if (rc == PCN_ENOTFOUND) {
        api_error(c, 404, "not found");
        return;
    }
    fprintf(stderr, "pcnops: %s %s: %s\n", c->q->method, c->q->path, m->text);
    api_error(c, 500, "the store failed");
}

/* ?on=YYYY-MM-DD, default today; false (and a 400) when malformed. */
static bool date_param(struct ctx *c, date_t *on)
{
    const char *s = http_query(c->q, "on");
    *on = c->today;
    if (s && date_parse_iso(s, strlen(s), on)) {
        api_error(c, 400, "on: give a date as YYYY-MM-DD");
        return false;
    }
    return true;
}

void api_me(struct ctx *c)
{
    const struct user *u = c->user;
    api_json(c, 200,
             json_pack("{s:I,s:s,s:s,s:s,s:o}", "id", (json_int_t)u->id, "email", u->email, "name",
                       u->name, "role", role_name(u->role), "org", jv_str(u->org)));
}

void api_icbs(struct ctx *c)
{
    struct pcn_msg m = {0};
    struct icb_row *rows;
    size_t n, k = 0;
    date_t on;
    int rc;

    if (!date_param(c, &on))
        return;
    if ((rc = registry_list_icbs(c->db, on, c->a, &rows, &n, &m))) {
        store_failed(c, rc, &m);
        return;
    }
    for (size_t i = 0; i < n; i++)
        if (perm_read_icb(c, rows[i].code))
            rows[k++] = rows[i];
    api_json(c, 200, regview_icbs(rows, k));
}

void api_icb(struct ctx *c)
{
    struct pcn_msg m = {0};
    struct icb_detail d;
    const char *code = c->params[0];
    date_t on;
    int rc;

    if (!perm_read_icb(c, code)) {
        perm_denied(c, "icb", code);
        api_error(c, 404, "not found");
        return;
    }
    if (!date_param(c, &on))
        return;
    if ((rc = registry_icb(c->db, code, on, c->a, &d, &m))) {
        store_failed(c, rc, &m);
        return;
    }
    api_json(c, 200, regview_icb(&d));
}

void api_pcns(struct ctx *c)
{
    struct pcn_msg m = {0};
    struct pcn_row *rows;
    size_t n, k = 0;
    const char *icb = http_query(c->q, "icb");
    date_t on;
    int rc;

    if (icb && !perm_read_icb(c, icb)) {
        perm_denied(c, "icb", icb);
        api_error(c, 404, "not found");
        return;
    }
    if (!date_param(c, &on))
        return;
    if ((rc = registry_list_pcns(c->db, icb, on, c->a, &rows, &n, &m))) {
        store_failed(c, rc, &m);
        return;
    }
    for (size_t i = 0; i < n; i++)
        if (perm_read_pcn(c, rows[i].code))
            rows[k++] = rows[i];
    api_json(c, 200, regview_pcns(rows, k));
}

void api_pcn(struct ctx *c)
{
    struct pcn_msg m = {0};
    struct pcn_detail d;
    const char *code = c->params[0];
    date_t on;
    int rc;

    if (!perm_read_pcn(c, code)) {
        perm_denied(c, "pcn", code);
        api_error(c, 404, "not found");
        return;
    }
    if (!date_param(c, &on))
        return;
    if ((rc = registry_pcn(c->db, code, on, c->a, &d, &m))) {
        store_failed(c, rc, &m);
        return;
    }
    api_json(c, 200, regview_pcn(&d));
}

void api_pcn_history(struct ctx *c)
{
    struct pcn_msg m = {0};
    struct reg_event *ev;
    size_t n;
    const char *code = c->params[0];
    int rc;

    if (!perm_read_pcn(c, code)) {
        perm_denied(c, "pcn", code);
        api_error(c, 404, "not found");
        return;
    }
    if ((rc = registry_pcn_history(c->db, code, c->a, &ev, &n, &m))) {
        store_failed(c, rc, &m);
        return;
    }
    api_json(c, 200, regview_history(ev, n));
}

void api_practice(struct ctx *c)
{
    struct pcn_msg m = {0};
    struct practice_detail d;
    const char *code = c->params[0];
    date_t on;
    int rc;

    if (!perm_read_practice(c, code)) {
        perm_denied(c, "practice", code);
        api_error(c, 404, "not found");
        return;
    }
    if (!date_param(c, &on))
        return;
    if ((rc = registry_practice(c->db, code, on, c->a, &d, &m))) {
        store_failed(c, rc, &m);
        return;
    }
    api_json(c, 200, regview_practice(&d));
}

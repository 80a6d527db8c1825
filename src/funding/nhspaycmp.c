#include "common.h"
#include "nhspay.h"
#include "buf.h"
#include "db.h"
#include "funding.h"
#include "jsonfmt.h"
#include "layers.h"
#include "override.h"
#include "rules.h"

/* ---- the comparison -------------------------------------------------------- */

static void reason(struct nhspay_row *r, const char *text)
{
    if (r->nreasons < NHSPAY_REASONS)
        r->reasons[r->nreasons++] = text;
}

static const char *const R_ARREARS =
    "Arrears: the file counts cash paid from 1 April to 31 March, and a monthly payment made in "
    "arrears puts the last month of the year before in this year's cash and this March in the "
    "next year's.";
static const char *const R_BACKDATING =
    "Backdating: an uplift or a correction agreed during the year is paid back to April in a "
    "later month, and may fall in the next year's cash.";
static const char *const R_LOCAL =
    "A local variation: the ICB's variation or the PCN's own figure applies this year, and the "
    "file shows what was paid under it.";
static const char *const R_MAXIMUM =
    "A maximum, not a payment: the rules give the most that can be reimbursed; the difference "
    "is the part not claimed, or claimed and not yet paid.";
static const char *const R_NO_PAYEE =
    "No practice in the file received it: it went to a payee that is not a practice (a "
    "federation, a GP provider company or an NHS trust), which the practice-level file leaves "
    "out, or nothing was paid in the year.";

/* The reasons a stream's own lines show: no payee, a payee that is not a
 * practice, several payees. */
static void line_reasons(const struct nhspay_paid *paid, const struct nhspay_stream *s,
                         struct arena *a, struct nhspay_row *r)
{
    if (s->npayees == 0 && !s->map->to_practice && paid->layout &&
        !strcmp(paid->layout, "practice"))
        reason(r, R_NO_PAYEE);
    const char *odd = NULL;
    for (size_t k = 0; k < s->nlines; k++)
        if (s->lines[k].amount != 0 && strcmp(s->lines[k].payee_type, "GP practice") != 0 &&
            strcmp(s->lines[k].payee_type, "PCN") != 0)
            odd = arena_printf(a, "Paid to %s, a '%s', not a GP practice.", s->lines[k].payee,
                               s->lines[k].payee_type);
    if (odd)
        reason(r, odd);
    if (s->npayees > 1 && !s->map->to_practice) {
        struct buf b;
        buf_init(&b, 256);
        for (size_t k = 0, j = 0; k < s->nlines; k++)
            if (s->lines[k].amount != 0) {
                buf_adds(&b, j++ ? ", " : "");
                buf_adds(&b, s->lines[k].payee);
            }
        reason(r, arena_printf(a,
                               "Paid to %zu payees (%s): the PCN changed its nominated "
                               "payee during the year, or its practices' networks merged.",
                               s->npayees, b.buf));
        buf_release(&b);
    }
}

/* The streams worked out that the file has no column for. */
static void unpaid_streams(const struct ent_result *res, struct nhspay_cmp *out)
{
    for (size_t i = 0; i < res->nstreams; i++) {
        const struct ent_stream *e = &res->streams[i];
        bool seen = false;
        for (size_t k = 0; k < out->nrows; k++)
            seen |= !strcmp(out->rows[k].stream, e->rule->id);
        if (seen)
            continue;
        struct nhspay_row *r = &out->rows[out->nrows++];
        r->stream = e->rule->id;
        r->name = e->rule->name;
        r->has_worked = true;
        r->worked = e->annual;
        r->maximum = e->rule->kind == STREAM_MAXIMUM;
        reason(r, "The file has no column for this stream.");
    }
}

void nhspay_compare(const struct nhspay_paid *paid, const struct ent_result *res, bool layered,
                    struct arena *a, struct nhspay_cmp *out)
{
    memset(out, 0, sizeof *out);
    out->fy = paid->fy;
    out->rules = res != NULL;
    size_t cap = paid->nstreams + (res ? res->nstreams : 0) + 1;
    out->rows = arena_zalloc(a, cap * sizeof *out->rows);
    for (size_t i = 0; i < paid->nstreams; i++) {
        const struct nhspay_stream *s = &paid->streams[i];
        const struct ent_stream *e = NULL;
        const char *key = s->map->stream;
        if (res) {
            e = entitle_stream(res, s->map->stream);
            if (!e && *s->map->fallback && (e = entitle_stream(res, s->map->fallback)))
                key = s->map->fallback;
        }
        struct nhspay_row *r = NULL;
        for (size_t k = 0; k < out->nrows; k++)
            if (!strcmp(out->rows[k].stream, key))
                r = &out->rows[k];
        if (!r) {
            r = &out->rows[out->nrows++];
            r->stream = key;
            r->name = e ? e->rule->name : s->map->name;
            r->columns = s->map->column;
            r->has_paid = true;
            if (e) {
                r->has_worked = true;
                r->worked = e->annual;
                r->maximum = e->rule->kind == STREAM_MAXIMUM;
            }
        } else {
            r->columns = arena_printf(a, "%s and %s", r->columns, s->map->column);
        }
        r->paid += s->paid;
        out->paid_total += s->paid;
        line_reasons(paid, s, a, r);
    }
    if (res)
        unpaid_streams(res, out);
    for (size_t k = 0; k < out->nrows; k++) {
        struct nhspay_row *r = &out->rows[k];
        if (!(r->has_paid && r->has_worked))
            continue;
        r->difference = r->paid - r->worked;
        if (!r->maximum) {
            out->worked_total += r->worked;
            out->paid_beside += r->paid;
        }
        if (r->difference == 0)
            continue;
        if (r->maximum)
            reason(r, R_MAXIMUM);
        reason(r, R_ARREARS);
        reason(r, R_BACKDATING);
        if (layered)
            reason(r, R_LOCAL);
    }
    out->notes[out->nnotes++] =
        "NHS Payments to General Practice counts cash paid in the financial year, not what the "
        "year earned.";
    if (!res)
        out->notes[out->nnotes++] =
            "PCN Ops has no figures of its own for this year, so the paid figures stand alone.";
    if (layered)
        out->notes[out->nnotes++] = R_LOCAL;
}

int nhspay_gather(struct db *db, const struct rules *r, const char *rules_dir, const char *pcn,
                  fy_t fy, const struct ent_result *res, struct arena *a, struct nhspay_view *out,
                  struct pcn_msg *m)
{
    int rc;
    memset(out, 0, sizeof *out);
    if ((rc = nhspay_map_load(rules_dir, a, &out->map, m)))
        return rc;
    if ((rc = nhspay_pcn(db, &out->map, pcn, fy, a, &out->paid, m)))
        return rc;
    const char *why = NULL;
    if (!res) {
        const struct rules_year *y = r ? rules_year(r, fy) : NULL;
        if (!y || y->missing) {
            char fyl[8];
            fy_format(fy, fyl);
            why = arena_printf(a, "The rules in rules/ do not hold %s.", fyl);
        } else {
            struct ent_input *in = arena_zalloc(a, sizeof *in);
            struct ent_result *er = arena_zalloc(a, sizeof *er);
            struct pcn_msg em = {0};
            rc = funding_compute(db, r, pcn, fy, a, in, er, &em);
            if (!rc)
                res = er;
            else if (funding_no_members(rc, in) || rc == PCN_ENOTFOUND)
                why = "PCN Ops cannot work out this year: the registry has no member practices of "
                      "the PCN on the year's population date.";
            else
                return msg_set(m, rc, "%s", em.text);
        }
    }
    nhspay_compare(&out->paid, res, nhspay_layered(db, pcn, fy, a), a, &out->cmp);
    if (why && out->cmp.nnotes < NHSPAY_REASONS)
        out->cmp.notes[out->cmp.nnotes++] = why;
    return 0;
}

/* ---- JSON ------------------------------------------------------------------ */

static json_t *jpence(bool known, pence_t v)
{
    return known ? json_integer(v) : json_null();
}

json_t *nhspay_json(const struct nhspay_paid *paid, const struct nhspay_cmp *cmp)
{
    char fyl[8];
    fy_format(paid->fy, fyl);
    json_t *rows = json_array();
    for (size_t k = 0; k < cmp->nrows; k++) {
        const struct nhspay_row *r = &cmp->rows[k];
        json_t *why = json_array();
        for (size_t i = 0; i < r->nreasons; i++)
            json_array_append_new(why, json_string(r->reasons[i]));
        json_t *j = json_object();
        json_object_set_new(j, "stream", json_string(r->stream));
        json_object_set_new(j, "name", json_string(r->name));
        json_object_set_new(j, "columns", r->columns ? json_string(r->columns) : json_null());
        json_object_set_new(j, "paid_pence", jpence(r->has_paid, r->paid));
        json_object_set_new(j, "worked_out_pence", jpence(r->has_worked, r->worked));
        json_object_set_new(j, "worked_out_is",
                            json_string(!r->has_worked ? "not worked out"
                                        : r->maximum   ? "maximum"
                                                       : "payment"));
        json_object_set_new(j, "difference_pence",
                            jpence(r->has_paid && r->has_worked, r->difference));
        json_object_set_new(j, "reasons", why);
        json_array_append_new(rows, j);
    }
    json_t *lines = json_array();
    for (size_t i = 0; i < paid->nstreams; i++)
        for (size_t k = 0; k < paid->streams[i].nlines; k++) {
            const struct nhspay_line *l = &paid->streams[i].lines[k];
            json_array_append_new(lines,
                                  json_pack("{s:s,s:s,s:s,s:s,s:I,s:I}", "column", l->column,
                                            "stream", paid->streams[i].map->stream, "payee",
                                            l->payee, "payee_type", l->payee_type, "amount_pence",
                                            (json_int_t)l->amount, "line", (json_int_t)l->line));
        }
    json_t *notes = json_array();
    for (size_t i = 0; i < cmp->nnotes; i++)
        json_array_append_new(notes, json_string(cmp->notes[i]));
    json_t *j = json_object();
    json_object_set_new(j, "pcn", json_string(paid->pcn));
    json_object_set_new(j, "year", json_string(fyl));
    json_object_set_new(j, "basis", json_string("cash paid in the financial year"));
    json_object_set_new(j, "source", json_string(paid->source ? paid->source : ""));
    json_object_set_new(j, "layout", json_string(paid->layout ? paid->layout : ""));
    json_object_set_new(j, "rules_hold_year", json_boolean(cmp->rules));
    json_object_set_new(j, "paid_total_pence", json_integer(cmp->paid_total));
    json_object_set_new(j, "worked_out_payments_pence",
                        cmp->rules ? json_integer(cmp->worked_total) : json_null());
    json_object_set_new(j, "paid_beside_them_pence",
                        cmp->rules ? json_integer(cmp->paid_beside) : json_null());
    json_object_set_new(j, "streams", rows);
    json_object_set_new(j, "notes", notes);
    json_object_set_new(j, "lines", lines);
    return j;
}

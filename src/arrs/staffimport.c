#include "common.h"
#include "staff.h"
#include "staffdb.h"
#include "audit.h"
#include "buf.h"
#include "db.h"
#include "ods.h"
#include "registry.h"
#include "strmap.h"

/* ---- imports ------------------------------------------------------------ */

/* staff_check's "field: words" as the importer's "FILE:LINE: field F: words". */
static int row_error(struct pcn_msg *m, const char *file, long line, const char *field)
{
    char words[LIMIT_MSG_BYTES];
    const char *colon = strstr(m->text, ": ");
    snprintf(words, sizeof words, "%s", colon ? colon + 2 : m->text);
    return import_field_error(m, file, line, field ? field : "?", "%s", words);
}

enum {
    S_PCN,
    S_ID,
    S_NAME,
    S_ROLE,
    S_WTE,
    S_START,
    S_END,
    S_ZONE,
    S_COST,
    S_BAND,
    S_POINT,
    S_EMPLOYMENT,
    S_SUPERVISOR,
    S_NCOLS
};

struct staff_parse {
    struct db *db;
    const struct rules *r;
    const struct import_src *src;
    struct import_result *res;
    time_t now;
    struct csv_col cols[S_NCOLS];
    struct arena a;
    struct arena keys_arena;
    struct strmap keys; /* "pcn|staff_id|role" -> first line */
    long added, updated;
};

static const char *cell(const struct staff_parse *p, const struct csv_record *rec, int c)
{
    int i = p->cols[c].idx;
    return i >= 0 ? rec->f[i].p : "";
}

/* The row's cells into the post s and its first terms t. */
static int row_cells(struct staff_parse *p, const struct csv_record *rec, struct staff *s,
                     struct arrs_terms *t, struct pcn_msg *m)
{
    const char *file = p->src->name;
    const char *v;
    s->pcn = cell(p, rec, S_PCN);
    if (!ods_is_pcn(s->pcn, strlen(s->pcn)))
        return import_field_error(m, file, rec->line, "pcn_code", "'%s' is not a PCN code (%s)",
                                  s->pcn, ods_format_hint(ORG_PCN));
    if (p->src->only_pcn && strcmp(s->pcn, p->src->only_pcn) != 0)
        return import_field_error(m, file, rec->line, "pcn_code",
                                  "%s is not %s: a PCN imports only its own staff", s->pcn,
                                  p->src->only_pcn);
    s->ref = *cell(p, rec, S_ID) ? cell(p, rec, S_ID) : NULL;
    s->name = cell(p, rec, S_NAME);
    s->role = cell(p, rec, S_ROLE);
    v = cell(p, rec, S_WTE);
    if (fixed_parse(v, strlen(v), 4, 1, WTE_WHOLE, &t->wte_e4))
        return import_field_error(m, file, rec->line, "wte",
                                  "'%s' is not a WTE above 0 and at most 1.0", v);
    v = cell(p, rec, S_START);
    if (date_parse_iso(v, strlen(v), &s->start))
        return import_field_error(m, file, rec->line, "start_date",
                                  "'%s' is not a date (YYYY-MM-DD)", v);
    v = cell(p, rec, S_END);
    s->end = DATE_NONE;
    if (*v && date_parse_iso(v, strlen(v), &s->end))
        return import_field_error(m, file, rec->line, "end_date",
                                  "'%s' is not a date (YYYY-MM-DD), or empty while in post", v);
    v = cell(p, rec, S_ZONE);
    s->zone = AREA_NATIONAL;
    if (*v && arrs_zone_parse(v, &s->zone))
        return import_field_error(m, file, rec->line, "zone",
                                  "'%s' is not national, outer_london or inner_london", v);
    v = cell(p, rec, S_COST);
    if (*v) {
        if (money_parse(v, strlen(v), &t->cost) || t->cost < 0)
            return import_field_error(m, file, rec->line, "annual_cost",
                                      "'%s' is not an amount in pounds, like 52000 or 52000.50", v);
        t->has_cost = true;
    }
    v = cell(p, rec, S_BAND);
    t->band = *v ? v : NULL;
    v = cell(p, rec, S_POINT);
    if (*v) {
        if (arrs_pay_point_parse(v, &t->point))
            return import_field_error(m, file, rec->line, "pay_point",
                                      "'%s' is not single, entry, intermediate or top", v);
        t->has_point = true;
    }
    if (!t->has_cost && !t->has_point)
        return import_field_error(m, file, rec->line, "annual_cost",
                                  "give the annual cost, or a band and pay point");
    v = cell(p, rec, S_EMPLOYMENT);
    if (*v && arrs_employment_parse(v, &s->employment))
        return import_field_error(m, file, rec->line, "employment",
                                  "'%s' is not employed, lead_practice, subcontracted or "
                                  "mhp_shared",
                                  v);
    v = cell(p, rec, S_SUPERVISOR);
    s->supervisor = *v ? v : NULL;
    t->from = s->start;
    s->terms = t;
    s->nterms = 1;
    return 0;
}

/* The post's id when the store already holds it (by PCN, staff id and
 * role), else 0. */
static int post_id(struct db *db, const struct staff *s, int64_t *id, struct pcn_msg *m)
{
    struct db_stmt *st;
    int rc = db_cached(db,
                       "SELECT id FROM arrs_staff WHERE pcn_code = ? AND staff_ref = ? AND "
                       "role_code = ?",
                       &st, m);
    if (rc)
        return rc;
    db_bind_text(st, 1, s->pcn);
    db_bind_text(st, 2, s->ref);
    db_bind_text(st, 3, s->role);
    rc = db_step(st, m);
    *id = rc == 1 ? db_col_int(st, 0) : 0;
    db_reset(st);
    return rc < 0 ? rc : 0;
}

/* The post already in the store updated, with its terms. */
static int post_update(struct staff_parse *p, const struct staff *s, const struct arrs_terms *t,
                       struct pcn_msg *m)
{
    struct db_stmt *st;
    int rc;
    if ((rc = db_cached(p->db,
                        "UPDATE arrs_staff SET name = ?, employment = ?, zone = ?, start_date = ?, "
                        "end_date = ?, supervisor_name = ?, updated_at = ? WHERE id = ?",
                        &st, m)))
        return rc;
    db_bind_text(st, 1, s->name);
    db_bind_text(st, 2, arrs_employment_name(s->employment));
    db_bind_text(st, 3, rule_area_name(s->zone));
    db_bind_date(st, 4, s->start);
    db_bind_date(st, 5, s->end);
    db_bind_text(st, 6, s->supervisor);
    db_bind_int(st, 7, (int64_t)p->now);
    db_bind_int(st, 8, s->id);
    if ((rc = db_run(st, m)) || (rc = staff_insert_terms(p->db, s->id, t, m)))
        return rc;
    return 0;
}

static int staff_row(struct staff_parse *p, const struct csv_record *rec, struct pcn_msg *m)
{
    const char *file = p->src->name;
    struct staff s = {0};
    struct arrs_terms *t = arena_zalloc(&p->a, sizeof *t);
    int64_t n;
    int rc;

    if ((rc = row_cells(p, rec, &s, t, m)))
        return rc;
    /* A post appears once in a file. */
    if (s.ref) {
        char *key = arena_printf(&p->keys_arena, "%s|%s|%s", s.pcn, s.ref, s.role);
        void *first = strmap_get(&p->keys, key);
        if (first)
            return import_field_error(m, file, rec->line, "staff_id",
                                      "%s as %s is listed twice (first on line %ld)", s.ref, s.role,
                                      (long)(intptr_t)first);
        strmap_put(&p->keys, key, (void *)(intptr_t)rec->line);
    }

    /* The same post already in the store is updated. */
    if ((rc = post_id(p->db, &s, &s.id, m)))
        return rc;
    const char *field = NULL;
    if ((rc = staff_check(p->db, p->r, &s, &field, m)))
        return rc == PCN_EINVAL ? row_error(m, file, rec->line, field) : rc;
    if (!s.id) {
        if ((rc = staff_insert_post(p->db, &s, p->now, &n, m)))
            return rc;
        p->added++;
        return 0;
    }
    if ((rc = post_update(p, &s, t, m)))
        return rc;
    p->updated++;
    return 0;
}

static int staff_record(void *ctx, const struct csv_record *rec, struct pcn_msg *m)
{
    struct staff_parse *p = ctx;
    if (rec->index == 0) {
        static const struct csv_col cols[S_NCOLS] = {
            [S_PCN] = {"pcn_code", true, -1},
            [S_ID] = {"staff_id", true, -1},
            [S_NAME] = {"name", true, -1},
            [S_ROLE] = {"role", true, -1},
            [S_WTE] = {"wte", true, -1},
            [S_START] = {"start_date", true, -1},
            [S_END] = {"end_date", true, -1},
            [S_ZONE] = {"zone", true, -1},
            [S_COST] = {"annual_cost", true, -1},
            [S_BAND] = {"band", false, -1},
            [S_POINT] = {"pay_point", false, -1},
            [S_EMPLOYMENT] = {"employment", false, -1},
            [S_SUPERVISOR] = {"supervisor", false, -1},
        };
        memcpy(p->cols, cols, sizeof cols);
        return csv_map_header(rec, p->cols, S_NCOLS, p->src->name, m);
    }
    p->res->rows++;
    int rc = staff_row(p, rec, m);
    arena_reset(&p->a);
    return rc;
}

int staff_import_csv(struct db *db, const struct rules *r, const struct import_src *src, time_t now,
                     struct import_result *res, struct pcn_msg *m)
{
    struct staff_parse p = {.db = db, .r = r, .src = src, .res = res, .now = now};
    struct csv_reader rd;
    int rc;

    arena_init(&p.a, 16 * 1024);
    arena_init(&p.keys_arena, 16 * 1024);
    strmap_init(&p.keys);
    csv_init(&rd, src->name, staff_record, &p);
    /* Rows are checked against the store as they are written, inside one
     * transaction, so a bad row anywhere leaves the store as it was. */
    if ((rc = db_begin(db, m)))
        goto out;
    rc = import_src_read_csv(src, &rd, m);
    if (!rc && csv_records(&rd) == 0)
        rc = msg_set(m, PCN_EINVAL, "%s: the file is empty", src->name);
    else if (!rc && res->rows == 0)
        rc = msg_set(m, PCN_EINVAL, "%s: no staff after the header line", src->name);
    if (!rc) {
        res->written = p.added + p.updated;
        snprintf(res->summary, sizeof res->summary,
                 "Staff: %ld rows, %ld posts added, %ld updated.", res->rows, p.added, p.updated);
    }
    rc = import_end(db, src, res, rc, m);
out:
    csv_release(&rd);
    strmap_release(&p.keys);
    arena_release(&p.keys_arena);
    arena_release(&p.a);
    return rc;
}

/* The workforce file's roles -> ARRS role ids ("" for none). */
struct role_map {
    struct strmap map;
    struct arena *a;
};

static int map_record(void *ctx, const struct csv_record *rec, struct pcn_msg *m)
{
    struct role_map *rm = ctx;
    if (rec->index == 0) {
        if (rec->nfields < 2 || !csv_header_eq(rec->f[0].p, rec->f[0].len, "detailed_staff_role") ||
            !csv_header_eq(rec->f[1].p, rec->f[1].len, "arrs_role"))
            return msg_set(m, PCN_EINVAL,
                           "workforce_roles.csv:1: the header must start detailed_staff_role,"
                           "arrs_role");
        return 0;
    }
    strmap_put(&rm->map, arena_strdup(rm->a, rec->f[0].p), arena_strdup(rm->a, rec->f[1].p));
    return 0;
}

enum { W_SOURCE, W_YEAR, W_MONTH, W_PCN, W_ROLE, W_FTE, W_ID, W_NCOLS };

struct wf_post {
    const char *pcn, *id, *role;
    int64_t wte_e4;
    bool contracted;
    long line;
};

struct wf_parse {
    const struct import_src *src;
    struct arena *a;
    struct role_map *roles;
    const char *only_pcn;
    struct csv_col cols[W_NCOLS];
    struct strmap posts; /* "pcn|id|role" -> struct wf_post */
    struct wf_post **order;
    size_t n, cap;
    date_t census;
    long rows, pcn_rows, not_arrs, no_id;
};

static int wf_record(void *ctx, const struct csv_record *rec, struct pcn_msg *m)
{
    struct wf_parse *p = ctx;
    const char *file = p->src->name;
    if (rec->index == 0) {
        static const struct csv_col cols[W_NCOLS] = {
            [W_SOURCE] = {"Data_source", true, -1},       [W_YEAR] = {"CENSUS_YEAR", true, -1},
            [W_MONTH] = {"CENSUS_MONTH", true, -1},       [W_PCN] = {"PCN_CODE", true, -1},
            [W_ROLE] = {"DETAILED_STAFF_ROLE", true, -1}, [W_FTE] = {"FTE", true, -1},
            [W_ID] = {"UNIQUE_IDENTIFIER", true, -1},
        };
        memcpy(p->cols, cols, sizeof cols);
        return csv_map_header(rec, p->cols, W_NCOLS, file, m);
    }
#define F(c) (&rec->f[p->cols[c].idx])
    p->rows++;
    const struct csv_field *pcn = F(W_PCN), *id = F(W_ID), *role = F(W_ROLE), *fte = F(W_FTE);
    if (!ods_is_pcn(pcn->p, pcn->len))
        return import_field_error(m, file, rec->line, "PCN_CODE", "'%s' is not a PCN code", pcn->p);
    int64_t y, mo, raw;
    if (parse_i64n(F(W_YEAR)->p, F(W_YEAR)->len, 2000, 2999, &y) ||
        parse_i64n(F(W_MONTH)->p, F(W_MONTH)->len, 1, 12, &mo))
        return import_field_error(m, file, rec->line, "CENSUS_MONTH",
                                  "'%s-%s' is not a census year and month", F(W_YEAR)->p,
                                  F(W_MONTH)->p);
    date_t census = date_from_ymd((int)y, (int)mo, 1);
    if (p->census == DATE_NONE)
        p->census = census;
    else if (census != p->census)
        return import_field_error(m, file, rec->line, "CENSUS_MONTH",
                                  "a second census month; a file holds one census");
    /* FTE is written with up to 9 decimals (0.986666667): to the nearest
     * ten-thousandth of a WTE. */
    if (fixed_parse(fte->p, fte->len, 9, 0, 10 * 1000000000LL, &raw))
        return import_field_error(m, file, rec->line, "FTE", "'%s' is not a number of FTE", fte->p);
    int64_t wte = money_div_round(raw, 100000, ROUND_HALF_UP);
    /* Contracted services carry no identifier: each row is its own post,
     * known by its line in the file. */
    /* With one PCN asked for, the counts are of its rows only. */
    if (p->only_pcn && strcmp(p->only_pcn, pcn->p) != 0)
        return 0;
    p->pcn_rows++;
    const char *idtext = id->len ? id->p : arena_printf(p->a, "line-%ld", rec->line);
    p->no_id += id->len == 0;
    const char *arrs = strmap_get(&p->roles->map, role->p);
    if (!arrs || !*arrs || wte <= 0) {
        p->not_arrs += !arrs || !*arrs;
        return 0;
    }
    char *key = arena_printf(p->a, "%s|%s|%s", pcn->p, idtext, arrs);
    struct wf_post *w = strmap_get(&p->posts, key);
    if (!w) {
        w = ARENA_NEW(p->a, struct wf_post);
        w->pcn = arena_strdup(p->a, pcn->p);
        w->id = arena_strdup(p->a, idtext);
        w->role = arrs;
        w->line = rec->line;
        strmap_put(&p->posts, key, w);
        p->order = arena_grow(p->a, p->order, p->n, &p->cap, sizeof *p->order);
        p->order[p->n++] = w;
    }
    w->wte_e4 += wte;
    if (w->wte_e4 > WTE_WHOLE)
        w->wte_e4 = WTE_WHOLE;
    w->contracted |= csv_header_eq(F(W_SOURCE)->p, F(W_SOURCE)->len, "NWRS contracted services");
    return 0;
#undef F
}

/* workforce_roles.csv (the census's roles to ARRS roles), then the census
 * itself, kept to the PCN when one is given. */
static int read_census(const char *rules_dir, const struct import_src *src, struct role_map *rm,
                       struct wf_parse *p, struct pcn_msg *m)
{
    char path[1024];
    struct csv_reader rd;
    snprintf(path, sizeof path, "%s/workforce_roles.csv", rules_dir);
    struct import_src msrc = {.name = path, .path = path};
    csv_init(&rd, path, map_record, rm);
    int rc = import_src_read_csv(&msrc, &rd, m);
    csv_release(&rd);
    if (rc)
        return rc;
    csv_init(&rd, src->name, wf_record, p);
    rc = import_src_read_csv(src, &rd, m);
    csv_release(&rd);
    if (!rc && p->rows == 0)
        rc = msg_set(m, PCN_EINVAL, "%s: no staff after the header line", src->name);
    return rc;
}

struct wf_counts {
    long added, kept, unknown_pcn;
};

/* Each census post not yet in the register added (a post of a PCN the
 * registry does not know is counted and left out); inside the import's
 * transaction. */
static int add_posts(struct db *db, const struct rules *r, const struct import_src *src,
                     const struct wf_parse *p, date_t start, time_t now, struct arena *a,
                     struct wf_counts *c, struct pcn_msg *m)
{
    int rc;
    for (size_t i = 0; i < p->n; i++) {
        const struct wf_post *w = p->order[i];
        struct arrs_terms t = {.wte_e4 = w->wte_e4};
        struct staff s = {.pcn = w->pcn,
                          .ref = w->id,
                          .role = w->role,
                          .name = arena_printf(a, "Staff %s", w->id),
                          .employment = w->contracted ? EMP_SUBCONTRACTED : EMP_EMPLOYED,
                          .zone = AREA_NATIONAL,
                          .start = start != DATE_NONE ? start : p->census,
                          .end = DATE_NONE,
                          .terms = &t,
                          .nterms = 1};
        t.from = s.start;
        int64_t held;
        if ((rc = post_id(db, &s, &held, m)))
            return rc;
        if (held) {
            c->kept++;
            continue;
        }
        const char *field = NULL;
        rc = staff_check(db, r, &s, &field, m);
        if (rc == PCN_EINVAL && field && !strcmp(field, "pcn_code")) {
            /* A PCN not in the registry (a newer census than the map). */
            c->unknown_pcn++;
            continue;
        }
        if (rc) {
            if (rc == PCN_EINVAL)
                row_error(m, src->name, w->line, field);
            return rc;
        }
        int64_t id;
        if ((rc = staff_insert_post(db, &s, now, &id, m)))
            return rc;
        c->added++;
    }
    return 0;
}

/* The summary and the warnings, once the posts are added. */
static void wf_summarise(const struct wf_parse *p, const char *pcn, const struct wf_counts *c,
                         struct import_result *res)
{
    res->rows = p->rows;
    res->written = c->added;
    if (c->unknown_pcn)
        import_warn(res,
                    "%ld posts belong to PCNs not in the registry and were left out: import "
                    "the registry of the same month",
                    c->unknown_pcn);
    if (p->no_id)
        import_warn(res,
                    "%ld rows (contracted services) have no UNIQUE_IDENTIFIER: each is its "
                    "own post, known by its line in the file (\"Staff line-N\")",
                    p->no_id);
    char cd[11];
    date_format_iso(p->census, cd);
    char of[64] = "";
    if (pcn)
        snprintf(of, sizeof of, ", %ld of them %s's", p->pcn_rows, pcn);
    snprintf(res->summary, sizeof res->summary,
             "Workforce census %s: %ld rows%s; %ld ARRS posts added, %ld already in the register, "
             "%ld rows in roles that are not ARRS. Pay is to be entered for each post.",
             cd, p->rows, of, c->added, c->kept, p->not_arrs);
}

int staff_import_workforce(struct db *db, const struct rules *r, const char *rules_dir,
                           const char *pcn, date_t start, const struct import_src *src, time_t now,
                           struct import_result *res, struct pcn_msg *m)
{
    struct arena a;
    struct role_map rm = {.a = &a};
    if (!pcn)
        pcn = src->only_pcn;
    struct wf_parse p = {.src = src, .a = &a, .roles = &rm, .only_pcn = pcn, .census = DATE_NONE};
    int rc;

    arena_init(&a, 256 * 1024);
    strmap_init(&rm.map);
    strmap_init(&p.posts);
    if (!(rc = read_census(rules_dir, src, &rm, &p, m)) && !(rc = db_begin(db, m))) {
        struct wf_counts c = {0};
        if (!(rc = add_posts(db, r, src, &p, start, now, &a, &c, m)))
            wf_summarise(&p, pcn, &c, res);
        /* The rows and their entry in one transaction, or neither. */
        rc = import_end(db, src, res, rc, m);
    }
    strmap_release(&rm.map);
    strmap_release(&p.posts);
    arena_release(&a);
    return rc;
}

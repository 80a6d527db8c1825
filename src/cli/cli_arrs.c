/* cli_arrs.c: `pcnops arrs ...`: the monthly ARRS claims of the staff
 * register (cli_staff.c), the year's position and the planner.
 *
 * The command line is an operator's tool on the store itself, so it shows
 * pay; every export with pay is written to the audit log, as the web pages
 * do. */
#include "common.h"
#include "arrsview.h"
#include "audit.h"
#include "buf.h"
#include "cli.h"
#include "csv.h"
#include "db.h"
#include "import.h"
#include "planner.h"
#include "rules.h"
#include "sheet.h"
#include "staff.h"
#include "registry.h"
#include "strmap.h"
#include "override.h"
#include "table.h"

static int parse_month(const char *s, int *year, int *month)
{
    int64_t y, mo;
    if (!s || strlen(s) != 7 || s[4] != '-' || parse_i64n(s, 4, 1800, 2999, &y) ||
        parse_i64n(s + 5, 2, 1, 12, &mo))
        return PCN_EINVAL;
    *year = (int)y;
    *month = (int)mo;
    return 0;
}

static const char *money_str(struct buf *b, pence_t v)
{
    buf_reset(b);
    money_add_display2(b, v);
    return b->buf;
}

/* ---- arrs claims / claim / forecast / plan ------------------------------ */

/* A claim line of the download: as the claims page's, for people (issue
 * 14): roles and statuses in words, months as dates. */
static void claim_row(struct sheet *sh, const struct staff *post, const struct rules_year *ry,
                      date_t month, const struct arrs_claim *c, const struct claim_rec *rec)
{
    const struct rule_role *rr = ry ? arrs_find_role(ry, post->role) : NULL;
    sheet_row(sh);
    sheet_num(sh, post->id);
    sheet_text(sh, post->name);
    sheet_text(sh, rr ? rr->name : post->role);
    sheet_num(sh, month);
    arrsview_claim_cells(sh, c, rec);
}

/* The claim lines (arrsview_claim_line's JSON) as a table, and the total. */
static void print_claims(struct app *app, json_t *lines, pence_t total)
{
    struct table t;
    struct buf b1, b2, b3;
    buf_init(&b1, 64);
    buf_init(&b2, 64);
    buf_init(&b3, 64);
    table_init(&t, "Id,Name,Month,>Days,>Cost,>Maximum,>Claim,Status");
    size_t nl = json_array_size(lines);
    for (size_t i = 0; i < nl; i++) {
        json_t *l = json_array_get(lines, i);
        char id[24], days[16];
        snprintf(id, sizeof id, "%" JSON_INTEGER_FORMAT,
                 json_integer_value(json_object_get(l, "staff_id")));
        snprintf(days, sizeof days, "%" JSON_INTEGER_FORMAT,
                 json_integer_value(json_object_get(l, "days")));
        bool known = json_is_true(json_object_get(l, "known"));
        const char *st = json_string_value(json_object_get(l, "status"));
        const char *cells[] = {
            id,
            json_string_value(json_object_get(l, "name")),
            json_string_value(json_object_get(l, "month")),
            days,
            known ? money_str(&b1, json_integer_value(json_object_get(l, "cost_pence"))) : "-",
            known ? money_str(&b2, json_integer_value(json_object_get(l, "cap_pence"))) : "-",
            known ? money_str(&b3, json_integer_value(json_object_get(l, "claim_pence")))
            : json_string_value(json_object_get(l, "not_known_because"))
                ? json_string_value(json_object_get(l, "not_known_because"))
                : "not known",
            st ? st : "not drafted"};
        table_row(&t, cells);
    }
    table_print(&t, app->out);
    table_release(&t);
    fprintf(app->out, "Total claimable: %s\n", money_str(&b1, total));
    buf_release(&b1);
    buf_release(&b2);
    buf_release(&b3);
}

static int claims_cmd(struct app *app, struct rules *r, const char *pcn, fy_t fy, const char *month,
                      bool draft, bool explain, bool json, const char *csv_path,
                      const char *xlsx_path, struct arena *a)
{
    struct pcn_msg m = {0};
    int year = 0, mon = 0;
    struct staff *posts;
    struct claim_rec *recs;
    size_t n, nrec;

    if (month && parse_month(month, &year, &mon))
        return cli_usage(app, "--month: give a month as YYYY-MM");
    if (month && fy_of(date_from_ymd(year, mon, 1)) != fy)
        fy = fy_of(date_from_ymd(year, mon, 1));
    if (draft) {
        long drafted, unknown;
        if (!month)
            return cli_usage(app, "--draft needs --month");
        struct audit_entry note;
        audit_note_cli(&note, a, "claims-draft", "pcn", pcn, json_pack("{s:s}", "month", month));
        if (claims_draft(app->db, r, pcn, year, mon, &note, &drafted, &unknown, &m))
            return cli_fail(app, &m);
        if (!json)
            fprintf(app->out, "Drafted %ld claim lines for %s%s.\n", drafted, month,
                    unknown ? " (some posts have no maximum in the rules: see below)" : "");
    }
    if (staff_list(app->db, pcn, fy_start(fy), a, &posts, &n, &m) ||
        claims_list(app->db, pcn, fy, year, mon, a, &recs, &nrec, &m))
        return cli_fail(app, &m);

    const struct rules *lr = r;
    if (override_rules(app->db, r, pcn, fy_start(fy), a, &lr, &m))
        return cli_fail(app, &m);
    json_t *lines = json_array();
    pence_t total = 0;
    struct sheet sh;
    /* For people (issue 14), as the claims page's download: headers in
     * words with their units, roles and statuses in words, months as dates. */
    static const struct sheet_col head[] = {
        {"Staff number", SH_INT},
        {"Name", SH_TEXT},
        {"Role", SH_TEXT},
        {"Month (first day)", SH_DATE},
    };
    const struct rules_year *ry = rules_year(lr, fy);
    size_t ncols;
    const struct sheet_col *cols = arrsview_claim_columns(a, head, ARRAY_SIZE(head), &ncols);
    sheet_init(&sh, a, "Claims", cols, ncols);
    for (int k = 0; k < 12; k++) {
        int y = k < 9 ? fy : fy + 1, mo = k < 9 ? k + 4 : k - 8;
        if (month && (y != year || mo != mon))
            continue;
        for (size_t i = 0; i < n; i++) {
            struct arrs_post p;
            struct arrs_claim c;
            staff_post(&posts[i], &p);
            if (arrs_claim_month(lr, &p, y, mo, a, &c, &m))
                return cli_fail(app, &m);
            if (c.days == 0)
                continue;
            const struct claim_rec *rec = NULL;
            for (size_t j = 0; j < nrec; j++)
                if (recs[j].staff_id == posts[i].id && recs[j].year == y && recs[j].month == mo)
                    rec = &recs[j];
            json_array_append_new(lines, arrsview_claim_line(&posts[i], &c, rec, explain));
            if (c.known)
                total += c.claim;
            claim_row(&sh, &posts[i], ry, date_from_ymd(y, mo, 1), &c, rec);
        }
    }
    if (csv_path || xlsx_path) {
        if (cli_audit(app, "claims-export", "pcn", pcn,
                      json_pack("{s:o,s:o}", "csv", csv_path ? json_string(csv_path) : json_null(),
                                "xlsx", xlsx_path ? json_string(xlsx_path) : json_null())))
            return EXIT_BAD;
    }
    if (csv_path && cli_write_csv(app, &sh, csv_path))
        return EXIT_BAD;
    if (xlsx_path && sheet_write_xlsx(&sh, 1, xlsx_path, &m))
        return cli_fail(app, &m);
    if (json) {
        cli_print_json(app, json_pack("{s:s,s:o,s:o,s:I}", "pcn", pcn, "month",
                                      month ? json_string(month) : json_null(), "lines", lines,
                                      "total_pence", (json_int_t)total));
        return EXIT_OK;
    }
    print_claims(app, lines, total);
    json_decref(lines);
    return EXIT_OK;
}

/* Every post in England (or the store) for a whole year: the national
 * scale run of make bench.  Prints the totals only. */
static int claims_all_cmd(struct app *app, struct rules *r, fy_t fy, bool json, struct arena *a)
{
    struct pcn_msg m = {0};
    struct staff *posts;
    size_t n;
    if (staff_list(app->db, NULL, fy_start(fy), a, &posts, &n, &m))
        return cli_fail(app, &m);
    /* Every override and every PCN's ICB read once, not per post: each
     * PCN's layered rules are picked in memory, once a PCN. */
    struct rule_override *ov;
    struct pcn_row *pcns;
    size_t nov, npcns;
    if (override_list(app->db, NULL, a, &ov, &nov, &m) ||
        registry_list_pcns(app->db, NULL, fy_start(fy), a, &pcns, &npcns, &m))
        return cli_fail(app, &m);
    struct strmap icb_of, layered;
    strmap_init(&icb_of);
    strmap_init(&layered);
    for (size_t i = 0; i < npcns; i++)
        strmap_put(&icb_of, pcns[i].code, (void *)pcns[i].icb_code);
    long lines = 0, unknown = 0;
    pence_t total = 0;
    struct arena scratch;
    arena_init(&scratch, 64 * 1024);
    for (size_t i = 0; i < n; i++) {
        struct arrs_post p;
        const struct rules *lr = strmap_get(&layered, posts[i].pcn);
        staff_post(&posts[i], &p);
        if (!lr) {
            override_pick(r, ov, nov, posts[i].pcn, strmap_get(&icb_of, posts[i].pcn), a, &lr);
            strmap_put(&layered, posts[i].pcn, (void *)lr);
        }
        for (int k = 0; k < 12; k++) {
            struct arrs_claim c;
            arena_reset(&scratch);
            if (arrs_claim_month(lr, &p, k < 9 ? fy : fy + 1, k < 9 ? k + 4 : k - 8, &scratch, &c,
                                 &m)) {
                arena_release(&scratch);
                strmap_release(&icb_of);
                strmap_release(&layered);
                return cli_fail(app, &m);
            }
            if (c.days == 0)
                continue;
            lines++;
            if (c.known)
                total += c.claim;
            else
                unknown++;
        }
    }
    arena_release(&scratch);
    strmap_release(&icb_of);
    strmap_release(&layered);
    char fyl[8];
    fy_format(fy, fyl);
    if (json) {
        cli_print_json(app, json_pack("{s:s,s:I,s:I,s:I,s:I}", "year", fyl, "posts", (json_int_t)n,
                                      "lines", (json_int_t)lines, "lines_without_maximum",
                                      (json_int_t)unknown, "total_pence", (json_int_t)total));
    } else {
        struct buf b;
        buf_init(&b, 64);
        fprintf(app->out,
                "%s: %zu posts, %ld claim lines (%ld without a maximum in the rules), "
                "%s claimable in all.\n",
                fyl, n, lines, unknown, money_str(&b, total));
        buf_release(&b);
    }
    return EXIT_OK;
}

static int forecast_cmd(struct app *app, struct rules *r, const char *pcn, fy_t fy, bool json,
                        struct arena *a)
{
    struct pcn_msg m = {0};
    struct arrs_forecast f;
    bool est;
    if (staff_position(app->db, r, pcn, fy, app->today, a, &f, &est, &m))
        return cli_fail(app, &m);
    if (json) {
        cli_print_json(app, arrsview_forecast(&f, est));
        return EXIT_OK;
    }
    struct buf b;
    char fyl[8];
    buf_init(&b, 64);
    fy_format(fy, fyl);
    fprintf(app->out, "ARRS %s for %s\n", fyl, pcn);
    if (f.sum_known)
        fprintf(app->out, "  ARRS sum              %s%s\n", money_str(&b, f.sum),
                est ? " (an estimate: populations missing)" : "");
    else if (f.sum_why)
        fprintf(app->out, "  ARRS sum              not known: %s\n", f.sum_why);
    else
        fprintf(app->out,
                "  ARRS sum              not known: the rules have no ARRS rate for %s "
                "(an administrator enters it on the Rules page)\n",
                fyl);
    fprintf(app->out, "  Claimed               %s\n", money_str(&b, f.claimed));
    fprintf(app->out, "  Still to claim        %s%s\n", money_str(&b, f.forecast),
            f.posts_unknown ? arena_printf(a, " (%ld post%s not worked out)", f.posts_unknown,
                                           f.posts_unknown == 1 ? "" : "s")
                            : "");
    if (f.sum_known) {
        fprintf(app->out, "  Projected             %s (%" PRId64 ".%02" PRId64 "%% of the sum)\n",
                money_str(&b, f.projected), f.used_bp / 100, f.used_bp % 100);
        fprintf(app->out, "  Headroom              %s\n", money_str(&b, f.headroom));
    } else {
        fprintf(app->out, "  Projected             %s\n", money_str(&b, f.projected));
        fprintf(app->out, "  Headroom              not known (the sum is not known)\n");
    }
    if (f.alert_under)
        fprintf(app->out,
                "Alert: the projection is under %d%% of the sum: money will go unclaimed.\n",
                ARRS_ALERT_UNDER_PCT);
    if (f.alert_over)
        fprintf(app->out, "Alert: the projection is over the sum.\n");
    if (f.posts_unknown)
        fprintf(app->out,
                "%ld post%s not counted: no maximum reimbursable amount for the role "
                "this year, or no pay entered. A PCN manager enters the maximum from "
                "the claim statement: pcnops rules override --pcn %s --file arrs_maxima "
                "...\n",
                f.posts_unknown, f.posts_unknown == 1 ? " is" : "s are", pcn);
    buf_release(&b);
    return EXIT_OK;
}

/* The posts file: name,role,min_wte,max_wte,weight,earliest,band,pay_point[,annual_cost,zone] */
struct plan_file {
    struct app *app;
    struct rules *r;
    fy_t fy;
    struct arena *a;
    struct plan_post *posts;
    size_t n, cap;
    struct csv_col cols[10];
    const char *file;
};

static int plan_record(void *ctx, const struct csv_record *rec, struct pcn_msg *m)
{
    struct plan_file *p = ctx;
    if (rec->index == 0) {
        static const struct csv_col cols[10] = {
            {"name", true, -1},    {"role", true, -1},       {"min_wte", true, -1},
            {"max_wte", true, -1}, {"weight", true, -1},     {"earliest", true, -1},
            {"band", false, -1},   {"pay_point", false, -1}, {"annual_cost", false, -1},
            {"zone", false, -1},
        };
        memcpy(p->cols, cols, sizeof cols);
        return csv_map_header(rec, p->cols, 10, p->file, m);
    }
#define C(i) (p->cols[i].idx >= 0 ? rec->f[p->cols[i].idx].p : "")
    struct plan_post pp = {.name = arena_strdup(p->a, C(0)), .role = arena_strdup(p->a, C(1))};
    int64_t w;
    int y, mo;
    if (fixed_parse(C(2), strlen(C(2)), 4, 0, WTE_WHOLE, &pp.min_wte_e4) ||
        fixed_parse(C(3), strlen(C(3)), 4, 0, WTE_WHOLE, &pp.max_wte_e4))
        return import_field_error(m, p->file, rec->line, "min_wte", "WTE from 0.1 to 1.0");
    if (parse_i64(C(4), 1, 100, &w))
        return import_field_error(m, p->file, rec->line, "weight", "a whole number from 1 to 100");
    pp.weight = (int)w;
    if (parse_month(C(5), &y, &mo) || fy_of(date_from_ymd(y, mo, 1)) != p->fy)
        return import_field_error(m, p->file, rec->line, "earliest",
                                  "a month of the year as YYYY-MM");
    pp.earliest = mo >= 4 ? mo - 4 : mo + 8;
    enum rule_area zone = AREA_NATIONAL;
    if (*C(9) && arrs_zone_parse(C(9), &zone))
        return import_field_error(m, p->file, rec->line, "zone",
                                  "national, outer_london or inner_london");
    bool has_point = false, has_cost = false;
    enum rule_pay_point point = POINT_ENTRY;
    pence_t cost = 0;
    if (*C(7)) {
        if (arrs_pay_point_parse(C(7), &point))
            return import_field_error(m, p->file, rec->line, "pay_point",
                                      "single, entry, intermediate or top");
        has_point = true;
    }
    if (*C(8)) {
        if (money_parse(C(8), strlen(C(8)), &cost) || cost <= 0)
            return import_field_error(m, p->file, rec->line, "annual_cost", "pounds a year");
        has_cost = true;
    }
    if (!has_cost && !has_point)
        return import_field_error(m, p->file, rec->line, "pay_point",
                                  "give a band and pay point, or an annual cost");
    int rc = staff_claim_per_wte(p->r, pp.role, zone, *C(6) ? arena_strdup(p->a, C(6)) : NULL,
                                 has_point, point, has_cost, cost, date_from_ymd(y, mo, 1),
                                 &pp.claim_per_wte_month, m);
    if (rc)
        return import_field_error(m, p->file, rec->line, "role", "%s", m->text);
    p->posts = arena_grow(p->a, p->posts, p->n, &p->cap, sizeof *p->posts);
    p->posts[p->n++] = pp;
    return 0;
#undef C
}

static int plan_cmd(struct app *app, struct rules *r, const char *pcn, fy_t fy,
                    const char *posts_file, const char *alts_s, bool json, struct arena *a)
{
    struct pcn_msg m = {0};
    struct arrs_forecast f;
    bool est;
    int64_t nalts_want = 3;
    if (!posts_file)
        return cli_usage(app, "arrs plan PCN --posts FILE (name,role,min_wte,max_wte,weight,"
                              "earliest,band,pay_point or annual_cost)");
    if (alts_s && parse_i64(alts_s, 0, 10, &nalts_want))
        return cli_usage(app, "--alternatives: 0 to 10");
    if (staff_position(app->db, r, pcn, fy, app->today, a, &f, &est, &m))
        return cli_fail(app, &m);
    if (!f.sum_known && f.sum_why) {
        char fyl[8];
        fy_format(fy, fyl);
        fprintf(app->out,
                "The ARRS sum for %s is not known (%s), so there is no headroom to plan "
                "with yet.\n",
                fyl, f.sum_why);
        return EXIT_OK;
    }
    if (!f.sum_known) {
        char fyl[8];
        fy_format(fy, fyl);
        fprintf(app->out,
                "The ARRS sum for %s is not known (the rules have no ARRS rate for the "
                "year), so there is no headroom to plan with yet. An administrator "
                "enters the rate on the Rules page; the planner then works.\n",
                fyl);
        return EXIT_OK;
    }
    struct plan_file pf = {.app = app, .r = r, .fy = fy, .a = a, .file = posts_file};
    struct csv_reader rd;
    struct import_src src = {.name = posts_file, .path = posts_file};
    csv_init(&rd, posts_file, plan_record, &pf);
    int rc = import_src_read_csv(&src, &rd, &m);
    csv_release(&rd);
    if (rc)
        return cli_fail(app, &m);
    /* The year's caps, counting staff in post. */
    const struct rules_year *y = rules_year(r, fy);
    struct plan_cap *caps = arena_alloc(a, (y->nroles + 1) * sizeof *caps);
    size_t ncaps = 0;
    for (size_t i = 0; i < y->nroles; i++)
        if (y->roles[i].has_cap)
            caps[ncaps++] = (struct plan_cap){y->roles[i].id, y->roles[i].cap, 0};
    struct plan best, alts[10];
    size_t nalts;
    if (plan_solve(pf.posts, pf.n, caps, ncaps, f.headroom, a, &best, alts, (size_t)nalts_want,
                   &nalts, &m))
        return cli_fail(app, &m);
    json_t *j = arrsview_plan(pf.posts, pf.n, fy, f.headroom, &best, alts, nalts);
    if (json) {
        cli_print_json(app, j);
        return EXIT_OK;
    }
    struct buf b;
    buf_init(&b, 64);
    fprintf(app->out, "Headroom to plan with: %s\n\nBest plan (value %" PRId64 ", cost %s):\n",
            money_str(&b, f.headroom), best.value, money_str(&b, best.cost));
    json_t *bp = json_object_get(json_object_get(j, "best"), "posts");
    for (size_t i = 0; i < json_array_size(bp); i++) {
        json_t *x = json_array_get(bp, i);
        const char *sm = json_string_value(json_object_get(x, "start_month"));
        if (!sm) {
            fprintf(app->out, "  %-30s not this year\n",
                    json_string_value(json_object_get(x, "name")));
            continue;
        }
        fprintf(app->out, "  %-30s %s WTE from %s, %s\n",
                json_string_value(json_object_get(x, "name")),
                json_string_value(json_object_get(x, "wte")), sm,
                money_str(&b, json_integer_value(json_object_get(x, "cost_pence"))));
    }
    for (size_t k = 0; k < nalts; k++)
        fprintf(app->out, "Alternative %zu: value %" PRId64 ", cost %s\n", k + 1, alts[k].value,
                money_str(&b, alts[k].cost));
    buf_release(&b);
    json_decref(j);
    return EXIT_OK;
}

int cmd_arrs(struct app *app, int argc, char **argv)
{
    struct pcn_msg m = {0};
    struct arena a;
    struct rules r;
    struct opts o = {0};
    const char *rules_dir = NULL, *year = NULL, *month = NULL, *csv_path = NULL, *xlsx_path = NULL,
               *status = NULL, *on = NULL, *amount = NULL, *posts = NULL, *alts = NULL;
    bool explain = false, draft = false, all = false;
    const struct cli_flag flags[] = {
        {"--rules", &rules_dir, NULL},   {"--year", &year, NULL},       {"--month", &month, NULL},
        {"--csv", &csv_path, NULL},      {"--xlsx", &xlsx_path, NULL},  {"--status", &status, NULL},
        {"--on-date", &on, NULL},        {"--amount", &amount, NULL},   {"--posts", &posts, NULL},
        {"--alternatives", &alts, NULL}, {"--explain", NULL, &explain}, {"--draft", NULL, &draft},
        {"--all", NULL, &all},
    };
    int rc;

    if (argc < 1)
        return cli_usage(app, "arrs needs claims, claim, forecast or plan");
    const char *verb = argv[0];
    if ((rc = cli_parse_flags(app, argc - 1, argv + 1, flags, ARRAY_SIZE(flags), &o)))
        return rc;
    fy_t fy;
    if ((rc = cli_year(app, year, "2025/26", &fy))) {
        free(o.args);
        return rc;
    }
    arena_init(&a, 0);
    if ((rc = cli_open_rules(app, rules_dir, &a, &r)))
        goto out;
    if (!strcmp(verb, "claims") && all && o.nargs == 0) {
        rc = claims_all_cmd(app, &r, fy, o.json, &a);
    } else if (!strcmp(verb, "claims") && o.nargs == 1) {
        rc = claims_cmd(app, &r, o.args[0], fy, month, draft, explain, o.json, csv_path, xlsx_path,
                        &a);
    } else if (!strcmp(verb, "forecast") && o.nargs == 1) {
        rc = forecast_cmd(app, &r, o.args[0], fy, o.json, &a);
    } else if (!strcmp(verb, "plan") && o.nargs == 1) {
        rc = plan_cmd(app, &r, o.args[0], fy, posts, alts, o.json, &a);
    } else if (!strcmp(verb, "claim") && o.nargs == 1) {
        int64_t id;
        int y, mo;
        enum claim_status to;
        date_t d = DATE_NONE;
        pence_t amt = -1;
        if (parse_i64(o.args[0], 1, INT64_MAX, &id) || parse_month(month, &y, &mo) ||
            claim_status_parse(status, &to) || to == CLAIM_DRAFT) {
            rc = cli_usage(app, "arrs claim STAFF_ID --month YYYY-MM --status "
                                "submitted|approved|paid --on-date DATE [--amount POUNDS]");
            goto out;
        }
        if ((rc = cli_date_opt(app, "--on-date", on, &d)))
            goto out;
        if (amount && money_parse(amount, strlen(amount), &amt)) {
            rc = cli_usage(app, "--amount: pounds, like 5581.00");
            goto out;
        }
        struct audit_entry note;
        audit_note_cli(&note, &a, "claim-status", "staff", o.args[0],
                       json_pack("{s:s,s:s,s:o}", "month", month, "status", status, "amount",
                                 amount ? json_string(amount) : json_null()));
        if (claims_advance(app->db, id, y, mo, to, d, amt, &note, &m)) {
            rc = cli_fail(app, &m);
            goto out;
        }
        fprintf(app->out, "The claim for %s is now %s.\n", month, status);
        rc = EXIT_OK;
    } else {
        rc = cli_usage(app, "arrs claims|forecast|plan PCN, or arrs claim STAFF_ID ...");
    }
out:
    free(o.args);
    arena_release(&a);
    return rc;
}

/* cli_cashflow.c: `pcnops cashflow PCN [--year Y] [--json] [--csv FILE]
 * [--xlsx FILE]`: when the money arrives, month by month over the year, and
 * the cash gap (cashview.h); the same figures as /pcn/CODE/cashflow and
 * /api/v1/pcns/CODE/cashflow.
 *
 *   --recruit ROLE --wte W --from YYYY-MM (--salary POUNDS | --cost POUNDS)
 *       the what-if: the same year with that post added from that month
 *       (nothing is written);
 *   --set-lag N --note TEXT   the PCN's own lag (months from the month
 *       claimed to the month the ICB pays), audited; --clear-lag removes it.
 * Exports are audited. */
#include "common.h"
#include "audit.h"
#include "buf.h"
#include "cashview.h"
#include "cli.h"
#include "deskdb.h"
#include "limits.h"
#include "rules.h"
#include "table.h"

static const char *month_text(struct arena *a, int y, int mo)
{
    return arena_printf(a, "%s %d", date_month_name(mo), y);
}

static void print_gap(struct app *app, struct arena *a, const struct cashflow *cf)
{
    if (cf->widest < 0)
        fprintf(app->out, "The ARRS balance never goes below £0 this year.\n");
    else
        fprintf(app->out, "The cash gap is widest at the end of %s: %s.\n",
                month_text(a, cf->m[cf->widest].year, cf->m[cf->widest].month),
                cli_pounds(a, cf->gap));
}

/* The year month by month, the gap and what is left out; with base (a
 * what-if), the gap without the post beside it. */
static void print_cashflow(struct app *app, struct arena *a, const char *pcn, const char *fyl,
                           const struct cashview *v, const struct cashview *base)
{
    const struct cashflow *cf = &v->cf;
    static const char *const from_words[] = {
        [LAG_SETTING] = "the PCN's own figure",
        [LAG_OBSERVED] = "seen in the PCN's paid claims",
        [LAG_RULES] = "the rules' payment schedule",
    };
    fprintf(app->out, "%s %s: money in and out, month by month (from £0 on 1 April)\n", pcn, fyl);
    fprintf(app->out, "ARRS claims are paid %d months after the month claimed (%s).\n\n", cf->lag,
            from_words[v->lag_from]);
    struct table t;
    table_init(&t, "Month,>Other payments in,>ARRS paid,>ARRS expected,>ARRS projected,"
                   ">Staff costs,>ARRS balance,>With other payments");
    for (int i = 0; i < CASHFLOW_MONTHS; i++) {
        const struct cashflow_month *c = &cf->m[i];
        const char *cells[8] = {month_text(a, c->year, c->month), cli_pounds(a, c->streams_in),
                                cli_pounds(a, c->arrs_paid),      cli_pounds(a, c->arrs_expected),
                                cli_pounds(a, c->arrs_projected), cli_pounds(a, c->costs_out),
                                cli_pounds(a, c->arrs_balance),   cli_pounds(a, c->balance)};
        table_row(&t, cells);
    }
    cli_print_table(app, &t);
    fprintf(app->out, "\nIn the year's months: other payments in %s, ARRS in %s, staff costs %s.\n",
            cli_pounds(a, cf->streams_in), cli_pounds(a, cf->arrs_in),
            cli_pounds(a, cf->costs_out));
    if (base) {
        fprintf(app->out, "Without the post: ");
        print_gap(app, a, &base->cf);
        fprintf(app->out, "With the post:    ");
    }
    print_gap(app, a, cf);
    if (cf->after_arrs || cf->after_streams)
        fprintf(app->out,
                "Arriving after 31 March for this year's months: %s of ARRS, %s of "
                "other payments.\n",
                cli_pounds(a, cf->after_arrs), cli_pounds(a, cf->after_streams));
    for (size_t i = 0; i < v->nstreams; i++) {
        const struct cashflow_stream *s = &v->streams[i];
        if (s->schedule && s->schedule->known)
            continue;
        pence_t tot_s = 0;
        for (int k = 0; k < CASHFLOW_MONTHS; k++)
            tot_s += s->earned[k];
        if (tot_s)
            fprintf(app->out,
                    "Not placed in a month (when it is paid is not published): %s, "
                    "%s for the year.\n",
                    s->name, cli_pounds(a, tot_s));
    }
    if (v->streams_why)
        fprintf(app->out, "Other payments not included: %s.\n", v->streams_why);
    if (cf->costs_unknown)
        fprintf(app->out, "%ld post-months not counted: their cost is not known.\n",
                cf->costs_unknown);
    if (cf->claims_unknown)
        fprintf(app->out,
                "%ld post-months' reimbursement not counted: the claim cannot be "
                "worked out (no maximum for the role in the rules, or no pay).\n",
                cf->claims_unknown);
}

/* cashflow PCN --set-lag MONTHS --note TEXT | --clear-lag (set_lag NULL). */
static int set_lag_cmd(struct app *app, const char *pcn, const char *set_lag, const char *note)
{
    struct pcn_msg m = {0};
    int64_t lag = -1;
    if (set_lag && (parse_i64(set_lag, 0, 12, &lag) || !note || !*note))
        return cli_usage(app, "--set-lag needs a whole number of months from 0 to 12, and "
                              "--note saying where it comes from");
    struct desk_actor who;
    deskdb_actor_cli(&who, time(NULL));
    if (cashview_set_lag(app->db, pcn, (int)lag, note, &who, &m))
        return cli_fail(app, &m);
    if (lag >= 0)
        fprintf(app->out,
                "%s: ARRS claims are paid %d months after the month claimed "
                "(the PCN's own figure)\n",
                pcn, (int)lag);
    else
        fprintf(app->out, "%s: the PCN's own ARRS lag removed\n", pcn);
    return EXIT_OK;
}

/* The what-if's options: --recruit ROLE --wte W --from YYYY-MM and
 * --salary POUNDS or --cost POUNDS. */
struct whatif_opts {
    const char *recruit, *wte, *from, *salary, *cost;
};

/* The post the what-if adds (*extra, in a): 0, or the mistake printed and
 * its status. */
static int whatif_post(struct app *app, const struct rules *r, fy_t fy, const struct whatif_opts *o,
                       struct arena *a, struct arrs_post *extra)
{
    struct pcn_msg m = {0};
    int64_t w = 0, yy, mo;
    pence_t pay = 0;
    const char *field;
    date_t start = DATE_NONE;
    if (!o->recruit || !o->wte || !o->from || (!o->salary == !o->cost))
        return cli_usage(app, "--recruit ROLE needs --wte W, --from YYYY-MM and --salary "
                              "POUNDS or --cost POUNDS");
    if (fixed_parse(o->wte, strlen(o->wte), 4, 1, WTE_WHOLE, &w))
        return cli_usage(app, "--wte: '%s' is not a WTE above 0 and at most 1.0", o->wte);
    if (strlen(o->from) == 7 && !parse_i64n(o->from, 4, 1800, 2999, &yy) &&
        !parse_i64n(o->from + 5, 2, 1, 12, &mo))
        start = date_from_ymd((int)yy, (int)mo, 1);
    const char *p = o->salary ? o->salary : o->cost ? o->cost : "";
    if (money_parse(p, strlen(p), &pay))
        return cli_usage(app, "%s: '%s' is not an amount in pounds",
                         o->salary ? "--salary" : "--cost", p);
    if (cashview_whatif_post(r, fy, o->recruit, w, start, pay, o->cost != NULL, a, extra, &field,
                             &m)) {
        fprintf(app->err, "pcnops: --%s: %s\n",
                strcmp(field, "pay") == 0    ? (o->salary ? "salary" : "cost")
                : strcmp(field, "role") == 0 ? "recruit"
                                             : field,
                m.text);
        return EXIT_BAD;
    }
    return 0;
}

int cmd_cashflow(struct app *app, int argc, char **argv)
{
    struct pcn_msg m = {0};
    struct opts o = {0};
    const char *year = NULL, *rules_dir = NULL, *csv = NULL, *xlsx = NULL, *set_lag = NULL,
               *note = NULL, *recruit = NULL, *wte = NULL, *from = NULL, *salary = NULL,
               *cost = NULL;
    bool clear_lag = false;
    const struct cli_flag flags[] = {
        {"--year", &year, NULL},           {"--rules", &rules_dir, NULL}, {"--csv", &csv, NULL},
        {"--xlsx", &xlsx, NULL},           {"--set-lag", &set_lag, NULL}, {"--note", &note, NULL},
        {"--clear-lag", NULL, &clear_lag}, {"--recruit", &recruit, NULL}, {"--wte", &wte, NULL},
        {"--from", &from, NULL},           {"--salary", &salary, NULL},   {"--cost", &cost, NULL},
    };
    struct arena a;
    struct rules r;
    int rc;

    if ((rc = cli_parse_flags(app, argc, argv, flags, ARRAY_SIZE(flags), &o)))
        return rc;
    arena_init(&a, 0);
    if (o.nargs != 1 || o.have_on || o.icb) {
        rc = cli_usage(app, "cashflow needs one PCN code: cashflow PCN [--year 2026/27] "
                            "[--json | --csv FILE | --xlsx FILE]");
        goto out;
    }
    const char *pcn = o.args[0];
    fy_t fy;
    if ((rc = cli_year(app, year, "2026/27", &fy)))
        goto out;
    if (cli_open_db(app, &m)) {
        rc = cli_fail(app, &m);
        goto out;
    }

    if (set_lag || clear_lag) {
        rc = set_lag_cmd(app, pcn, set_lag, note);
        goto out;
    }

    struct rules_diag d = {0};
    int lr = rules_load(rules_dir_default(rules_dir), &a, &r, &d, &m);
    if (lr) {
        rc = cli_fail(app, &m);
        goto out;
    }
    struct arrs_post extra, *px = NULL;
    if (recruit || wte || from || salary || cost) {
        struct whatif_opts wo = {recruit, wte, from, salary, cost};
        if ((rc = whatif_post(app, &r, fy, &wo, &a, &extra)))
            goto out;
        px = &extra;
    }

    struct cashview v, base;
    if ((rc = cashview_gather(app->db, &r, pcn, fy, app->today, NULL, &a, &base, &m)) ||
        (px && (rc = cashview_gather(app->db, &r, pcn, fy, app->today, px, &a, &v, &m)))) {
        rc = cli_fail(app, &m);
        goto out;
    }
    if (!px)
        v = base;
    char fyl[8];
    fy_format(fy, fyl);
    if (csv || xlsx) {
        struct sheet sh;
        cashview_sheet(&v, &a, &sh);
        if ((rc = cli_audit(app, "cashflow-export", "pcn", pcn,
                            json_pack("{s:s,s:o,s:o,s:b}", "year", fyl, "csv",
                                      csv ? json_string(csv) : json_null(), "xlsx",
                                      xlsx ? json_string(xlsx) : json_null(), "what_if",
                                      px != NULL))) ||
            (csv && (rc = cli_write_csv(app, &sh, csv))))
            goto out;
        if (xlsx && sheet_write_xlsx(&sh, 1, xlsx, &m)) {
            rc = cli_fail(app, &m);
            goto out;
        }
        rc = EXIT_OK;
        goto out;
    }
    if (o.json) {
        json_t *j = cashview_json(&v);
        if (px)
            json_object_set_new(j, "without_the_post", cashview_json(&base));
        cli_print_json(app, j);
        rc = EXIT_OK;
        goto out;
    }

    print_cashflow(app, &a, pcn, fyl, &v, px ? &base : NULL);
    rc = EXIT_OK;
out:
    arena_release(&a);
    free(o.args);
    return rc;
}

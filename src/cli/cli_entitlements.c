/* cli_entitlements.c: `pcnops entitlements`: a PCN's entitlements for a
 * year, each stream's annual amount and 12 monthly payments, with their
 * working and the member practices' shares (entitle.h), or every PCN of an
 * ICB or of England; as a table, JSON, CSV or a workbook (fundview.h).
 *
 *   entitlements PCN [--year YEAR] [--explain] [--practices] [--json | --csv | --xlsx FILE]
 *   entitlements --icb CODE | --all [--year YEAR] [--json | --csv | --xlsx FILE] */
#include "common.h"
#include "app.h"
#include "arena.h"
#include "buf.h"
#include "cli.h"
#include "cli_funding.h"
#include "db.h"
#include "entitle.h"
#include "fundview.h"
#include "funding.h"
#include "money.h"
#include "rules.h"
#include "sheet.h"
#include "table.h"

static const char *money_cell(struct buf *b, pence_t p)
{
    buf_reset(b);
    money_add_display2(b, p);
    return b->buf;
}

static void print_trail(FILE *out, const struct trail *t)
{
    for (size_t i = 0; i < t->n; i++) {
        const struct trail_step *s = &t->steps[i];
        fprintf(out, "  - %s", s->text);
        if (s->source)
            fprintf(out, "\n      %s", s->source);
        if (s->conf != CONF_NONE)
            fprintf(out, "%s%s", s->source ? ", " : "\n      ", cli_funding_conf(s->conf));
        fputc('\n', out);
    }
}

/* Months down, the payment streams across (the maxima and the streams
 * outside the DES are not payments of the PCN: not here). */
static void print_monthly(FILE *out, const struct ent_result *r, struct buf *b, struct buf *c)
{
    struct table t;
    fprintf(out, "\nMonthly payments\n");
    buf_reset(c);
    BUF_LIT(c, "Month");
    size_t pay[TABLE_MAX_COLS], npay = 0;
    for (size_t i = 0; i < r->nstreams && npay < TABLE_MAX_COLS - 2; i++)
        if (rule_stream_total(r->streams[i].rule) == TOTAL_PAYMENT) {
            pay[npay++] = i;
            buf_printf(c, ",>%s", r->streams[i].rule->id);
        }
    BUF_LIT(c, ",>Payments");
    table_init(&t, c->buf);
    for (int mth = 0; mth < ENT_MONTHS; mth++) {
        const char *cells[TABLE_MAX_COLS];
        char text[TABLE_MAX_COLS][48];
        size_t k = 0;
        int yy, mm, dd;
        date_to_ymd(date_add_months(fy_start(r->fy), mth), &yy, &mm, &dd);
        snprintf(text[k], sizeof text[k], "%s %d", date_month_name(mm), yy);
        cells[k] = text[k];
        k++;
        for (size_t j = 0; j < npay; j++, k++) {
            snprintf(text[k], sizeof text[k], "%s", money_cell(b, r->streams[pay[j]].monthly[mth]));
            cells[k] = text[k];
        }
        snprintf(text[k], sizeof text[k], "%s", money_cell(b, r->monthly_total[mth]));
        cells[k] = text[k];
        table_row(&t, cells);
    }
    table_print(&t, out);
    table_release(&t);
}

/* The member practices' annual shares, stream by stream, and the methods. */
static void print_practices(FILE *out, const struct ent_result *r, struct buf *b, struct buf *c)
{
    const struct ent_input *in = r->in;
    struct table t;
    fprintf(out, "\nShares of the member practices (annual)\n");
    buf_reset(c);
    BUF_LIT(c, "Practice,>Registered");
    size_t shown = 0;
    for (size_t i = 0; i < r->nstreams && shown < TABLE_MAX_COLS - 3; i++)
        if (r->streams[i].practice_annual) {
            buf_printf(c, ",>%s", r->streams[i].rule->id);
            shown++;
        }
    BUF_LIT(c, ",>Total");
    table_init(&t, c->buf);
    for (size_t p = 0; p < in->npractices; p++) {
        const char *cells[TABLE_MAX_COLS];
        char text[TABLE_MAX_COLS][48];
        size_t k = 0;
        cells[k++] = in->practices[p].code;
        buf_reset(b);
        if (in->practices[p].registered >= 0)
            buf_add_i64(b, in->practices[p].registered, true);
        else
            BUF_LIT(b, "not known");
        snprintf(text[k], sizeof text[k], "%s", b->buf);
        cells[k] = text[k];
        k++;
        shown = 0;
        for (size_t i = 0; i < r->nstreams && shown < TABLE_MAX_COLS - 3; i++) {
            if (!r->streams[i].practice_annual)
                continue;
            snprintf(text[k], sizeof text[k], "%s",
                     money_cell(b, r->streams[i].practice_annual[p]));
            cells[k] = text[k];
            k++;
            shown++;
        }
        snprintf(text[k], sizeof text[k], "%s", money_cell(b, r->practice_total[p]));
        cells[k] = text[k];
        table_row(&t, cells);
    }
    table_print(&t, out);
    table_release(&t);
    fprintf(out, "Methods: ");
    bool first = true;
    for (size_t i = 0; i < r->nstreams; i++) {
        if (!r->streams[i].practice_annual)
            continue;
        fprintf(out, "%s%s %s", first ? "" : ", ", r->streams[i].rule->id,
                ent_method_name(r->streams[i].method));
        first = false;
    }
    fprintf(out, ".\n");
}

/* How each figure was worked out. */
static void print_explain(FILE *out, const struct ent_result *r, struct buf *b)
{
    fprintf(out, "\nHow this was worked out\n\nPopulations\n");
    print_trail(out, &r->inputs);
    for (size_t i = 0; i < r->nstreams; i++) {
        const struct ent_stream *s = &r->streams[i];
        fprintf(out, "\n%s (%s): %s, %s%s\n", s->rule->name, s->rule->id, money_cell(b, s->annual),
                cli_funding_conf(s->conf), s->estimate ? ", ESTIMATE" : "");
        print_trail(out, &s->trail);
    }
}

static void print_entitlements(struct app *app, const struct ent_result *r,
                               const struct rules_year *y, bool practices, bool explain)
{
    FILE *out = app->out;
    const struct ent_input *in = r->in;
    struct buf b, c;
    char fy[8];
    struct table t;

    buf_init(&b, 4096);
    buf_init(&c, 4096);
    fy_format(r->fy, fy);
    fprintf(out, "%s  %s: entitlements for %s%s\n", in->pcn_code, in->pcn_name ? in->pcn_name : "",
            fy, r->estimate ? " (ESTIMATE)" : "");
    buf_reset(&b);
    BUF_LIT(&b, "Populations at ");
    date_add_uk(&b, r->base_date);
    BUF_LIT(&b, ": registered list ");
    buf_add_i64(&b, r->registered, true);
    if (r->registered_estimate)
        BUF_LIT(&b, " (estimate)");
    BUF_LIT(&b, "; adjusted ");
    fixed_add(&b, r->adjusted_h, 2, 2, true);
    if (r->adjusted_estimate)
        BUF_LIT(&b, " (estimate)");
    BUF_LIT(&b, "; weighted ");
    fixed_add(&b, r->weighted_h, 2, 2, true);
    if (r->weighted_estimate)
        BUF_LIT(&b, " (estimate)");
    fprintf(out, "%s\n", b.buf);
    fprintf(out,
            "Rules: %s. Annual amounts rounded %s to the penny; monthly rounded down, "
            "March takes the remainder.\n\n",
            y->dir, round_policy_name(in->rounding));

    table_init(&t, "Stream,>Annual,>April to February,>March,Confidence,Estimate");
    /* Payments first, then their total; the maxima ("up to") and the
     * streams paid outside the DES after it, each named as what it is. */
    for (int pass = 0; pass < 3; pass++) {
        for (size_t i = 0; i < r->nstreams; i++) {
            const struct ent_stream *s = &r->streams[i];
            if ((int)rule_stream_total(s->rule) != pass)
                continue;
            char name[300], annual[64], month[64];
            snprintf(name, sizeof name, "%s%s",
                     pass == 1   ? "Up to: "
                     : pass == 2 ? "Outside the DES: "
                                 : "",
                     s->rule->name);
            snprintf(annual, sizeof annual, "%s", money_cell(&b, s->annual));
            snprintf(month, sizeof month, "%s", money_cell(&b, s->monthly[0]));
            const char *cells[] = {name,
                                   annual,
                                   month,
                                   money_cell(&c, s->monthly[ENT_MONTHS - 1]),
                                   cli_funding_conf(s->conf),
                                   s->estimate ? "estimate" : ""};
            table_row(&t, cells);
        }
        if (pass != 0)
            continue;
        char total[64];
        snprintf(total, sizeof total, "%s", money_cell(&b, r->total));
        /* A total says what it leaves out. */
        char lab[96];
        if (r->nmissing)
            snprintf(lab, sizeof lab, "Payments (%zu stream%s not worked out, below)", r->nmissing,
                     r->nmissing == 1 ? "" : "s");
        else
            snprintf(lab, sizeof lab, "Payments");
        const char *cells[] = {
            lab, total, "", "", cli_funding_conf(r->conf), r->estimate ? "estimate" : ""};
        table_row(&t, cells);
    }
    table_print(&t, out);
    table_release(&t);
    for (size_t i = 0; i < r->nstreams; i++) {
        const struct ent_stream *s = &r->streams[i];
        if (s->rule->kind == STREAM_ACHIEVEMENT)
            fprintf(out, "%s is a maximum of %s; %s.\n", s->rule->name, money_cell(&b, s->maximum),
                    in->caip_known ? "the annual figure is the share achieved"
                                   : "no achieved share is entered, so the full maximum is shown");
        if (s->rule->kind == STREAM_MAXIMUM)
            fprintf(out, "%s is the most the PCN can claim, not a payment.\n", s->rule->name);
    }
    for (size_t i = 0; i < r->nmissing; i++)
        fprintf(out, "Not computed: %s: %s.\n", r->missing[i].rule->name, r->missing[i].reason);
    for (size_t i = 0; i < in->nproblems; i++)
        fprintf(out, "Problem: %s\n", in->problems[i]);

    print_monthly(out, r, &b, &c);
    if (practices)
        print_practices(out, r, &b, &c);
    if (explain)
        print_explain(out, r, &b);
    buf_release(&b);
    buf_release(&c);
}

/* --csv: the Entitlements sheet (fundview.h) as CSV: one row per PCN and
 * stream, money as plain pounds ("1234.56"), with a byte order mark for
 * spreadsheets; the writer neutralises formulas.  --xlsx FILE: the three
 * sheets (entitlements, the practices' shares and the working) as a
 * workbook. */
static int write_sheets(struct app *app, const struct cli_fopts *f, const struct sheet *sheets)
{
    struct pcn_msg m = {0};
    if (f->xlsx) {
        if (sheet_write_xlsx(sheets, FV_NSHEETS, f->xlsx, &m))
            return cli_fail(app, &m);
        return EXIT_OK;
    }
    return cli_print_csv(app, &sheets[FV_STREAMS]);
}

static int one_pcn(struct app *app, struct cli_fopts *f, const struct rules *r,
                   const struct rules_year *y, struct arena *a)
{
    struct pcn_msg m = {0};
    struct ent_input in;
    struct ent_result res;

    if (cli_open_db(app, &m) || funding_compute(app->db, r, f->o.args[0], f->fy, a, &in, &res, &m))
        return cli_fail(app, &m);
    if (f->o.json) {
        cli_print_json(app, fundview_entitlements(&res, y, f->practices, f->explain));
    } else if (f->csv || f->xlsx) {
        struct sheet sheets[FV_NSHEETS];
        fundview_sheets_init(sheets, a);
        fundview_sheets_add(sheets, &res, f->xlsx == NULL);
        return write_sheets(app, f, sheets);
    } else {
        print_entitlements(app, &res, y, f->practices, f->explain);
    }
    return EXIT_OK;
}

/* Every PCN of an ICB, or of England: one line each, or JSON, CSV or XLSX. */
struct many {
    struct app *app;
    const struct cli_fopts *f;
    const struct rules_year *y;
    struct buf b;
    struct sheet sheets[FV_NSHEETS];
    struct table t;
    bool have_table;
    json_t *list;
    pence_t total, up_to;
    long estimates, computed;
};

static int many_one(void *ctx, const struct ent_result *res, struct pcn_msg *m)
{
    struct many *x = ctx;
    (void)m;
    x->computed++;
    x->estimates += res->estimate;
    x->total += res->total;
    x->up_to += res->maxima_total;
    if (x->list) {
        json_array_append_new(x->list, fundview_entitlements(res, x->y, false, false));
        return 0;
    }
    if (x->f->csv || x->f->xlsx) {
        fundview_sheets_add(x->sheets, res, x->f->xlsx == NULL);
        return 0;
    }
    struct buf *b = &x->b;
    if (!x->have_table) {
        buf_reset(b);
        BUF_LIT(b, "Code,Name");
        for (size_t k = 0; k < res->nstreams && k < TABLE_MAX_COLS - 3; k++)
            buf_printf(b, ",>%s", res->streams[k].rule->id);
        BUF_LIT(b, ",>Payments");
        table_init(&x->t, b->buf);
        x->have_table = true;
    }
    const char *cells[TABLE_MAX_COLS];
    char text[TABLE_MAX_COLS][48];
    size_t k = 0, c = 0;
    cells[c++] = res->in->pcn_code;
    cells[c++] = res->in->pcn_name ? res->in->pcn_name : "";
    for (; k < res->nstreams && k < TABLE_MAX_COLS - 3; k++, c++) {
        snprintf(text[c], sizeof text[c], "%s", money_cell(b, res->streams[k].annual));
        cells[c] = text[c];
    }
    snprintf(text[c], sizeof text[c], "%s%s", money_cell(b, res->total), res->estimate ? " *" : "");
    cells[c] = text[c];
    table_row(&x->t, cells);
    return 0;
}

static int many_pcns(struct app *app, struct cli_fopts *f, const struct rules *r,
                     const struct rules_year *y)
{
    struct pcn_msg m = {0};
    struct arena a;
    struct many x = {.app = app, .f = f, .y = y};
    long skipped = 0;
    int rc = EXIT_OK;
    char fy[8];

    arena_init(&a, 0);
    buf_init(&x.b, 4096);
    fy_format(f->fy, fy);
    if (f->o.json)
        x.list = json_array();
    fundview_sheets_init(x.sheets, &a);
    if (cli_open_db(app, &m) ||
        funding_each_pcn(app->db, f->o.icb, f->fy, r, many_one, &x, &skipped, &m)) {
        rc = cli_fail(app, &m);
        goto out;
    }
    if (x.list) {
        json_t *o = fundview_many(f->fy, y, f->o.icb, x.list, x.total, x.up_to, x.estimates);
        x.list = NULL;
        cli_print_json(app, o);
    } else if (f->csv || f->xlsx) {
        rc = write_sheets(app, f, x.sheets);
    } else {
        if (x.have_table)
            table_print(&x.t, app->out);
        fprintf(app->out, "%ld PCN%s, %s of payments in all for %s", x.computed,
                x.computed == 1 ? "" : "s", money_cell(&x.b, x.total), fy);
        if (x.up_to)
            fprintf(app->out,
                    "; and up to %s to claim against (the ARRS sums: maxima, not "
                    "payments)",
                    money_cell(&x.b, x.up_to));
        if (x.estimates)
            fprintf(app->out,
                    "; %ld marked * are estimates (see 'pcnops entitlements PCN "
                    "--explain')",
                    x.estimates);
        fputs(".\n", app->out);
    }
    if (skipped)
        fprintf(app->err, "pcnops: %ld PCN%s had no member practices on the population date\n",
                skipped, skipped == 1 ? "" : "s");
out:
    if (x.have_table)
        table_release(&x.t);
    json_decref(x.list);
    buf_release(&x.b);
    arena_release(&a);
    return rc;
}

int cmd_entitlements(struct app *app, int argc, char **argv)
{
    struct cli_fopts f;
    struct arena a;
    struct rules r;
    const struct rules_year *y;
    int rc;

    if ((rc = cli_funding_parse(app, argc, argv, &f)))
        goto out0;
    bool many = f.all || f.o.icb;
    if (f.month || f.beds || f.achieved || f.method || f.stream || f.fixed || f.o.have_on) {
        rc = cli_usage(app, "entitlements takes --year, --explain, --practices, --json, --csv, "
                            "--xlsx FILE, --icb, --all and --rules");
        goto out0;
    }
    if (f.all && f.o.icb) {
        rc = cli_usage(app, "entitlements: --icb CODE or --all, not both");
        goto out0;
    }
    if (many ? (f.o.nargs != 0 || f.explain || f.practices) : f.o.nargs != 1) {
        rc = cli_usage(app, many ? "entitlements --icb CODE or --all takes no PCN, --explain or "
                                   "--practices"
                                 : "entitlements needs one PCN code (or --icb CODE, or --all)");
        goto out0;
    }
    if (f.o.json + f.csv + (f.xlsx != NULL) > 1) {
        rc = cli_usage(app, "entitlements: one of --json, --csv and --xlsx FILE");
        goto out0;
    }
    arena_init(&a, 0);
    if (!(rc = cli_funding_rules(app, rules_dir_default(f.rules), f.fy, &a, &r, &y)))
        rc = many ? many_pcns(app, &f, &r, y) : one_pcn(app, &f, &r, y, &a);
    arena_release(&a);
out0:
    cli_funding_release(&f);
    return rc;
}

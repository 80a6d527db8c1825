/* cli_payments.c: `pcnops payments PCN [--year Y] [--json] [--rules DIR]`:
 * what NHS England paid the PCN in the year (from `pcnops import
 * nhs-payments`), per stream beside what PCN Ops works out, the
 * difference and the known reasons a cash figure differs (nhspay.h).  The
 * year defaults to today's.  --json prints what
 * /api/v1/pcns/CODE/payments answers.  Exit 1 when no payments of the
 * PCN's year are loaded. */
#include "common.h"
#include "buf.h"
#include "cli.h"
#include "nhspay.h"
#include "rules.h"
#include "table.h"

static const char *money_text(struct arena *a, bool known, pence_t v, const char *none)
{
    return known ? cli_pounds(a, v) : none;
}

int cmd_payments(struct app *app, int argc, char **argv)
{
    struct pcn_msg m = {0};
    struct opts o = {0};
    const char *year = NULL, *rules_dir = NULL;
    const struct cli_flag flags[] = {{"--year", &year, NULL}, {"--rules", &rules_dir, NULL}};
    struct arena a;
    int rc;

    if ((rc = cli_parse_flags(app, argc, argv, flags, ARRAY_SIZE(flags), &o)))
        return rc;
    arena_init(&a, 0);
    fy_t fy;
    if (o.nargs != 1 || o.have_on || o.icb) {
        rc = cli_usage(app, "payments needs one PCN code: payments PCN [--year 2022/23] [--json]");
        goto out;
    }
    if ((rc = cli_year(app, year, "2022/23", &fy)))
        goto out;
    const char *dir = rules_dir_default(rules_dir);
    struct rules r;
    struct rules_diag d = {0};
    int lr = rules_load(dir, &a, &r, &d, &m);
    if (lr && lr != PCN_EINVAL) {
        rc = cli_fail(app, &m);
        goto out;
    }
    if (cli_open_db(app, &m)) {
        rc = cli_fail(app, &m);
        goto out;
    }
    struct nhspay_view v;
    char fyl[8];
    fy_format(fy, fyl);
    /* Rules with problems are not used: the paid figures stand alone. */
    rc = nhspay_gather(app->db, lr ? NULL : &r, dir, o.args[0], fy, NULL, &a, &v, &m);
    if (rc == PCN_ENOTFOUND) {
        fprintf(app->err,
                "pcnops: no payments of NHS England to %s are loaded for %s (pcnops import "
                "nhs-payments FILE)\n",
                o.args[0], fyl);
        rc = EXIT_BAD;
        goto out;
    }
    if (rc) {
        rc = cli_fail(app, &m);
        goto out;
    }
    if (o.json) {
        cli_print_json(app, nhspay_json(&v.paid, &v.cmp));
        rc = EXIT_OK;
        goto out;
    }
    const struct nhspay_cmp *c = &v.cmp;
    fprintf(app->out, "%s %s: paid by NHS England (%s, cash paid 1 April %d to 31 March %d)\n\n",
            o.args[0], fyl, v.paid.source, (int)fy, (int)fy + 1);
    struct table t;
    table_init(&t, c->rules ? "Stream,>Paid,>Worked out,>Difference" : "Stream,>Paid");
    for (size_t k = 0; k < c->nrows; k++) {
        const struct nhspay_row *w = &c->rows[k];
        const char *cells[4] = {
            w->name,
            money_text(&a, w->has_paid, w->paid, "not in the file"),
            w->has_worked ? arena_printf(&a, "%s%s", money_text(&a, true, w->worked, ""),
                                         w->maximum ? " (maximum)" : "")
                          : "not worked out",
            money_text(&a, w->has_paid && w->has_worked, w->difference, ""),
        };
        table_row(&t, cells);
    }
    if (c->rules) {
        const char *cells[4] = {"Payments beside a payment worked out",
                                money_text(&a, true, c->paid_beside, ""),
                                money_text(&a, true, c->worked_total, ""),
                                money_text(&a, true, c->paid_beside - c->worked_total, "")};
        table_row(&t, cells);
    }
    const char *last[4] = {"Everything paid in the file", money_text(&a, true, c->paid_total, ""),
                           "", ""};
    table_row(&t, last);
    table_print(&t, app->out);
    table_release(&t);
    for (size_t i = 0; i < c->nnotes; i++)
        fprintf(app->out, "\n%s", c->notes[i]);
    fputc('\n', app->out);
    for (size_t k = 0; k < c->nrows; k++) {
        const struct nhspay_row *w = &c->rows[k];
        if (!w->nreasons)
            continue;
        fprintf(app->out, "\n%s%s%s%s:\n", w->name, w->columns ? " (" : "",
                w->columns ? w->columns : "", w->columns ? ")" : "");
        for (size_t i = 0; i < w->nreasons; i++)
            fprintf(app->out, "  - %s\n", w->reasons[i]);
    }
    rc = EXIT_OK;
out:
    arena_release(&a);
    free(o.args);
    return rc;
}

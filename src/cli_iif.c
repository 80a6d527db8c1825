/* cli_iif.c: `pcnops iif ...` and `pcnops caip ...`: a PCN's Investment and
 * Impact Fund indicators (achievement, points, payment, what-if, practice
 * by practice), the figures entered month by month, prevalences, the
 * practices a publication could not place in a PCN, and the CAIP
 * self-assessment tracker.  Every change is written to the audit log with
 * its before and after, as the web pages do. */
#include "common.h"
#include "arrs.h"
#include "audit.h"
#include "buf.h"
#include "caip.h"
#include "cli.h"
#include "iif.h"
#include "iifdata.h"
#include "iifview.h"
#include "regview.h"
#include "rules.h"
#include "sheet.h"
#include "table.h"

static int load_rules(struct app *app, const char *dir, struct arena *a, struct rules *r)
{
    struct rules_diag d = {0};
    struct pcn_msg m = {0};
    int rc = rules_load(rules_dir_default(dir), a, r, &d, &m);
    if (rc) {
        long kept = d.nerrors < LIMIT_RULES_ERRORS_KEPT ? d.nerrors : LIMIT_RULES_ERRORS_KEPT;
        for (long i = 0; i < kept; i++)
            fprintf(app->err, "%s\n", d.errors[i]);
        return cli_fail(app, &m);
    }
    return 0;
}

/* --year, else this year, else the latest year of the rules before it. */
static int year_opt(struct app *app, const struct rules *r, const char *s, fy_t *fy)
{
    bool fallback;
    if (s) {
        if (fy_parse(s, fy))
            return cli_usage(app, "--year: '%s' is not a financial year (like 2023/24)", s);
        return 0;
    }
    *fy = arrs_default_year(r, app->today, &fallback);
    if (!*fy)
        return cli_usage(app, "the rules have no year up to today: give --year");
    return 0;
}

static int count_opt(struct app *app, const char *name, const char *s, int64_t *out)
{
    if (!s || parse_i64(s, 0, INT64_C(1000000000000), out))
        return cli_usage(app, "%s: give a whole number from 0", name);
    return 0;
}

static const char *pct(struct buf *b, bool known, int64_t bp)
{
    buf_reset(b);
    if (!known)
        return "-";
    fixed_add(b, bp, 2, 2, false);
    buf_addc(b, '%');
    return b->buf;
}

static const char *pts(struct buf *b, bool known, int64_t v)
{
    buf_reset(b);
    if (!known)
        return "-";
    fixed_add(b, v, 3, 0, false);
    return b->buf;
}

static const char *cnt(struct buf *b, int64_t v)
{
    buf_reset(b);
    if (v < 0)
        return "-";
    buf_add_i64(b, v, true);
    return b->buf;
}

static const char *gbp(struct buf *b, bool known, pence_t v)
{
    buf_reset(b);
    if (!known)
        return "not known";
    money_add_display2(b, v);
    return b->buf;
}

static void print_year(struct app *app, const struct iif_pcn *p, const struct iif_result *r,
                       const struct rules_year *y, bool whatif, bool practices, bool explain,
                       struct arena *a)
{
    FILE *out = app->out;
    char fy[8];
    struct buf b1, b2, b3, b4, b5, b6;
    buf_init(&b1, 64);
    buf_init(&b2, 64);
    buf_init(&b3, 64);
    buf_init(&b4, 64);
    buf_init(&b5, 256);
    buf_init(&b6, 64);
    fy_format(r->fy, fy);
    fprintf(out, "%s  %s: Investment and Impact Fund %s (%s)\n", p->code, p->name, fy, y->dir);
    const struct rule_iif_value *v = r->value;
    fprintf(out, "Point value        %s\n",
            v && v->has_value ? gbp(&b1, true, v->value) : "not known (the rules have none)");
    const struct iif_list *l = &p->in.list;
    if (l->known)
        fprintf(out, "List sizes         the PCN's %s of %s patients in %s PCNs%s%s\n",
                cnt(&b1, l->pcn_list), cnt(&b2, l->national_list), cnt(&b3, l->national_pcns),
                l->note ? "; " : "", l->note ? l->note : "");
    else
        fprintf(out, "List sizes         not known: %s\n", l->note ? l->note : "");
    fputc('\n', out);
    struct table t;
    table_init(&t, "Code,Status,>Numerator,>Denominator,>Achievement,>Points,>Deemed,>Payment");
    for (size_t i = 0; i < r->nind; i++) {
        const struct iif_result_ind *x = &r->ind[i];
        char num[32], den[32];
        snprintf(num, sizeof num, "%s", cnt(&b1, x->numerator));
        snprintf(den, sizeof den, "%s", cnt(&b1, x->denominator));
        const char *cells[] = {x->code,
                               iif_status_label(x->status),
                               num,
                               den,
                               pct(&b2, x->has_achievement, x->achievement_bp),
                               pts(&b3, x->has_points, x->points),
                               pts(&b4, x->deemed, x->deemed_points),
                               x->rule->payment ? gbp(&b6, x->has_payment, x->payment) : "-"};
        table_row(&t, cells);
    }
    table_print(&t, out);
    table_release(&t);
    size_t npay = 0;
    for (size_t i = 0; i < r->nind; i++)
        npay += r->ind[i].rule->payment;
    fprintf(out, "\nPoints that count: %s. Payments worked out: %s", pts(&b1, true, r->points),
            npay > r->payments_missing ? gbp(&b2, true, r->payment) : "none");
    if (r->payments_missing)
        fprintf(out, "; %zu of %zu cannot be worked out", r->payments_missing, npay);
    fprintf(out, ".\n");
    for (size_t i = 0; i < r->nind; i++) {
        const struct iif_result_ind *x = &r->ind[i];
        if (x->rule->payment && !x->has_payment && x->missing)
            fprintf(out, "  %s: no payment: %s.\n", x->code, x->missing);
        if (x->deemed)
            fprintf(out, "  %s: deemed achieved: %s points count whatever the data%s%s.\n",
                    x->code, pts(&b1, true, x->deemed_points),
                    x->has_points ? "; the data alone earns " : "",
                    x->has_points ? pts(&b2, true, x->points) : "");
    }
    if (whatif) {
        fprintf(out, "\nWhat if: the upper threshold\n");
        for (size_t i = 0; i < r->nind; i++) {
            const struct iif_result_ind *x = &r->ind[i];
            const struct iif_whatif *w = &x->whatif;
            if (!x->rule->payment)
                continue;
            if (!w->known) {
                fprintf(out, "  %s: not worked out (%s)\n", x->code,
                        !x->rule->has_lower ? "the thresholds are not known"
                        : x->has_data       ? "no patients in the denominator"
                                            : "no figures");
                continue;
            }
            if (w->patients == 0) {
                fprintf(out, "  %s: at or above the upper threshold %s already.\n", x->code,
                        pct(&b1, true, x->rule->upper_bp));
                continue;
            }
            buf_reset(&b5);
            buf_printf(&b5, "  %s: %s more patients reach %s (%s of %s)", x->code,
                       cnt(&b1, w->patients), pct(&b2, true, x->rule->upper_bp),
                       cnt(&b3, w->target), cnt(&b4, x->denominator));
            if (w->has_points)
                buf_printf(&b5, ": %s more points", pts(&b1, true, w->points_gain));
            if (w->has_payment)
                buf_printf(&b5, ", worth %s", gbp(&b1, true, w->payment_gain));
            else if (w->has_points)
                buf_printf(&b5, " (their worth is not known: %s)", x->missing ? x->missing : "no payment");
            if (w->deemed)
                buf_printf(&b5, "; the points were deemed earned this year, so the payment "
                                "does not change");
            fprintf(out, "%s.\n", b5.buf);
        }
    }
    if (practices) {
        for (size_t i = 0; i < r->nind; i++) {
            const struct iif_result_ind *x = &r->ind[i];
            const struct iif_members *mb = iifdata_members(p, x->code);
            struct iif_practice_out *o;
            struct pcn_msg m = {0};
            if (!mb || !x->rule->payment)
                continue;
            fprintf(out, "\n%s practice by practice (members on %s)\n", x->code,
                    (buf_reset(&b5), date_add_uk(&b5, mb->on), b5.buf));
            if (iif_breakdown(x->rule, mb->practices, mb->n, p->in.rounding, a, &o, &m)) {
                fprintf(out, "  not worked out: %s\n", m.text);
                continue;
            }
            table_init(&t, "Practice,Name,>Numerator,>Denominator,>Achievement,>Share,>To upper,"
                           ">PCN points gain");
            for (size_t k = 0; k < mb->n; k++) {
                const struct iif_practice_out *q = &o[k];
                char num[32], den[32], up[32];
                snprintf(num, sizeof num, "%s", q->has_data ? cnt(&b1, q->numerator) : "-");
                snprintf(den, sizeof den, "%s", q->has_data ? cnt(&b1, q->denominator) : "-");
                snprintf(up, sizeof up, "%s", q->to_upper >= 0 ? cnt(&b1, q->to_upper) : "-");
                const char *cells[] = {q->code,
                                       q->name ? q->name : "",
                                       num,
                                       den,
                                       pct(&b2, q->has_achievement, q->achievement_bp),
                                       pct(&b3, q->share_numerator_bp >= 0, q->share_numerator_bp),
                                       up,
                                       pts(&b4, q->has_gain, q->gain_points)};
                table_row(&t, cells);
            }
            table_print(&t, out);
            table_release(&t);
        }
    }
    if (explain) {
        for (size_t i = 0; i < r->nind; i++) {
            const struct iif_result_ind *x = &r->ind[i];
            fprintf(out, "\n%s: how this was worked out%s\n", x->code,
                    x->conf == CONF_UNCONFIRMED ? " (unconfirmed)" : x->conf == CONF_CARRIED ? " (provisional)" : "");
            for (size_t k = 0; k < x->trail.n; k++) {
                const struct trail_step *s = &x->trail.steps[k];
                fprintf(out, "  %zu. %s", k + 1, s->text);
                if (s->source)
                    fprintf(out, " [%s%s%s]", s->source, s->conf != CONF_NONE ? ", " : "",
                            s->conf != CONF_NONE ? conf_label(s->conf) : "");
                fputc('\n', out);
            }
        }
    }
    buf_release(&b1);
    buf_release(&b2);
    buf_release(&b3);
    buf_release(&b4);
    buf_release(&b5);
    buf_release(&b6);
}

static int parse_month(const char *s, int *year, int *month)
{
    int64_t y, mo;
    if (!s || strlen(s) != 7 || s[4] != '-' || parse_i64n(s, 4, 1900, 2999, &y) ||
        parse_i64n(s + 5, 2, 1, 12, &mo))
        return PCN_EINVAL;
    *year = (int)y;
    *month = (int)mo;
    return 0;
}

/* iif --all: every PCN's year, worked out one PCN at a time (memory is the
 * year's tables and one PCN).  A table of each PCN's points and payment;
 * --json an array of the PCNs' years as `iif PCN --json` gives each (the
 * practices and the working only when asked for); --csv one row per PCN
 * and indicator. */
struct all_out {
    const struct rules_year *y;
    bool json, csv, practices, explain;
    json_t *arr;
    struct sheet sh;
    struct table t;
    struct buf b;
};

static int all_one(void *ctx, struct iif_pcn *p, struct arena *pa, struct pcn_msg *m)
{
    struct all_out *o = ctx;
    struct iif_result res;
    p->in.no_working = !o->explain;   /* the working only when asked for */
    int rc = iif_compute(o->y, &p->in, pa, &res, m);
    if (rc)
        return rc;
    if (o->json) {
        struct iifview_opts vo = {.practices = o->practices, .explain = o->explain, .a = pa};
        json_t *j = iifview_pcn(p, &res, o->y, &vo, m);
        if (!j)
            return PCN_EINVAL;
        json_array_append_new(o->arr, j);
        return 0;
    }
    if (o->csv) {
        struct sheet *sh = &o->sh;
        for (size_t k = 0; k < res.nind; k++) {
            const struct iif_result_ind *d = &res.ind[k];
            sheet_row(sh);
            sheet_text(sh, p->code);
            sheet_text(sh, p->name);
            sheet_text(sh, d->code);
            sheet_text(sh, iif_status_label(d->status));
            if (d->has_data) {
                sheet_num(sh, d->numerator);
                sheet_num(sh, d->denominator);
            } else {
                sheet_empty(sh);
                sheet_empty(sh);
            }
            if (d->has_achievement)
                sheet_num(sh, d->achievement_bp * 100);   /* per cent, ten-thousandths */
            else
                sheet_empty(sh);
            if (d->has_points)
                sheet_num(sh, d->points * 10);            /* thousandths to ten-thousandths */
            else
                sheet_empty(sh);
            if (d->deemed)
                sheet_num(sh, d->deemed_points * 10);
            else
                sheet_empty(sh);
            if (d->has_payment)
                sheet_num(sh, d->payment);
            else
                sheet_empty(sh);
            sheet_text(sh, d->has_payment ? NULL : d->missing);
        }
        return 0;
    }
    char pts[32], miss[24];
    buf_reset(&o->b);
    money_add_display(&o->b, res.payment);
    snprintf(pts, sizeof pts, "%" PRId64 ".%03" PRId64, res.points / 1000, res.points % 1000);
    snprintf(miss, sizeof miss, "%zu", res.payments_missing);
    const char *cells[] = {p->code, p->name, pts, o->b.buf, miss};
    table_row(&o->t, cells);
    return 0;
}

static int all_pcns(struct app *app, const struct rules *r, fy_t fy, date_t over, bool json,
                    bool csv, bool practices, bool explain, struct arena *a)
{
    static const struct sheet_col cols[] = {
        {"PCN code", SH_TEXT},     {"PCN name", SH_TEXT},
        {"Indicator", SH_TEXT},    {"Status", SH_TEXT},
        {"Numerator", SH_INT},     {"Denominator", SH_INT},
        {"Achievement (%)", SH_WTE},   /* decimals: ten-thousandths */
        {"Points", SH_WTE},
        {"Points deemed", SH_WTE},
        {"Payment (£)", SH_PENCE}, {"Payment not worked out because", SH_TEXT},
    };
    struct pcn_msg m = {0};
    struct all_out o = {.y = rules_year(r, fy), .json = json, .csv = csv,
                        .practices = practices, .explain = explain};
    if (json)
        o.arr = json_array();
    else if (csv)
        sheet_init(&o.sh, a, "IIF", cols, ARRAY_SIZE(cols));
    else
        table_init(&o.t, "PCN,Name,>Points,>Payment,>Payments not worked out");
    buf_init(&o.b, 64);
    int rc = iifdata_each(app->db, r, fy, over, a, all_one, &o, &m);
    buf_release(&o.b);
    if (rc) {
        if (json)
            json_decref(o.arr);
        else if (!csv)
            table_release(&o.t);
        return cli_fail(app, &m);
    }
    if (json) {
        cli_print_json(app, o.arr);
        return EXIT_OK;
    }
    if (!csv) {
        table_print(&o.t, app->out);
        table_release(&o.t);
        return EXIT_OK;
    }
    struct buf b;
    buf_init(&b, LIMIT_BUF_DEFAULT);
    rc = sheet_write_csv(&o.sh, &b);
    if (!rc)
        fwrite(b.buf, 1, b.len, app->out);
    buf_release(&b);
    if (rc) {
        msg_set(&m, rc, "the CSV is larger than %ld bytes", (long)LIMIT_BUF_DEFAULT);
        return cli_fail(app, &m);
    }
    return EXIT_OK;
}

int cmd_iif(struct app *app, int argc, char **argv)
{
    struct pcn_msg m = {0};
    struct arena a;
    struct rules r;
    struct opts o = {0};
    const char *rules_dir = NULL, *year = NULL, *members_on = NULL, *code = NULL, *month = NULL,
               *num = NULL, *den = NULL, *practice = NULL, *patients = NULL, *list = NULL;
    bool explain = false, practices = false, whatif = false, all = false, csv = false;
    const struct cli_flag flags[] = {
        {"--all", NULL, &all},           {"--csv", NULL, &csv},
        {"--rules", &rules_dir, NULL},   {"--year", &year, NULL},
        {"--members-on", &members_on, NULL}, {"--code", &code, NULL},
        {"--month", &month, NULL},       {"--numerator", &num, NULL},
        {"--denominator", &den, NULL},   {"--practice", &practice, NULL},
        {"--patients", &patients, NULL}, {"--list", &list, NULL},
        {"--explain", NULL, &explain},   {"--practices", NULL, &practices},
        {"--what-if", NULL, &whatif},
    };
    int rc;

    if (argc < 1)
        return cli_usage(app, "iif needs a PCN code, or enter, entries, prevalence or unallocated");
    static const char *const verbs[] = {"enter", "entries", "prevalence", "unallocated"};
    const char *verb = NULL;
    for (size_t i = 0; i < ARRAY_SIZE(verbs); i++)
        if (strcmp(argv[0], verbs[i]) == 0)
            verb = verbs[i];
    if (verb) {
        argc--;
        argv++;
    }
    if ((rc = cli_parse_flags(app, argc, argv, flags, ARRAY_SIZE(flags), &o))) {
        free(o.args);
        return rc;
    }
    arena_init(&a, 0);
    if (cli_open_db(app, &m)) {
        rc = cli_fail(app, &m);
        goto out;
    }
    if ((rc = load_rules(app, rules_dir, &a, &r)))
        goto out;
    fy_t fy;

    if (!verb && all) {
        date_t over = DATE_NONE;
        if (o.nargs != 0 || (csv && o.json) || whatif) {
            rc = cli_usage(app, "iif --all [--year YEAR] [--members-on DATE] [--json [--practices] "
                                "[--explain] | --csv]");
            goto out;
        }
        if (members_on && date_parse_iso(members_on, strlen(members_on), &over)) {
            rc = cli_usage(app, "--members-on: '%s' is not a date (YYYY-MM-DD)", members_on);
            goto out;
        }
        if ((rc = year_opt(app, &r, year, &fy)))
            goto out;
        rc = all_pcns(app, &r, fy, over, o.json, csv, practices, explain, &a);
        goto out;
    }
    if (!verb) {
        if (o.nargs != 1) {
            rc = cli_usage(app, "iif PCN [--year YEAR] [--what-if] [--practices] [--explain] "
                                "[--members-on DATE] [--json]");
            goto out;
        }
        date_t over = DATE_NONE;
        if (members_on && date_parse_iso(members_on, strlen(members_on), &over)) {
            rc = cli_usage(app, "--members-on: '%s' is not a date (YYYY-MM-DD)", members_on);
            goto out;
        }
        if ((rc = year_opt(app, &r, year, &fy)))
            goto out;
        struct iif_pcn p;
        struct iif_result res;
        const struct rules_year *y;
        if (iifdata_pcn(app->db, &r, o.args[0], fy, over, &a, &p, &m) ||
            !(y = rules_year(&r, fy)) || iif_compute(y, &p.in, &a, &res, &m)) {
            rc = cli_fail(app, &m);
            goto out;
        }
        if (o.json) {
            struct iifview_opts vo = {.practices = practices, .explain = explain, .a = &a};
            json_t *j = iifview_pcn(&p, &res, y, &vo, &m);
            if (!j) {
                rc = cli_fail(app, &m);
                goto out;
            }
            cli_print_json(app, j);
        } else {
            print_year(app, &p, &res, y, whatif, practices, explain, &a);
        }
        rc = EXIT_OK;
        goto out;
    }

    if (!strcmp(verb, "enter")) {
        int yy, mm;
        int64_t n, d;
        if (o.nargs != 1 || !code || !month) {
            rc = cli_usage(app, "iif enter PCN --code CODE --month YYYY-MM --numerator N "
                                "--denominator N [--practice CODE]");
            goto out;
        }
        if (parse_month(month, &yy, &mm)) {
            rc = cli_usage(app, "--month: '%s' is not a month (YYYY-MM)", month);
            goto out;
        }
        if ((rc = count_opt(app, "--numerator", num, &n)) ||
            (rc = count_opt(app, "--denominator", den, &d)))
            goto out;
        bool had;
        struct iif_entry before;
        const char *pcn = o.args[0], *org = practice ? practice : pcn;
        struct audit_entry note;
        audit_note_cli(&note, &a, "iif-enter", "pcn", pcn, NULL);
        if (iifdata_enter(app->db, &r, pcn, org, code, yy, mm, n, d, time(NULL), &note, &had,
                          &before, NULL, &m)) {
            rc = cli_fail(app, &m);
            goto out;
        }
        struct buf b;
        buf_init(&b, 64);
        fprintf(app->out, "%s %s for %s %d: %s", org, code, date_month_name(mm), yy,
                cnt(&b, n));
        fprintf(app->out, " of %s%s.\n", cnt(&b, d), had ? " (replacing the figures entered)" : "");
        buf_release(&b);
        rc = EXIT_OK;
        goto out;
    }

    if (!strcmp(verb, "entries")) {
        struct iif_entry *e;
        size_t n;
        if (o.nargs != 1) {
            rc = cli_usage(app, "iif entries PCN [--year YEAR] [--json]");
            goto out;
        }
        if ((rc = year_opt(app, &r, year, &fy)))
            goto out;
        if (iifdata_entries(app->db, o.args[0], fy, &a, &e, &n, &m)) {
            rc = cli_fail(app, &m);
            goto out;
        }
        if (o.json) {
            cli_print_json(app, iifview_entries(e, n));
        } else {
            struct table t;
            struct buf b1, b2;
            buf_init(&b1, 64);
            buf_init(&b2, 64);
            table_init(&t, "Month,Indicator,Organisation,>Numerator,>Denominator");
            for (size_t i = 0; i < n; i++) {
                char mon[8], nn[32];
                snprintf(mon, sizeof mon, "%04d-%02d", e[i].year, e[i].month);
                snprintf(nn, sizeof nn, "%s", cnt(&b1, e[i].numerator));
                const char *cells[] = {mon, e[i].code, e[i].org, nn, cnt(&b2, e[i].denominator)};
                table_row(&t, cells);
            }
            table_print(&t, app->out);
            table_release(&t);
            buf_release(&b1);
            buf_release(&b2);
            fprintf(app->out, "%zu entr%s.\n", n, n == 1 ? "y" : "ies");
        }
        rc = EXIT_OK;
        goto out;
    }

    if (!strcmp(verb, "prevalence")) {
        int64_t pat, lst;
        if (o.nargs != 1 || !code) {
            rc = cli_usage(app, "iif prevalence PCN|national --year YEAR --code CODE --patients N "
                                "--list N");
            goto out;
        }
        if ((rc = year_opt(app, &r, year, &fy)) ||
            (rc = count_opt(app, "--patients", patients, &pat)) ||
            (rc = count_opt(app, "--list", list, &lst)))
            goto out;
        char fyl[8];
        fy_format(fy, fyl);
        struct audit_entry note;
        audit_note_cli(&note, &a, "iif-prevalence",
                       strcmp(o.args[0], "national") ? "pcn" : "national", o.args[0],
                       json_pack("{s:s,s:s,s:I,s:I}", "year", fyl, "code", code, "patients",
                                 (json_int_t)pat, "list_size", (json_int_t)lst));
        if (iifdata_set_prevalence(app->db, &r, fy, code, o.args[0], pat, lst, &note, &m)) {
            rc = cli_fail(app, &m);
            goto out;
        }
        fprintf(app->out, "%s prevalence of %s for %s: %" PRId64 " of %" PRId64 ".\n", code,
                o.args[0], fyl, pat, lst);
        rc = EXIT_OK;
        goto out;
    }

    /* unallocated */
    if (o.nargs != 0) {
        rc = cli_usage(app, "iif unallocated --year YEAR [--json]");
        goto out;
    }
    if ((rc = year_opt(app, &r, year, &fy)))
        goto out;
    struct iif_orphan *orph;
    size_t n;
    date_t ach;
    if (iifdata_unallocated(app->db, fy, &a, &ach, &orph, &n, &m)) {
        rc = cli_fail(app, &m);
        goto out;
    }
    if (o.json) {
        cli_print_json(app, iifview_unallocated(fy, ach, orph, n));
    } else {
        char fyl[8];
        fy_format(fy, fyl);
        if (ach == DATE_NONE) {
            fprintf(app->out, "No practice figures of %s are imported.\n", fyl);
        } else {
            struct buf b;
            buf_init(&b, 64);
            date_add_uk(&b, ach);
            struct table t;
            table_init(&t, "Practice,Name");
            for (size_t i = 0; i < n; i++) {
                const char *cells[] = {orph[i].code, orph[i].name};
                table_row(&t, cells);
            }
            if (n)
                table_print(&t, app->out);
            table_release(&t);
            fprintf(app->out, "%zu practice%s with %s figures %s no known PCN on %s.\n", n,
                    n == 1 ? "" : "s", fyl, n == 1 ? "has" : "have", b.buf);
            buf_release(&b);
        }
    }
    rc = EXIT_OK;
out:
    arena_release(&a);
    free(o.args);
    return rc;
}

int cmd_caip(struct app *app, int argc, char **argv)
{
    struct pcn_msg m = {0};
    struct arena a;
    struct rules r;
    struct opts o = {0};
    const char *rules_dir = NULL, *year = NULL, *criterion = NULL, *status = NULL,
               *evidence = NULL, *date = NULL;
    const struct cli_flag flags[] = {
        {"--rules", &rules_dir, NULL},   {"--year", &year, NULL},
        {"--criterion", &criterion, NULL}, {"--status", &status, NULL},
        {"--evidence", &evidence, NULL}, {"--date", &date, NULL},
    };
    int rc;
    const char *verb = NULL;
    if (argc < 1)
        return cli_usage(app, "caip needs a PCN code, or set or declare");
    if (!strcmp(argv[0], "set") || !strcmp(argv[0], "declare")) {
        verb = argv[0];
        argc--;
        argv++;
    }
    if ((rc = cli_parse_flags(app, argc, argv, flags, ARRAY_SIZE(flags), &o))) {
        free(o.args);
        return rc;
    }
    arena_init(&a, 0);
    if (cli_open_db(app, &m)) {
        rc = cli_fail(app, &m);
        goto out;
    }
    if ((rc = load_rules(app, rules_dir, &a, &r)))
        goto out;
    fy_t fy;
    if (o.nargs != 1) {
        rc = verb ? cli_usage(app, "caip %s PCN --year YEAR ...", verb)
                  : cli_usage(app, "caip PCN [--year YEAR] [--json]");
        goto out;
    }
    if ((rc = year_opt(app, &r, year, &fy)))
        goto out;
    const char *pcn = o.args[0];
    char fyl[8];
    fy_format(fy, fyl);
    if (verb && !strcmp(verb, "set")) {
        enum caip_status st;
        if (!criterion || caip_status_parse(status, &st)) {
            rc = cli_usage(app, "caip set PCN --year YEAR --criterion ID --status "
                                "not_started|in_progress|met|not_met [--evidence TEXT]");
            goto out;
        }
        struct caip_change chg;
        struct audit_entry note;
        audit_note_cli(&note, &a, "caip-set", "pcn", pcn, NULL);
        if (caip_set(app->db, &r, pcn, fy, criterion, st, evidence, time(NULL), &note, &chg,
                     &m)) {
            rc = cli_fail(app, &m);
            goto out;
        }
        fprintf(app->out, "%s %s: %s is %s.", pcn, fyl, criterion, caip_status_label(st));
        if (chg.fed) {
            struct buf b;
            buf_init(&b, 32);
            fixed_add(&b, chg.bp_after, 2, 0, false);
            fprintf(app->out, " The entitlements now count %s%% of the CAIP maximum.\n", b.buf);
            buf_release(&b);
        } else {
            fprintf(app->out, " The achieved share cannot be worked out yet, so the "
                              "entitlements are as they were.\n");
        }
        rc = EXIT_OK;
        goto out;
    }
    if (verb) {   /* declare */
        date_t on, before;
        if (!date || date_parse_iso(date, strlen(date), &on)) {
            rc = cli_usage(app, "caip declare PCN --year YEAR --date YYYY-MM-DD");
            goto out;
        }
        struct audit_entry note;
        audit_note_cli(&note, &a, "caip-declare", "pcn", pcn, NULL);
        if (caip_declare(app->db, &r, pcn, fy, on, time(NULL), &note, &before, &m)) {
            rc = cli_fail(app, &m);
            goto out;
        }
        fprintf(app->out, "%s %s: CAIP achievement declared on %s.\n", pcn, fyl, date);
        rc = EXIT_OK;
        goto out;
    }
    struct caip_view v;
    if (caip_get(app->db, &r, pcn, fy, &a, &v, &m)) {
        rc = cli_fail(app, &m);
        goto out;
    }
    if (o.json) {
        cli_print_json(app, iifview_caip(&v));
    } else {
        struct table t;
        struct buf b;
        buf_init(&b, 64);
        fprintf(app->out, "%s: Capacity and Access Improvement Payment %s (%s)\n", pcn, fyl,
                v.y->dir);
        table_init(&t, "Criterion,Name,>Weight,Status,Evidence");
        for (size_t i = 0; i < v.n; i++) {
            const struct caip_item *it = &v.items[i];
            char w[32] = "not known";
            if (it->rule->has_weight) {
                buf_reset(&b);
                fixed_add(&b, it->rule->weight, 2, 0, false);
                snprintf(w, sizeof w, "%s", b.buf);
            }
            const char *cells[] = {it->rule->id, it->rule->name, w,
                                   caip_status_label(it->recorded ? it->status : CAIP_NOT_STARTED),
                                   it->evidence};
            table_row(&t, cells);
        }
        table_print(&t, app->out);
        table_release(&t);
        buf_reset(&b);
        if (v.declared_on != DATE_NONE)
            date_add_uk(&b, v.declared_on);
        fprintf(app->out, "Declared            %s\n", v.declared_on != DATE_NONE ? b.buf : "not yet");
        if (v.share.known) {
            buf_reset(&b);
            fixed_add(&b, v.share.achieved_bp, 2, 0, false);
            fprintf(app->out, "Achieved share      %s%% (%zu of %zu criteria met)\n", b.buf,
                    v.share.met, v.share.n);
        } else {
            fprintf(app->out, "Achieved share      not known: %s\n", v.share.why);
        }
        buf_reset(&b);
        if (v.entitlement_known)
            fixed_add(&b, v.entitlement_bp, 2, 0, false);
        fprintf(app->out, "In the entitlements %s%s\n", v.entitlement_known ? b.buf : "not set",
                v.entitlement_known ? "%" : "");
        buf_release(&b);
    }
    rc = EXIT_OK;
out:
    arena_release(&a);
    free(o.args);
    return rc;
}

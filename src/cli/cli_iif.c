/* cli_iif.c: `pcnops iif ...`: a PCN's Investment and Impact Fund
 * indicators (achievement, points, payment, what-if, practice by
 * practice), the figures entered month by month, prevalences, and the
 * practices a publication could not place in a PCN (cli_iif.h); the CAIP
 * self-assessment is in cli_caip.c.  Every change is written to the audit
 * log with its before and after, as the web pages do. */
#include "common.h"
#include "arrs.h"
#include "audit.h"
#include "buf.h"
#include "cli.h"
#include "cli_iif.h"
#include "iif.h"
#include "iifdata.h"
#include "iifview.h"
#include "regview.h"
#include "rules.h"
#include "sheet.h"
#include "table.h"

int cli_iif_year(struct app *app, const struct rules *r, const char *s, fy_t *fy)
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

/* The buffers a printer formats its cells in. */
struct bufs {
    struct buf b1, b2, b3, b4, b5;
};

static void bufs_init(struct bufs *s)
{
    buf_init(&s->b1, 64);
    buf_init(&s->b2, 64);
    buf_init(&s->b3, 64);
    buf_init(&s->b4, 64);
    buf_init(&s->b5, 256);
}

static void bufs_release(struct bufs *s)
{
    buf_release(&s->b1);
    buf_release(&s->b2);
    buf_release(&s->b3);
    buf_release(&s->b4);
    buf_release(&s->b5);
}

/* --what-if: what reaching each upper threshold would take and earn. */
static void print_whatif(FILE *out, const struct iif_result *r)
{
    struct bufs s;
    bufs_init(&s);
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
                    pct(&s.b1, true, x->rule->upper_bp));
            continue;
        }
        buf_reset(&s.b5);
        buf_printf(&s.b5, "  %s: %s more patients reach %s (%s of %s)", x->code,
                   cnt(&s.b1, w->patients), pct(&s.b2, true, x->rule->upper_bp),
                   cnt(&s.b3, w->target), cnt(&s.b4, x->denominator));
        if (w->has_points)
            buf_printf(&s.b5, ": %s more points", pts(&s.b1, true, w->points_gain));
        if (w->has_payment)
            buf_printf(&s.b5, ", worth %s", gbp(&s.b1, true, w->payment_gain));
        else if (w->has_points)
            buf_printf(&s.b5, " (their worth is not known: %s)",
                       x->missing ? x->missing : "no payment");
        if (w->deemed)
            buf_printf(&s.b5, "; the points were deemed earned this year, so the payment "
                              "does not change");
        fprintf(out, "%s.\n", s.b5.buf);
    }
    bufs_release(&s);
}

/* --practices: each payment indicator practice by practice. */
static void print_practices(FILE *out, const struct iif_pcn *p, const struct iif_result *r,
                            struct arena *a)
{
    struct table t;
    struct bufs s;
    bufs_init(&s);
    for (size_t i = 0; i < r->nind; i++) {
        const struct iif_result_ind *x = &r->ind[i];
        const struct iif_members *mb = iifdata_members(p, x->code);
        struct iif_practice_out *o;
        struct pcn_msg m = {0};
        if (!mb || !x->rule->payment)
            continue;
        fprintf(out, "\n%s practice by practice (members on %s)\n", x->code,
                (buf_reset(&s.b5), date_add_uk(&s.b5, mb->on), s.b5.buf));
        if (iif_breakdown(x->rule, mb->practices, mb->n, p->in.rounding, a, &o, &m)) {
            fprintf(out, "  not worked out: %s\n", m.text);
            continue;
        }
        table_init(&t, "Practice,Name,>Numerator,>Denominator,>Achievement,>Share,>To upper,"
                       ">PCN points gain");
        for (size_t k = 0; k < mb->n; k++) {
            const struct iif_practice_out *q = &o[k];
            char num[32], den[32], up[32];
            snprintf(num, sizeof num, "%s", q->has_data ? cnt(&s.b1, q->numerator) : "-");
            snprintf(den, sizeof den, "%s", q->has_data ? cnt(&s.b1, q->denominator) : "-");
            snprintf(up, sizeof up, "%s", q->to_upper >= 0 ? cnt(&s.b1, q->to_upper) : "-");
            const char *cells[] = {q->code,
                                   q->name ? q->name : "",
                                   num,
                                   den,
                                   pct(&s.b2, q->has_achievement, q->achievement_bp),
                                   pct(&s.b3, q->share_numerator_bp >= 0, q->share_numerator_bp),
                                   up,
                                   pts(&s.b4, q->has_gain, q->gain_points)};
            table_row(&t, cells);
        }
        table_print(&t, out);
        table_release(&t);
    }
    bufs_release(&s);
}

/* --explain: how each indicator was worked out. */
static void print_working(FILE *out, const struct iif_result *r)
{
    for (size_t i = 0; i < r->nind; i++) {
        const struct iif_result_ind *x = &r->ind[i];
        fprintf(out, "\n%s: how this was worked out%s\n", x->code,
                x->conf == CONF_UNCONFIRMED ? " (unconfirmed)"
                : x->conf == CONF_CARRIED   ? " (provisional)"
                                            : "");
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

static void print_year(struct app *app, const struct iif_pcn *p, const struct iif_result *r,
                       const struct rules_year *y, bool whatif, bool practices, bool explain,
                       struct arena *a)
{
    FILE *out = app->out;
    char fy[8];
    struct buf b1, b2, b3, b4, b6;
    buf_init(&b1, 64);
    buf_init(&b2, 64);
    buf_init(&b3, 64);
    buf_init(&b4, 64);
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
            fprintf(out, "  %s: deemed achieved: %s points count whatever the data%s%s.\n", x->code,
                    pts(&b1, true, x->deemed_points),
                    x->has_points ? "; the data alone earns " : "",
                    x->has_points ? pts(&b2, true, x->points) : "");
    }
    if (whatif)
        print_whatif(out, r);
    if (practices)
        print_practices(out, p, r, a);
    if (explain)
        print_working(out, r);
    buf_release(&b1);
    buf_release(&b2);
    buf_release(&b3);
    buf_release(&b4);
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
    p->in.no_working = !o->explain; /* the working only when asked for */
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
                sheet_num(sh, d->achievement_bp * 100); /* per cent, ten-thousandths */
            else
                sheet_empty(sh);
            if (d->has_points)
                sheet_num(sh, d->points * 10); /* thousandths to ten-thousandths */
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
        {"PCN code", SH_TEXT},       {"PCN name", SH_TEXT},
        {"Indicator", SH_TEXT},      {"Status", SH_TEXT},
        {"Numerator", SH_INT},       {"Denominator", SH_INT},
        {"Achievement (%)", SH_WTE}, /* decimals: ten-thousandths */
        {"Points", SH_WTE},          {"Points deemed", SH_WTE},
        {"Payment (£)", SH_PENCE},   {"Payment not worked out because", SH_TEXT},
    };
    struct pcn_msg m = {0};
    struct all_out o = {.y = rules_year(r, fy),
                        .json = json,
                        .csv = csv,
                        .practices = practices,
                        .explain = explain};
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
    return cli_print_csv(app, &o.sh);
}

/* One run of an iif command: its options, the rules and the store open. */
struct iif_run {
    struct app *app;
    struct opts o;
    const char *rules_dir, *year, *members_on, *code, *month, *num, *den, *practice, *patients,
        *list;
    bool explain, practices, whatif, all, csv;
    struct arena a;
    struct rules r;
    struct pcn_msg m;
};

/* iif --all */
static int iif_all_cmd(struct iif_run *x)
{
    date_t over;
    fy_t fy;
    int rc;
    if (x->o.nargs != 0 || (x->csv && x->o.json) || x->whatif)
        return cli_usage(x->app, "iif --all [--year YEAR] [--members-on DATE] [--json "
                                 "[--practices] [--explain] | --csv]");
    if ((rc = cli_date_opt(x->app, "--members-on", x->members_on, &over)) ||
        (rc = cli_iif_year(x->app, &x->r, x->year, &fy)))
        return rc;
    return all_pcns(x->app, &x->r, fy, over, x->o.json, x->csv, x->practices, x->explain, &x->a);
}

/* iif PCN */
static int iif_pcn_cmd(struct iif_run *x)
{
    struct app *app = x->app;
    date_t over;
    fy_t fy;
    int rc;
    if (x->o.nargs != 1)
        return cli_usage(app, "iif PCN [--year YEAR] [--what-if] [--practices] [--explain] "
                              "[--members-on DATE] [--json]");
    if ((rc = cli_date_opt(app, "--members-on", x->members_on, &over)) ||
        (rc = cli_iif_year(app, &x->r, x->year, &fy)))
        return rc;
    struct iif_pcn p;
    struct iif_result res;
    const struct rules_year *y;
    if (iifdata_pcn(app->db, &x->r, x->o.args[0], fy, over, &x->a, &p, &x->m) ||
        !(y = rules_year(&x->r, fy)) || iif_compute(y, &p.in, &x->a, &res, &x->m))
        return cli_fail(app, &x->m);
    if (!x->o.json) {
        print_year(app, &p, &res, y, x->whatif, x->practices, x->explain, &x->a);
        return EXIT_OK;
    }
    struct iifview_opts vo = {.practices = x->practices, .explain = x->explain, .a = &x->a};
    json_t *j = iifview_pcn(&p, &res, y, &vo, &x->m);
    if (!j)
        return cli_fail(app, &x->m);
    cli_print_json(app, j);
    return EXIT_OK;
}

static int iif_enter_cmd(struct iif_run *x)
{
    struct app *app = x->app;
    int yy, mm, rc;
    int64_t n, d;
    if (x->o.nargs != 1 || !x->code || !x->month)
        return cli_usage(app, "iif enter PCN --code CODE --month YYYY-MM --numerator N "
                              "--denominator N [--practice CODE]");
    if (parse_month(x->month, &yy, &mm))
        return cli_usage(app, "--month: '%s' is not a month (YYYY-MM)", x->month);
    if ((rc = count_opt(app, "--numerator", x->num, &n)) ||
        (rc = count_opt(app, "--denominator", x->den, &d)))
        return rc;
    bool had;
    struct iif_entry before;
    const char *pcn = x->o.args[0], *org = x->practice ? x->practice : pcn;
    struct audit_entry note;
    audit_note_cli(&note, &x->a, "iif-enter", "pcn", pcn, NULL);
    if (iifdata_enter(app->db, &x->r, pcn, org, x->code, yy, mm, n, d, time(NULL), &note, &had,
                      &before, NULL, &x->m))
        return cli_fail(app, &x->m);
    struct buf b;
    buf_init(&b, 64);
    fprintf(app->out, "%s %s for %s %d: %s", org, x->code, date_month_name(mm), yy, cnt(&b, n));
    fprintf(app->out, " of %s%s.\n", cnt(&b, d), had ? " (replacing the figures entered)" : "");
    buf_release(&b);
    return EXIT_OK;
}

/* The command's arguments right (ok), else its usage; then the year. */
static int args_year(struct iif_run *x, bool ok, const char *usage, fy_t *fy)
{
    return ok ? cli_iif_year(x->app, &x->r, x->year, fy) : cli_usage(x->app, "%s", usage);
}

static int iif_entries_cmd(struct iif_run *x)
{
    struct app *app = x->app;
    struct iif_entry *e;
    size_t n;
    fy_t fy;
    int rc;
    if ((rc = args_year(x, x->o.nargs == 1, "iif entries PCN [--year YEAR] [--json]", &fy)))
        return rc;
    if (iifdata_entries(app->db, x->o.args[0], fy, &x->a, &e, &n, &x->m))
        return cli_fail(app, &x->m);
    if (x->o.json) {
        cli_print_json(app, iifview_entries(e, n));
        return EXIT_OK;
    }
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
    cli_print_table(app, &t);
    buf_release(&b1);
    buf_release(&b2);
    fprintf(app->out, "%zu entr%s.\n", n, n == 1 ? "y" : "ies");
    return EXIT_OK;
}

static int iif_prevalence_cmd(struct iif_run *x)
{
    struct app *app = x->app;
    int64_t pat, lst;
    fy_t fy;
    int rc;
    if ((rc = args_year(x, x->o.nargs == 1 && x->code,
                        "iif prevalence PCN|national --year YEAR --code CODE --patients N --list N",
                        &fy)) ||
        (rc = count_opt(app, "--patients", x->patients, &pat)) ||
        (rc = count_opt(app, "--list", x->list, &lst)))
        return rc;
    const char *org = x->o.args[0];
    char fyl[8];
    fy_format(fy, fyl);
    struct audit_entry note;
    audit_note_cli(&note, &x->a, "iif-prevalence", strcmp(org, "national") ? "pcn" : "national",
                   org,
                   json_pack("{s:s,s:s,s:I,s:I}", "year", fyl, "code", x->code, "patients",
                             (json_int_t)pat, "list_size", (json_int_t)lst));
    if (iifdata_set_prevalence(app->db, &x->r, fy, x->code, org, pat, lst, &note, &x->m))
        return cli_fail(app, &x->m);
    fprintf(app->out, "%s prevalence of %s for %s: %" PRId64 " of %" PRId64 ".\n", x->code, org,
            fyl, pat, lst);
    return EXIT_OK;
}

static int iif_unallocated_cmd(struct iif_run *x)
{
    struct app *app = x->app;
    struct iif_orphan *orph;
    size_t n;
    date_t ach;
    fy_t fy;
    int rc;
    if ((rc = args_year(x, x->o.nargs == 0, "iif unallocated --year YEAR [--json]", &fy)))
        return rc;
    if (iifdata_unallocated(app->db, fy, &x->a, &ach, &orph, &n, &x->m))
        return cli_fail(app, &x->m);
    if (x->o.json) {
        cli_print_json(app, iifview_unallocated(fy, ach, orph, n));
        return EXIT_OK;
    }
    char fyl[8];
    fy_format(fy, fyl);
    if (ach == DATE_NONE) {
        fprintf(app->out, "No practice figures of %s are imported.\n", fyl);
        return EXIT_OK;
    }
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
    return EXIT_OK;
}

static const struct {
    const char *verb;
    int (*fn)(struct iif_run *x);
} iif_verbs[] = {
    {"enter", iif_enter_cmd},
    {"entries", iif_entries_cmd},
    {"prevalence", iif_prevalence_cmd},
    {"unallocated", iif_unallocated_cmd},
};

int cmd_iif(struct app *app, int argc, char **argv)
{
    struct iif_run x = {.app = app};
    const struct cli_flag flags[] = {
        {"--all", NULL, &x.all},
        {"--csv", NULL, &x.csv},
        {"--rules", &x.rules_dir, NULL},
        {"--year", &x.year, NULL},
        {"--members-on", &x.members_on, NULL},
        {"--code", &x.code, NULL},
        {"--month", &x.month, NULL},
        {"--numerator", &x.num, NULL},
        {"--denominator", &x.den, NULL},
        {"--practice", &x.practice, NULL},
        {"--patients", &x.patients, NULL},
        {"--list", &x.list, NULL},
        {"--explain", NULL, &x.explain},
        {"--practices", NULL, &x.practices},
        {"--what-if", NULL, &x.whatif},
    };
    int (*fn)(struct iif_run * x) = NULL;
    int rc;

    if (argc < 1)
        return cli_usage(app, "iif needs a PCN code, or enter, entries, prevalence or unallocated");
    for (size_t i = 0; i < ARRAY_SIZE(iif_verbs) && !fn; i++)
        if (strcmp(argv[0], iif_verbs[i].verb) == 0) {
            fn = iif_verbs[i].fn;
            argc--;
            argv++;
        }
    if ((rc = cli_parse_flags(app, argc, argv, flags, ARRAY_SIZE(flags), &x.o)))
        return rc;
    if (!fn)
        fn = x.all ? iif_all_cmd : iif_pcn_cmd;
    arena_init(&x.a, 0);
    if (!(rc = cli_open_rules(app, x.rules_dir, &x.a, &x.r)))
        rc = fn(&x);
    arena_release(&x.a);
    free(x.o.args);
    return rc;
}

/* cli_funding.c: the commands for the NHS rules and PCN funding.
 *
 *   rules check [DIR]
 *   rules show YEAR [--json]
 *   entitlements PCN [--year YEAR] [--explain] [--practices] [--json | --csv | --xlsx FILE]
 *   entitlements --icb CODE | --all [--year YEAR] [--json | --csv | --xlsx FILE]
 *   set beds PCN --month YYYY-MM --beds N
 *   set caip PCN --year YEAR --achieved PERCENT
 *   set distribution PCN --year YEAR [--stream ID] --method registered|weighted
 *   set distribution PCN --year YEAR [--stream ID] --fixed CODE=PCT,CODE=PCT,...
 *
 * Every command that reads the rules takes --rules DIR (else $PCNOPS_RULES,
 * else ./rules).  YEAR is 2025/26 (or 2025-26); the default is the
 * financial year of today. */
#include "common.h"
#include "cli.h"
#include "app.h"
#include "arena.h"
#include "buf.h"
#include "csv.h"
#include "deskrules.h"
#include "db.h"
#include "audit.h"
#include "entitle.h"
#include "fundview.h"
#include "funding.h"
#include "money.h"
#include "registry.h"
#include "rules.h"
#include "sheet.h"
#include "table.h"

/* The options of these commands; the rest go to cli_parse_opts. */
struct fopts {
    const char *rules, *year, *month, *beds, *achieved, *method, *stream, *fixed, *xlsx;
    bool explain, practices, all, csv;
    fy_t fy;
    struct opts o;
};

static int parse(struct app *app, int argc, char **argv, struct fopts *f)
{
    static const struct {
        const char *name;
        size_t off;
    } valued[] = {
        {"--rules", offsetof(struct fopts, rules)},   {"--year", offsetof(struct fopts, year)},
        {"--month", offsetof(struct fopts, month)},   {"--beds", offsetof(struct fopts, beds)},
        {"--achieved", offsetof(struct fopts, achieved)},
        {"--method", offsetof(struct fopts, method)}, {"--stream", offsetof(struct fopts, stream)},
        {"--fixed", offsetof(struct fopts, fixed)},   {"--xlsx", offsetof(struct fopts, xlsx)},
    };
    char **rest = xcalloc((size_t)argc + 1, sizeof *rest);
    int nrest = 0, rc = 0;

    memset(f, 0, sizeof *f);
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        bool taken = false;
        for (size_t k = 0; k < ARRAY_SIZE(valued) && !taken; k++) {
            if (strcmp(a, valued[k].name) != 0)
                continue;
            taken = true;
            if (i + 1 >= argc) {
                rc = cli_usage(app, "%s needs a value", a);
                goto out;
            }
            *(const char **)((char *)f + valued[k].off) = argv[++i];
        }
        if (taken)
            continue;
        if (strcmp(a, "--explain") == 0)
            f->explain = true;
        else if (strcmp(a, "--practices") == 0)
            f->practices = true;
        else if (strcmp(a, "--all") == 0)
            f->all = true;
        else if (strcmp(a, "--csv") == 0)
            f->csv = true;
        else
            rest[nrest++] = argv[i];
    }
    if ((rc = cli_parse_opts(app, nrest, rest, &f->o)))
        goto out;
    f->fy = fy_of(app->today);
    if (f->year && fy_parse(f->year, &f->fy))
        rc = cli_usage(app, "--year: '%s' is not a financial year (like 2025/26)", f->year);
out:
    free(rest);
    return rc;
}

static void release(struct fopts *f)
{
    free(f->o.args);
}

/* Loads the rules; prints every problem and returns EXIT_BAD when fy (or,
 * with fy 0, any year) has one. */
static int load_rules(struct app *app, const char *dir, fy_t fy, struct arena *a,
                      struct rules *r, const struct rules_year **y)
{
    struct rules_diag d = {0};
    struct pcn_msg m = {0};
    int rc = rules_load(dir, a, r, &d, &m);
    if (rc && rc != PCN_EINVAL)
        return cli_fail(app, &m);
    *y = rules_year(r, fy);
    char name[8];
    fy_format(fy, name);
    if (!*y) {
        fprintf(app->err,
                "pcnops: no rules for %s in %s: add %s/%.4s-%.2s (copy the latest year's files "
                "and edit them)\n",
                name, dir, dir, name, name + 5);
        return EXIT_BAD;
    }
    if ((*y)->nerrors || r->source_errors) {
        long kept = d.nerrors < LIMIT_RULES_ERRORS_KEPT ? d.nerrors : LIMIT_RULES_ERRORS_KEPT;
        for (long i = 0; i < kept; i++)
            fprintf(app->err, "%s\n", d.errors[i]);
        fprintf(app->err, "pcnops: the rules for %s have problems; nothing was computed\n", name);
        return EXIT_BAD;
    }
    return 0;
}

/* ---- rules check / show ------------------------------------------------- */

/* One carried row, FILE:LINE: what; the heading before the first. */
static void carried_row(struct app *app, long *n, const struct rule_ref *at, const char *fmt,
                        const char *a, const char *b)
{
    if (!(*n)++)
        fputs("Carried figures (provisional until NHS England publishes the year's; "
              "edit the row to replace one):\n", app->out);
    fprintf(app->out, "  %s:%ld: ", at->file, at->line);
    fprintf(app->out, fmt, a, b);
    fputc('\n', app->out);
}

/* Every carried (provisional) figure, FILE:LINE: what, so that whoever
 * finds the published figure knows which rows to replace. */
static void list_carried(struct app *app, const struct rules *r)
{
    long n = 0;
#define CARRIED(arr, count, fmt, a, b)                                                       \
    for (size_t k = 0; k < y->count; k++)                                                  \
        if (y->arr[k].m.conf == CONF_CARRIED)                                              \
            carried_row(app, &n, &y->arr[k].m.at, fmt, a, b);
    for (size_t i = 0; i < r->nyears; i++) {
        const struct rules_year *y = &r->years[i];
        CARRIED(rates, nrates, "%s %s", y->rates[k].stream, y->rates[k].part)
        CARRIED(maxima, nmaxima, "%s %s", y->maxima[k].role, rule_area_name(y->maxima[k].area))
        CARRIED(pay, npay, "band %s %s", y->pay[k].band, rule_pay_point_name(y->pay[k].point))
        CARRIED(oncosts, noncosts, "%s%s", rule_oncost_name(y->oncosts[k].item), "")
        CARRIED(iif, niif, "%s%s", y->iif[k].code, "")
        CARRIED(iif_values, niif_values, "%s%s", "point value", "")
        CARRIED(iif_adjust, niif_adjust, "%s %s", y->iif_adjust[k].code,
                rule_iif_adjust_name(y->iif_adjust[k].kind))
        CARRIED(caip, ncaip, "%s%s", y->caip[k].id, "")
        for (size_t k = 0; k < y->nroles; k++)   /* roles have no meta of their own */
            if (y->roles[k].conf == CONF_CARRIED)
                carried_row(app, &n, &y->roles[k].at, "role %s%s", y->roles[k].id, "");
    }
#undef CARRIED
    if (n)
        fprintf(app->out, "%ld carried figure%s.\n", n, n == 1 ? "" : "s");
}

static int rules_check_cmd(struct app *app, struct fopts *f)
{
    struct arena a;
    struct rules r;
    struct rules_diag d = {0};
    struct pcn_msg m = {0};
    const char *dir = f->o.nargs > 1 ? f->o.args[1] : rules_dir_default(f->rules);

    arena_init(&a, 0);
    int rc = rules_load(dir, &a, &r, &d, &m);
    long kept = d.nwarnings < LIMIT_RULES_ERRORS_KEPT ? d.nwarnings : LIMIT_RULES_ERRORS_KEPT;
    for (long i = 0; i < kept; i++)
        fprintf(app->err, "warning: %s\n", d.warnings[i]);
    if (rc && rc != PCN_EINVAL) {
        rc = cli_fail(app, &m);
        goto out;
    }
    if (rc) {
        kept = d.nerrors < LIMIT_RULES_ERRORS_KEPT ? d.nerrors : LIMIT_RULES_ERRORS_KEPT;
        for (long i = 0; i < kept; i++)
            fprintf(app->err, "%s\n", d.errors[i]);
        if (d.nerrors > kept)
            fprintf(app->err, "... and %ld more\n", d.nerrors - kept);
        fprintf(app->err, "pcnops: %ld problem%s in the rules in %s\n", d.nerrors,
                d.nerrors == 1 ? "" : "s", dir);
        rc = EXIT_BAD;
        goto out;
    }
    /* The desk's files (cd_time.csv, supervision.csv) have their own
     * reader, but live in the same folders and are checked here too. */
    struct deskrules dr;
    if ((rc = deskrules_load(dir, &a, &dr, &m)) && rc != PCN_EINVAL) {
        rc = cli_fail(app, &m);
        goto out;
    }
    if (rc) {
        long dk = dr.nerrors < DESKRULES_ERRORS_KEPT ? dr.nerrors : DESKRULES_ERRORS_KEPT;
        for (long i = 0; i < dk; i++)
            fprintf(app->err, "%s\n", dr.errors[i]);
        if (dr.nerrors > dk)
            fprintf(app->err, "... and %ld more\n", dr.nerrors - dk);
        fprintf(app->err, "pcnops: %ld problem%s in the desk's rules in %s\n", dr.nerrors,
                dr.nerrors == 1 ? "" : "s", dir);
        rc = EXIT_BAD;
        goto out;
    }
    long rows = (long)(dr.ncd + dr.nsup), unconfirmed = 0, unknown = 0;
    for (size_t k = 0; k < dr.ncd; k++)
        unconfirmed += conf_doubtful(dr.cd[k].conf);
    for (size_t k = 0; k < dr.nsup; k++) {
        unconfirmed += conf_doubtful(dr.sup[k].conf);
        unknown += !dr.sup[k].known;
    }
    for (size_t i = 0; i < r.nyears; i++) {
        const struct rules_year *y = &r.years[i];
        if (y->missing)
            continue;
        rows += (long)(y->nstreams + y->nrates + y->nroles + y->nmaxima + y->npay + y->noncosts +
                       y->niif + y->niif_values + y->niif_measures + y->niif_adjust + y->ncaip +
                       y->nschedule);
#define COUNT(arr, n, confexpr, knownexpr)                                                   \
    for (size_t k = 0; k < y->n; k++) {                                                      \
        unconfirmed += conf_doubtful(y->arr[k].confexpr);                             \
        unknown += !(knownexpr);                                                             \
    }
        COUNT(rates, nrates, m.conf, y->rates[k].known)
        COUNT(roles, nroles, conf, y->roles[k].band[0])
        COUNT(maxima, nmaxima, m.conf, y->maxima[k].known)
        COUNT(pay, npay, m.conf, true)
        COUNT(oncosts, noncosts, m.conf, y->oncosts[k].known)
        COUNT(iif, niif, m.conf, y->iif[k].has_points || !y->iif[k].payment)
        COUNT(iif_values, niif_values, m.conf, y->iif_values[k].has_value)
        COUNT(iif_measures, niif_measures, m.conf, true)
        COUNT(iif_adjust, niif_adjust, m.conf, y->iif_adjust[k].known)
        COUNT(caip, ncaip, m.conf, y->caip[k].has_weight)
        COUNT(schedule, nschedule, m.conf, y->schedule[k].known)
#undef COUNT
    }
    size_t nfolders = 0, nmissing = 0;
    for (size_t i = 0; i < r.nyears; i++)
        nfolders += !r.years[i].missing;
    fprintf(app->out, "%s: %zu year%s (", dir, nfolders, nfolders == 1 ? "" : "s");
    for (size_t i = 0, k = 0; i < r.nyears; i++) {
        char fy[8];
        if (r.years[i].missing)
            continue;
        fy_format(r.years[i].fy, fy);
        fprintf(app->out, "%s%s", k++ ? ", " : "", fy);
    }
    fprintf(app->out, "), %ld rows, %zu sources: no problems.\n", rows, r.nsources);
    for (size_t i = 0; i < r.nyears; i++) {
        char fy[8];
        if (!r.years[i].missing)
            continue;
        fy_format(r.years[i].fy, fy);
        fprintf(app->out, "%s%s", nmissing++ ? ", " : "No folder for ", fy);
    }
    if (nmissing)
        fprintf(app->out, ": every figure of %s is not known until its folder is added.\n",
                nmissing == 1 ? "that year" : "those years");
    list_carried(app, &r);
    fprintf(app->out, "%ld rows are unconfirmed and %ld values are not known; "
                      "'pcnops rules show YEAR' lists them.\n",
            unconfirmed, unknown);
    rc = EXIT_OK;
out:
    arena_release(&a);
    return rc;
}

static const char *fmt_rate(struct buf *b, bool known, int64_t mp)
{
    buf_reset(b);
    if (!known)
        BUF_LIT(b, "not known");
    else
        rate_add_display(b, mp);
    return b->buf;
}

static const char *fmt_money(struct buf *b, bool known, pence_t p)
{
    buf_reset(b);
    if (!known)
        BUF_LIT(b, "not known");
    else
        money_add_display(b, p);
    return b->buf;
}

static const char *fmt_fixed(struct buf *b, bool known, int64_t v, int decimals, const char *unit)
{
    buf_reset(b);
    if (!known)
        return "";
    fixed_add(b, v, decimals, 0, true);
    buf_adds(b, unit);
    return b->buf;
}

static const char *fmt_date(char out[11], date_t d)
{
    if (d == DATE_NONE)
        return "unknown";
    date_format_iso(d, out);
    return out;
}

static const char *conf_cell(enum confidence c)
{
    return c == CONF_UNCONFIRMED ? "UNCONFIRMED" : c == CONF_CARRIED ? "PROVISIONAL" : conf_label(c);
}

/* Notes under a table: "stream_rates.csv:3  text". */
struct notes {
    struct buf b;
};

static void note(struct notes *n, const struct rule_ref *at, const char *text)
{
    if (!text || !text[0])
        return;
    const char *slash = strrchr(at->file, '/');
    buf_printf(&n->b, "  %s:%ld  %s\n", slash ? slash + 1 : at->file, at->line, text);
}

static void flush_notes(struct app *app, struct notes *n)
{
    if (n->b.len)
        fprintf(app->out, "Notes\n%s", n->b.buf);
    buf_reset(&n->b);
    fputc('\n', app->out);
}

static void show_year(struct app *app, const struct rules_year *y)
{
    FILE *out = app->out;
    struct buf b1, b2;
    struct notes n;
    char fy[8], d1[11], d2[11], ln[24];
    struct table t;

    buf_init(&b1, 4096);
    buf_init(&b2, 4096);
    buf_init(&n.b, 1024 * 1024);
    fy_format(y->fy, fy);
    fprintf(out, "Rules for %s (%s)\n\n", fy, y->dir);

    fprintf(out, "Payment streams (streams.csv)\n");
    table_init(&t, "Stream,Name,Paid to,Kind");
    for (size_t i = 0; i < y->nstreams; i++) {
        const struct rule_stream *s = &y->streams[i];
        const char *c[] = {s->id, s->name, rule_paid_to_name(s->paid_to),
                           rule_stream_kind_name(s->kind)};
        table_row(&t, c);
        note(&n, &s->at, s->note);
    }
    table_print(&t, out);
    table_release(&t);
    flush_notes(app, &n);

    fprintf(out, "Stream rates (stream_rates.csv; £ per unit of the base)\n");
    table_init(&t, ">Line,Stream,Part,Base,>Rate,Per,From,To,Use,Confidence,Sources");
    for (size_t i = 0; i < y->nrates; i++) {
        const struct rule_rate *r = &y->rates[i];
        snprintf(ln, sizeof ln, "%ld", r->m.at.line);
        const char *c[] = {ln, r->stream, r->part, rule_base_name(r->base),
                           fmt_rate(&b1, r->known, r->rate_mp), rule_per_name(r->per),
                           fmt_date(d1, r->m.from), fmt_date(d2, r->m.to),
                           r->alternative ? "alternative" : "primary", conf_cell(r->m.conf),
                           r->m.sources};
        table_row(&t, c);
        note(&n, &r->m.at, r->m.note);
    }
    table_print(&t, out);
    table_release(&t);
    flush_notes(app, &n);

    fprintf(out, "ARRS roles (arrs_roles.csv)\n");
    table_init(&t, ">Line,Role,Band,>Reimbursed,Maximum applies to,>Cap,>Cap 100k+,Confidence,Sources");
    for (size_t i = 0; i < y->nroles; i++) {
        const struct rule_role *r = &y->roles[i];
        snprintf(ln, sizeof ln, "%ld", r->at.line);
        char share[32], cap[32], capl[32];
        snprintf(share, sizeof share, "%" PRId64 "%%", r->share_bp / 100);
        snprintf(cap, sizeof cap, "%s", fmt_fixed(&b1, r->has_cap, r->cap, 4, ""));
        snprintf(capl, sizeof capl, "%s", fmt_fixed(&b2, r->has_cap_large, r->cap_large, 4, ""));
        const char *c[] = {ln, r->id, r->band[0] ? r->band : "not known", share,
                           rule_applies_name(r->applies), cap, capl, conf_cell(r->conf),
                           r->sources};
        table_row(&t, c);
        note(&n, &r->at, r->note);
    }
    table_print(&t, out);
    table_release(&t);
    flush_notes(app, &n);

    fprintf(out, "ARRS maximum reimbursable amounts (arrs_maxima.csv; £ per WTE a year)\n");
    table_init(&t, ">Line,Role,Area,>Maximum,From,To,Confidence,Sources");
    for (size_t i = 0; i < y->nmaxima; i++) {
        const struct rule_max *r = &y->maxima[i];
        snprintf(ln, sizeof ln, "%ld", r->m.at.line);
        const char *c[] = {ln, r->role, rule_area_name(r->area), fmt_money(&b1, r->known, r->max),
                           fmt_date(d1, r->m.from), fmt_date(d2, r->m.to), conf_cell(r->m.conf),
                           r->m.sources};
        table_row(&t, c);
        note(&n, &r->m.at, r->m.note);
    }
    table_print(&t, out);
    table_release(&t);
    flush_notes(app, &n);

    fprintf(out, "Agenda for Change pay (afc_pay.csv; £ a year)\n");
    if (y->npay == 0)
        fprintf(out, "None for this year.\n");
    table_init(&t, ">Line,Band,Point,>Annual,From,To,Confidence,Sources");
    for (size_t i = 0; i < y->npay; i++) {
        const struct rule_pay *r = &y->pay[i];
        snprintf(ln, sizeof ln, "%ld", r->m.at.line);
        const char *c[] = {ln, r->band, rule_pay_point_name(r->point),
                           fmt_money(&b1, true, r->annual), fmt_date(d1, r->m.from),
                           fmt_date(d2, r->m.to), conf_cell(r->m.conf), r->m.sources};
        table_row(&t, c);
        note(&n, &r->m.at, r->m.note);
    }
    if (y->npay)
        table_print(&t, out);
    table_release(&t);
    flush_notes(app, &n);

    fprintf(out, "Employer on-costs (oncosts.csv)\n");
    table_init(&t, ">Line,Item,>Value,From,To,Confidence,Sources");
    for (size_t i = 0; i < y->noncosts; i++) {
        const struct rule_oncost_row *r = &y->oncosts[i];
        snprintf(ln, sizeof ln, "%ld", r->m.at.line);
        const char *v = !r->known ? "not known"
                        : r->item == ONCOST_NI_THRESHOLD
                            ? fmt_money(&b1, true, r->value)
                            : fmt_fixed(&b1, true, r->value, 2, "%");
        const char *c[] = {ln, rule_oncost_name(r->item), v, fmt_date(d1, r->m.from),
                           fmt_date(d2, r->m.to), conf_cell(r->m.conf), r->m.sources};
        table_row(&t, c);
        note(&n, &r->m.at, r->m.note);
    }
    table_print(&t, out);
    table_release(&t);
    flush_notes(app, &n);

    fprintf(out, "IIF indicators (iif_indicators.csv)\n");
    table_init(&t, ">Line,Code,Kind,Description,>Lower,>Upper,>Points,From,To,Confidence,Sources");
    for (size_t i = 0; i < y->niif; i++) {
        const struct rule_iif *r = &y->iif[i];
        snprintf(ln, sizeof ln, "%ld", r->m.at.line);
        char lo[32], hi[32], pts[32];
        snprintf(lo, sizeof lo, "%s", fmt_fixed(&b1, r->has_lower, r->lower_bp, 2, "%"));
        snprintf(hi, sizeof hi, "%s", fmt_fixed(&b1, r->has_upper, r->upper_bp, 2, "%"));
        snprintf(pts, sizeof pts, "%s",
                 r->payment && !r->has_points ? "not known"
                                              : fmt_fixed(&b1, r->has_points, r->points, 3, ""));
        const char *c[] = {ln, r->code, r->payment ? "payment" : "information", r->description,
                           r->payment && !r->has_lower ? "not known" : lo,
                           r->payment && !r->has_upper ? "not known" : hi, pts,
                           fmt_date(d1, r->m.from), fmt_date(d2, r->m.to), conf_cell(r->m.conf),
                           r->m.sources};
        table_row(&t, c);
        note(&n, &r->m.at, r->m.note);
    }
    table_print(&t, out);
    table_release(&t);
    flush_notes(app, &n);

    fprintf(out, "IIF point value (iif_point_value.csv)\n");
    table_init(&t, ">Line,>Point value,>Maximum points,>National fund,From,To,Confidence,Sources");
    for (size_t i = 0; i < y->niif_values; i++) {
        const struct rule_iif_value *r = &y->iif_values[i];
        snprintf(ln, sizeof ln, "%ld", r->m.at.line);
        char pv[32], nat[32];
        snprintf(pv, sizeof pv, "%s", fmt_money(&b1, r->has_value, r->value));
        snprintf(nat, sizeof nat, "%s", fmt_money(&b1, r->has_national, r->national));
        const char *c[] = {ln, pv, r->has_max ? fmt_fixed(&b2, true, r->max_points, 3, "")
                                              : "not known",
                           nat, fmt_date(d1, r->m.from), fmt_date(d2, r->m.to),
                           conf_cell(r->m.conf), r->m.sources};
        table_row(&t, c);
        note(&n, &r->m.at, r->m.note);
    }
    table_print(&t, out);
    table_release(&t);
    flush_notes(app, &n);

    fprintf(out, "When each stream is paid (payment_schedule.csv)\n");
    table_init(&t, ">Line,Stream,>Months in arrears,Paid by,From,To,Confidence,Sources");
    for (size_t i = 0; i < y->nschedule; i++) {
        const struct rule_schedule *r = &y->schedule[i];
        snprintf(ln, sizeof ln, "%ld", r->m.at.line);
        char ar[16];
        snprintf(ar, sizeof ar, "%d", r->arrears);
        const char *c[] = {ln, r->stream, r->known ? ar : "not known",
                           r->payer == PAYER_PCSE ? "PCSE" : r->payer == PAYER_ICB ? "ICB"
                                                                                   : "not known",
                           fmt_date(d1, r->m.from), fmt_date(d2, r->m.to), conf_cell(r->m.conf),
                           r->m.sources};
        table_row(&t, c);
        note(&n, &r->m.at, r->m.note);
    }
    table_print(&t, out);
    table_release(&t);
    n.b.len ? (void)fprintf(out, "Notes\n%s", n.b.buf) : (void)0;
    buf_release(&b1);
    buf_release(&b2);
    buf_release(&n.b);
}

static int rules_show_cmd(struct app *app, struct fopts *f)
{
    struct arena a;
    struct rules r;
    const struct rules_year *y;
    fy_t fy;

    if (f->o.nargs != 2)
        return cli_usage(app, "rules show needs one YEAR (like 2025/26)");
    if (fy_parse(f->o.args[1], &fy))
        return cli_usage(app, "rules show: '%s' is not a financial year (like 2025/26)",
                         f->o.args[1]);
    arena_init(&a, 0);
    int rc = load_rules(app, rules_dir_default(f->rules), fy, &a, &r, &y);
    if (!rc) {
        if (f->o.json)
            cli_print_json(app, fundview_rules_year(&r, y));
        else
            show_year(app, y);
    }
    arena_release(&a);
    return rc;
}

int cmd_rules(struct app *app, int argc, char **argv)
{
    struct fopts f;
    int rc;
    if (argc >= 1 && (strcmp(argv[0], "override") == 0 || strcmp(argv[0], "overrides") == 0 ||
                      strcmp(argv[0], "override-end") == 0 ||
                      strcmp(argv[0], "override-remove") == 0))
        return cli_rules_layers(app, argc, argv);
    if ((rc = parse(app, argc, argv, &f)))
        goto out;
    if (f.o.nargs < 1) {
        rc = cli_usage(app, "rules needs check or show");
        goto out;
    }
    if (f.year || f.month || f.beds || f.achieved || f.method || f.stream || f.fixed ||
        f.explain || f.practices || f.all || f.csv || f.xlsx || f.o.icb || f.o.have_on) {
        rc = cli_usage(app, "rules takes only --rules DIR (and --json for show)");
        goto out;
    }
    if (strcmp(f.o.args[0], "check") == 0) {
        if (f.o.nargs > 2 || f.o.json || (f.o.nargs == 2 && f.rules))
            rc = cli_usage(app, "rules check takes one DIR at most (or --rules DIR)");
        else
            rc = rules_check_cmd(app, &f);
    } else if (strcmp(f.o.args[0], "show") == 0) {
        rc = rules_show_cmd(app, &f);
    } else {
        rc = cli_usage(app, "rules: unknown command '%s' (check or show)", f.o.args[0]);
    }
out:
    release(&f);
    return rc;
}

/* ---- entitlements -------------------------------------------------------- */

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
            fprintf(out, "%s%s", s->source ? ", " : "\n      ",
                    s->conf == CONF_UNCONFIRMED ? "UNCONFIRMED" : s->conf == CONF_CARRIED ? "PROVISIONAL" : conf_label(s->conf));
        fputc('\n', out);
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
    fprintf(out, "Rules: %s. Annual amounts rounded %s to the penny; monthly rounded down, "
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
            const char *cells[] = {name, annual, month, money_cell(&c, s->monthly[ENT_MONTHS - 1]),
                                   conf_cell(s->conf), s->estimate ? "estimate" : ""};
            table_row(&t, cells);
        }
        if (pass != 0)
            continue;
        char total[64];
        snprintf(total, sizeof total, "%s", money_cell(&b, r->total));
        /* A total says what it leaves out. */
        char lab[96];
        if (r->nmissing)
            snprintf(lab, sizeof lab, "Payments (%zu stream%s not worked out, below)",
                     r->nmissing, r->nmissing == 1 ? "" : "s");
        else
            snprintf(lab, sizeof lab, "Payments");
        const char *cells[] = {lab, total, "", "", conf_cell(r->conf),
                               r->estimate ? "estimate" : ""};
        table_row(&t, cells);
    }
    table_print(&t, out);
    table_release(&t);
    for (size_t i = 0; i < r->nstreams; i++) {
        const struct ent_stream *s = &r->streams[i];
        if (s->rule->kind == STREAM_ACHIEVEMENT)
            fprintf(out, "%s is a maximum of %s; %s.\n", s->rule->name,
                    money_cell(&b, s->maximum),
                    in->caip_known ? "the annual figure is the share achieved"
                                   : "no achieved share is entered, so the full maximum is shown");
        if (s->rule->kind == STREAM_MAXIMUM)
            fprintf(out, "%s is the most the PCN can claim, not a payment.\n", s->rule->name);
    }
    for (size_t i = 0; i < r->nmissing; i++)
        fprintf(out, "Not computed: %s: %s.\n", r->missing[i].rule->name, r->missing[i].reason);
    for (size_t i = 0; i < in->nproblems; i++)
        fprintf(out, "Problem: %s\n", in->problems[i]);

    /* Months down, the payment streams across (the maxima and the streams
     * outside the DES are not payments of the PCN: not here). */
    fprintf(out, "\nMonthly payments\n");
    buf_reset(&c);
    BUF_LIT(&c, "Month");
    size_t pay[TABLE_MAX_COLS], npay = 0;
    for (size_t i = 0; i < r->nstreams && npay < TABLE_MAX_COLS - 2; i++)
        if (rule_stream_total(r->streams[i].rule) == TOTAL_PAYMENT) {
            pay[npay++] = i;
            buf_printf(&c, ",>%s", r->streams[i].rule->id);
        }
    BUF_LIT(&c, ",>Payments");
    table_init(&t, c.buf);
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
            snprintf(text[k], sizeof text[k], "%s",
                     money_cell(&b, r->streams[pay[j]].monthly[mth]));
            cells[k] = text[k];
        }
        snprintf(text[k], sizeof text[k], "%s", money_cell(&b, r->monthly_total[mth]));
        cells[k] = text[k];
        table_row(&t, cells);
    }
    table_print(&t, out);
    table_release(&t);

    if (practices) {
        fprintf(out, "\nShares of the member practices (annual)\n");
        buf_reset(&c);
        BUF_LIT(&c, "Practice,>Registered");
        size_t shown = 0;
        for (size_t i = 0; i < r->nstreams && shown < TABLE_MAX_COLS - 3; i++)
            if (r->streams[i].practice_annual) {
                buf_printf(&c, ",>%s", r->streams[i].rule->id);
                shown++;
            }
        BUF_LIT(&c, ",>Total");
        table_init(&t, c.buf);
        for (size_t p = 0; p < in->npractices; p++) {
            const char *cells[TABLE_MAX_COLS];
            char text[TABLE_MAX_COLS][48];
            size_t k = 0;
            cells[k++] = in->practices[p].code;
            buf_reset(&b);
            if (in->practices[p].registered >= 0)
                buf_add_i64(&b, in->practices[p].registered, true);
            else
                BUF_LIT(&b, "not known");
            snprintf(text[k], sizeof text[k], "%s", b.buf);
            cells[k] = text[k];
            k++;
            shown = 0;
            for (size_t i = 0; i < r->nstreams && shown < TABLE_MAX_COLS - 3; i++) {
                if (!r->streams[i].practice_annual)
                    continue;
                snprintf(text[k], sizeof text[k], "%s",
                         money_cell(&b, r->streams[i].practice_annual[p]));
                cells[k] = text[k];
                k++;
                shown++;
            }
            snprintf(text[k], sizeof text[k], "%s", money_cell(&b, r->practice_total[p]));
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

    if (explain) {
        fprintf(out, "\nHow this was worked out\n\nPopulations\n");
        print_trail(out, &r->inputs);
        for (size_t i = 0; i < r->nstreams; i++) {
            const struct ent_stream *s = &r->streams[i];
            fprintf(out, "\n%s (%s): %s, %s%s\n", s->rule->name, s->rule->id,
                    money_cell(&b, s->annual), conf_cell(s->conf),
                    s->estimate ? ", ESTIMATE" : "");
            print_trail(out, &s->trail);
        }
    }
    buf_release(&b);
    buf_release(&c);
}

/* --csv: the Entitlements sheet (fundview.h) as CSV: one row per PCN and
 * stream, money as plain pounds ("1234.56"), with a byte order mark for
 * spreadsheets; the writer neutralises formulas.  --xlsx FILE: the three
 * sheets (entitlements, the practices' shares and the working) as a
 * workbook. */
static int write_sheets(struct app *app, const struct fopts *f, const struct sheet *sheets)
{
    struct pcn_msg m = {0};
    if (f->xlsx) {
        if (sheet_write_xlsx(sheets, FV_NSHEETS, f->xlsx, &m))
            return cli_fail(app, &m);
        return EXIT_OK;
    }
    struct buf b;
    buf_init(&b, LIMIT_BUF_DEFAULT);
    int rc = sheet_write_csv(&sheets[FV_STREAMS], &b);
    if (!rc)
        fwrite(b.buf, 1, b.len, app->out);
    buf_release(&b);
    if (rc) {
        msg_set(&m, rc, "the CSV is larger than %ld bytes", (long)LIMIT_BUF_DEFAULT);
        return cli_fail(app, &m);
    }
    return EXIT_OK;
}

static int one_pcn(struct app *app, struct fopts *f, const struct rules *r,
                   const struct rules_year *y, struct arena *a)
{
    struct pcn_msg m = {0};
    struct ent_input in;
    struct ent_result res;

    if (cli_open_db(app, &m) ||
        funding_compute(app->db, r, f->o.args[0], f->fy, a, &in, &res, &m))
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
    const struct fopts *f;
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

static int many_pcns(struct app *app, struct fopts *f, const struct rules *r,
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
            fprintf(app->out, "; and up to %s to claim against (the ARRS sums: maxima, not "
                              "payments)",
                    money_cell(&x.b, x.up_to));
        if (x.estimates)
            fprintf(app->out, "; %ld marked * are estimates (see 'pcnops entitlements PCN "
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
    struct fopts f;
    struct arena a;
    struct rules r;
    const struct rules_year *y;
    int rc;

    if ((rc = parse(app, argc, argv, &f)))
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
    if (!(rc = load_rules(app, rules_dir_default(f.rules), f.fy, &a, &r, &y)))
        rc = many ? many_pcns(app, &f, &r, y) : one_pcn(app, &f, &r, y, &a);
    arena_release(&a);
out0:
    release(&f);
    return rc;
}

/* ---- set ---------------------------------------------------------------- */

/* "75", "75%", "66.67" -> basis points. */
static int parse_percent(const char *s, int64_t *bp)
{
    size_t n = strlen(s);
    if (n && s[n - 1] == '%')
        n--;
    return fixed_parse(s, n, 2, 0, BP_WHOLE, bp);
}

static int set_beds(struct app *app, struct fopts *f, const char *pcn, struct pcn_msg *m)
{
    date_t month;
    int64_t beds;
    char iso[16];
    if (!f->month || !f->beds)
        return cli_usage(app, "set beds PCN needs --month YYYY-MM and --beds N");
    snprintf(iso, sizeof iso, "%s-01", f->month);
    if (strlen(f->month) != 7 || date_parse_iso(iso, strlen(iso), &month))
        return cli_usage(app, "--month: '%s' is not a month (YYYY-MM)", f->month);
    if (parse_i64(f->beds, 0, 1000000, &beds))
        return cli_usage(app, "--beds: '%s' is not a number of beds from 0", f->beds);
    struct arena a;
    struct audit_entry note;
    arena_init(&a, 0);
    audit_note_cli(&note, &a, "set-beds", "pcn", pcn,
                   json_pack("{s:s,s:I}", "month", f->month, "beds", (json_int_t)beds));
    int rc = cli_open_db(app, m) || funding_set_beds(app->db, pcn, month, beds, &note, m);
    arena_release(&a);
    if (rc)
        return cli_fail(app, m);
    int yy, mm, dd;
    date_to_ymd(month, &yy, &mm, &dd);
    fprintf(app->out, "%s: %" PRId64 " care home bed%s from %s %d, until a later month is "
                      "entered.\n",
            pcn, beds, beds == 1 ? "" : "s", date_month_name(mm), yy);
    return EXIT_OK;
}

static int set_caip(struct app *app, struct fopts *f, const char *pcn, struct pcn_msg *m)
{
    int64_t bp;
    char fy[8];
    if (!f->year || !f->achieved)
        return cli_usage(app, "set caip PCN needs --year YEAR and --achieved PERCENT");
    if (parse_percent(f->achieved, &bp))
        return cli_usage(app, "--achieved: '%s' is not a percentage from 0 to 100", f->achieved);
    struct arena a;
    struct audit_entry note;
    arena_init(&a, 0);
    audit_note_cli(&note, &a, "set-caip", "pcn", pcn,
                   json_pack("{s:s,s:I}", "year", f->year, "achieved_bp", (json_int_t)bp));
    int rc = cli_open_db(app, m) || funding_set_caip(app->db, pcn, f->fy, bp, BP_WHOLE, &note, m);
    arena_release(&a);
    if (rc)
        return cli_fail(app, m);
    fy_format(f->fy, fy);
    struct buf b;
    buf_init(&b, 64);
    fixed_add(&b, bp, 2, 0, false);
    fprintf(app->out, "%s: CAIP achieved %s%% for %s.\n", pcn, b.buf, fy);
    buf_release(&b);
    return EXIT_OK;
}

static int set_distribution(struct app *app, struct fopts *f, const char *pcn,
                            struct pcn_msg *m)
{
    enum ent_method method;
    const char **codes = NULL;
    int64_t *bp = NULL;
    size_t n = 0;
    char fy[8];
    int rc;
    struct arena na;

    if (!f->year || (!f->method == !f->fixed))
        return cli_usage(app, "set distribution PCN needs --year YEAR and either --method "
                              "registered|weighted or --fixed CODE=PCT,...");
    arena_init(&na, 0);
    if (f->stream) {
        struct arena a;
        struct rules r;
        const struct rules_year *y;
        arena_init(&a, 0);
        rc = load_rules(app, rules_dir_default(f->rules), f->fy, &a, &r, &y);
        bool found = false;
        for (size_t i = 0; !rc && i < y->nstreams; i++)
            found = found || strcmp(y->streams[i].id, f->stream) == 0;
        fy_format(f->fy, fy);
        if (!rc && !found) {
            fprintf(app->err, "pcnops: --stream: %s is not a stream of the %s rules (%s)\n",
                    f->stream, fy, y->dir);
            rc = EXIT_BAD;
        }
        arena_release(&a);
        if (rc)
            return rc;
    }
    if (f->method) {
        if (ent_method_parse(f->method, &method) || method == METHOD_FIXED)
            return cli_usage(app, "--method: '%s' is not registered or weighted (for fixed "
                                  "percentages use --fixed CODE=PCT,...)",
                             f->method);
    } else {
        method = METHOD_FIXED;
        char *list = xstrdup(f->fixed);
        size_t cap = 8;
        codes = xcalloc(cap, sizeof *codes);
        bp = xcalloc(cap, sizeof *bp);
        char *p = list;
        rc = 0;
        while (*p && !rc) {
            char *comma = strchr(p, ',');
            if (comma)
                *comma = 0;
            char *eq = strchr(p, '=');
            if (!eq || parse_percent(eq + 1, &bp[n])) {
                rc = cli_usage(app, "--fixed: '%s' is not CODE=PERCENT (like A81001=40)", p);
                break;
            }
            *eq = 0;
            if (n + 1 == cap) {
                cap *= 2;
                codes = xrealloc(codes, cap * sizeof *codes);
                bp = xrealloc(bp, cap * sizeof *bp);
            }
            codes[n++] = xstrdup(p);
            p = comma ? comma + 1 : p + strlen(p);
        }
        free(list);
        if (!rc && n == 0)
            rc = cli_usage(app, "--fixed needs CODE=PERCENT,...");
        if (rc)
            goto out;
    }
    struct audit_entry note;
    audit_note_cli(&note, &na, "set-distribution", "pcn", pcn,
                   json_pack("{s:s,s:s,s:s}", "year", f->year, "stream",
                             f->stream ? f->stream : "*", "method", ent_method_name(method)));
    if (cli_open_db(app, m) ||
        funding_set_distribution(app->db, pcn, f->stream ? f->stream : "*", f->fy, method, codes,
                                 bp, n, &note, m)) {
        rc = cli_fail(app, m);
        goto out;
    }
    fy_format(f->fy, fy);
    fprintf(app->out, "%s: %s shared %s from %s.\n", pcn,
            f->stream ? f->stream : "every stream without its own method",
            method == METHOD_REGISTERED ? "by registered-list share"
            : method == METHOD_WEIGHTED ? "by weighted-population share"
                                        : "by the fixed percentages given",
            fy);
    rc = EXIT_OK;
out:
    arena_release(&na);
    for (size_t i = 0; i < n; i++)
        free((char *)codes[i]);
    free(codes);
    free(bp);
    return rc;
}

int cmd_set(struct app *app, int argc, char **argv)
{
    struct fopts f;
    struct pcn_msg m = {0};
    int rc;

    if ((rc = parse(app, argc, argv, &f)))
        goto out;
    if (f.o.nargs != 2 || f.o.json || f.o.icb || f.o.have_on || f.explain || f.practices ||
        f.all || f.csv || f.xlsx) {
        rc = cli_usage(app, "set needs beds, caip or distribution, then a PCN code and its options");
        goto out;
    }
    const char *what = f.o.args[0], *pcn = f.o.args[1];
    if (strcmp(what, "beds") == 0) {
        if (f.year || f.achieved || f.method || f.fixed || f.stream)
            rc = cli_usage(app, "set beds takes --month and --beds");
        else
            rc = set_beds(app, &f, pcn, &m);
    } else if (strcmp(what, "caip") == 0) {
        if (f.month || f.beds || f.method || f.fixed || f.stream)
            rc = cli_usage(app, "set caip takes --year and --achieved");
        else
            rc = set_caip(app, &f, pcn, &m);
    } else if (strcmp(what, "distribution") == 0) {
        if (f.month || f.beds || f.achieved)
            rc = cli_usage(app, "set distribution takes --year, --stream and --method or --fixed");
        else
            rc = set_distribution(app, &f, pcn, &m);
    } else {
        rc = cli_usage(app, "set: unknown input '%s' (beds, caip or distribution)", what);
    }
out:
    release(&f);
    return rc;
}

/* cli_rulecheck.c: the commands that read the NHS rules files (declared
 * in cli.h; the options are cli_funding.h's):
 *
 *   rules check [DIR]      every year's files and the desk's: FILE:LINE:
 *                          field for each problem, else what they hold
 *   rules show YEAR [--json]   a table a file of the year, with its notes
 *
 * The rules' layers (override, overrides, override-end, override-remove)
 * are cli_rules.c's. */
#include "common.h"
#include "cli.h"
#include "cli_funding.h"
#include "app.h"
#include "arena.h"
#include "buf.h"
#include "deskrules.h"
#include "fundview.h"
#include "money.h"
#include "rules.h"
#include "table.h"

/* ---- rules check / show ------------------------------------------------- */

/* One carried row, FILE:LINE: what; the heading before the first. */
static void carried_row(struct app *app, long *n, const struct rule_ref *at, const char *fmt,
                        const char *a, const char *b)
{
    if (!(*n)++)
        fputs("Carried figures (provisional until NHS England publishes the year's; "
              "edit the row to replace one):\n",
              app->out);
    fprintf(app->out, "  %s:%ld: ", at->file, at->line);
    fprintf(app->out, fmt, a, b);
    fputc('\n', app->out);
}

/* Every carried (provisional) figure, FILE:LINE: what, so that whoever
 * finds the published figure knows which rows to replace. */
static void list_carried(struct app *app, const struct rules *r)
{
    long n = 0;
#define CARRIED(arr, count, fmt, a, b)                                                             \
    for (size_t k = 0; k < y->count; k++)                                                          \
        if (y->arr[k].m.conf == CONF_CARRIED)                                                      \
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
        for (size_t k = 0; k < y->nroles; k++) /* roles have no meta of their own */
            if (y->roles[k].conf == CONF_CARRIED)
                carried_row(app, &n, &y->roles[k].at, "role %s%s", y->roles[k].id, "");
    }
#undef CARRIED
    if (n)
        fprintf(app->out, "%ld carried figure%s.\n", n, n == 1 ? "" : "s");
}

/* The desk's files (cd_time.csv, supervision.csv) have their own reader,
 * but live in the same folders and are checked with them: 0, or their
 * problems printed (EXIT_BAD) or the failure's status. */
static int check_desk_rules(struct app *app, const char *dir, struct arena *a, struct deskrules *dr)
{
    struct pcn_msg m = {0};
    int rc = deskrules_load(dir, a, dr, &m);
    if (rc && rc != PCN_EINVAL)
        return cli_fail(app, &m);
    if (!rc)
        return 0;
    long dk = dr->nerrors < DESKRULES_ERRORS_KEPT ? dr->nerrors : DESKRULES_ERRORS_KEPT;
    for (long i = 0; i < dk; i++)
        fprintf(app->err, "%s\n", dr->errors[i]);
    if (dr->nerrors > dk)
        fprintf(app->err, "... and %ld more\n", dr->nerrors - dk);
    fprintf(app->err, "pcnops: %ld problem%s in the desk's rules in %s\n", dr->nerrors,
            dr->nerrors == 1 ? "" : "s", dir);
    return EXIT_BAD;
}

/* What `rules check` counts over every year's files and the desk's. */
struct check_counts {
    long rows, unconfirmed, unknown;
};

static void count_rows(const struct rules *r, const struct deskrules *dr, struct check_counts *n)
{
    long unconfirmed = 0, unknown = 0;
    n->rows = (long)(dr->ncd + dr->nsup);
    for (size_t k = 0; k < dr->ncd; k++)
        unconfirmed += conf_doubtful(dr->cd[k].conf);
    for (size_t k = 0; k < dr->nsup; k++) {
        unconfirmed += conf_doubtful(dr->sup[k].conf);
        unknown += !dr->sup[k].known;
    }
    for (size_t i = 0; i < r->nyears; i++) {
        const struct rules_year *y = &r->years[i];
        if (y->missing)
            continue;
        n->rows += (long)(y->nstreams + y->nrates + y->nroles + y->nmaxima + y->npay + y->noncosts +
                          y->niif + y->niif_values + y->niif_measures + y->niif_adjust + y->ncaip +
                          y->nschedule);
#define COUNT(arr, n, confexpr, knownexpr)                                                         \
    for (size_t k = 0; k < y->n; k++) {                                                            \
        unconfirmed += conf_doubtful(y->arr[k].confexpr);                                          \
        unknown += !(knownexpr);                                                                   \
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
    n->unconfirmed = unconfirmed;
    n->unknown = unknown;
}

/* "DIR: 4 years (...), N rows, N sources: no problems.", then the years
 * without a folder. */
static void print_years(struct app *app, const char *dir, const struct rules *r, long rows)
{
    size_t nfolders = 0, nmissing = 0;
    for (size_t i = 0; i < r->nyears; i++)
        nfolders += !r->years[i].missing;
    fprintf(app->out, "%s: %zu year%s (", dir, nfolders, nfolders == 1 ? "" : "s");
    for (size_t i = 0, k = 0; i < r->nyears; i++) {
        char fy[8];
        if (r->years[i].missing)
            continue;
        fy_format(r->years[i].fy, fy);
        fprintf(app->out, "%s%s", k++ ? ", " : "", fy);
    }
    fprintf(app->out, "), %ld rows, %zu sources: no problems.\n", rows, r->nsources);
    for (size_t i = 0; i < r->nyears; i++) {
        char fy[8];
        if (!r->years[i].missing)
            continue;
        fy_format(r->years[i].fy, fy);
        fprintf(app->out, "%s%s", nmissing++ ? ", " : "No folder for ", fy);
    }
    if (nmissing)
        fprintf(app->out, ": every figure of %s is not known until its folder is added.\n",
                nmissing == 1 ? "that year" : "those years");
}

static int rules_check_cmd(struct app *app, struct cli_fopts *f)
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
        cli_rules_errors(app, &d);
        if (d.nerrors > LIMIT_RULES_ERRORS_KEPT)
            fprintf(app->err, "... and %ld more\n", d.nerrors - LIMIT_RULES_ERRORS_KEPT);
        fprintf(app->err, "pcnops: %ld problem%s in the rules in %s\n", d.nerrors,
                d.nerrors == 1 ? "" : "s", dir);
        rc = EXIT_BAD;
        goto out;
    }
    struct deskrules dr;
    if ((rc = check_desk_rules(app, dir, &a, &dr)))
        goto out;
    struct check_counts n;
    count_rows(&r, &dr, &n);
    print_years(app, dir, &r, n.rows);
    list_carried(app, &r);
    fprintf(app->out,
            "%ld rows are unconfirmed and %ld values are not known; "
            "'pcnops rules show YEAR' lists them.\n",
            n.unconfirmed, n.unknown);
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

/* `rules show`: a table a file of the year, then the notes of its rows
 * ("stream_rates.csv:3  text").  Each row function fills the cells of line
 * i of the year (false past the last) and names the row's place and note;
 * the buffers and strings of struct show hold the cells until the row is
 * added. */
struct show {
    struct buf b1, b2;
    char d1[11], d2[11], ln[24], x[3][32];
    const struct rule_ref *at;
    const char *note;
};

/* The line of a dated row, and its place and note for the notes. */
static const char *line_of(struct show *s, const struct rule_meta *m)
{
    snprintf(s->ln, sizeof s->ln, "%ld", m->at.line);
    s->at = &m->at;
    s->note = m->note;
    return s->ln;
}

/* The last four cells of a dated row (from, to, confidence, sources),
 * written at c: true, for the row functions' return. */
static bool dated_tail(struct show *s, const struct rule_meta *m, const char **c)
{
    c[0] = fmt_date(s->d1, m->from);
    c[1] = fmt_date(s->d2, m->to);
    c[2] = cli_funding_conf(m->conf);
    c[3] = m->sources;
    return true;
}

static bool row_stream(struct show *s, const struct rules_year *y, size_t i, const char **c)
{
    if (i >= y->nstreams)
        return false;
    const struct rule_stream *r = &y->streams[i];
    const char *cells[] = {r->id, r->name, rule_paid_to_name(r->paid_to),
                           rule_stream_kind_name(r->kind)};
    memcpy(c, cells, sizeof cells);
    s->at = &r->at;
    s->note = r->note;
    return true;
}

static bool row_rate(struct show *s, const struct rules_year *y, size_t i, const char **c)
{
    if (i >= y->nrates)
        return false;
    const struct rule_rate *r = &y->rates[i];
    const char *cells[] = {line_of(s, &r->m),
                           r->stream,
                           r->part,
                           rule_base_name(r->base),
                           fmt_rate(&s->b1, r->known, r->rate_mp),
                           rule_per_name(r->per),
                           fmt_date(s->d1, r->m.from),
                           fmt_date(s->d2, r->m.to),
                           r->alternative ? "alternative" : "primary",
                           cli_funding_conf(r->m.conf),
                           r->m.sources};
    memcpy(c, cells, sizeof cells);
    return true;
}

static bool row_role(struct show *s, const struct rules_year *y, size_t i, const char **c)
{
    if (i >= y->nroles)
        return false;
    const struct rule_role *r = &y->roles[i];
    snprintf(s->ln, sizeof s->ln, "%ld", r->at.line);
    s->at = &r->at;
    s->note = r->note;
    snprintf(s->x[0], sizeof s->x[0], "%" PRId64 "%%", r->share_bp / 100);
    const char *cells[] = {s->ln,
                           r->id,
                           r->band[0] ? r->band : "not known",
                           s->x[0],
                           rule_applies_name(r->applies),
                           fmt_fixed(&s->b1, r->has_cap, r->cap, 4, ""),
                           fmt_fixed(&s->b2, r->has_cap_large, r->cap_large, 4, ""),
                           cli_funding_conf(r->conf),
                           r->sources};
    memcpy(c, cells, sizeof cells);
    return true;
}

static bool row_max(struct show *s, const struct rules_year *y, size_t i, const char **c)
{
    if (i >= y->nmaxima)
        return false;
    const struct rule_max *r = &y->maxima[i];
    const char *cells[] = {line_of(s, &r->m), r->role, rule_area_name(r->area),
                           fmt_money(&s->b1, r->known, r->max)};
    memcpy(c, cells, sizeof cells);
    return dated_tail(s, &r->m, c + ARRAY_SIZE(cells));
}

static bool row_pay(struct show *s, const struct rules_year *y, size_t i, const char **c)
{
    if (i >= y->npay)
        return false;
    const struct rule_pay *r = &y->pay[i];
    const char *cells[] = {line_of(s, &r->m), r->band, rule_pay_point_name(r->point),
                           fmt_money(&s->b1, true, r->annual)};
    memcpy(c, cells, sizeof cells);
    return dated_tail(s, &r->m, c + ARRAY_SIZE(cells));
}

static bool row_oncost(struct show *s, const struct rules_year *y, size_t i, const char **c)
{
    if (i >= y->noncosts)
        return false;
    const struct rule_oncost_row *r = &y->oncosts[i];
    const char *v = !r->known                        ? "not known"
                    : r->item == ONCOST_NI_THRESHOLD ? fmt_money(&s->b1, true, r->value)
                                                     : fmt_fixed(&s->b1, true, r->value, 2, "%");
    const char *cells[] = {line_of(s, &r->m), rule_oncost_name(r->item), v};
    memcpy(c, cells, sizeof cells);
    return dated_tail(s, &r->m, c + ARRAY_SIZE(cells));
}

static bool row_iif(struct show *s, const struct rules_year *y, size_t i, const char **c)
{
    if (i >= y->niif)
        return false;
    const struct rule_iif *r = &y->iif[i];
    snprintf(s->x[0], sizeof s->x[0], "%s", fmt_fixed(&s->b1, r->has_lower, r->lower_bp, 2, "%"));
    snprintf(s->x[1], sizeof s->x[1], "%s", fmt_fixed(&s->b1, r->has_upper, r->upper_bp, 2, "%"));
    snprintf(s->x[2], sizeof s->x[2], "%s",
             r->payment && !r->has_points ? "not known"
                                          : fmt_fixed(&s->b1, r->has_points, r->points, 3, ""));
    const char *cells[] = {line_of(s, &r->m),
                           r->code,
                           r->payment ? "payment" : "information",
                           r->description,
                           r->payment && !r->has_lower ? "not known" : s->x[0],
                           r->payment && !r->has_upper ? "not known" : s->x[1],
                           s->x[2]};
    memcpy(c, cells, sizeof cells);
    return dated_tail(s, &r->m, c + ARRAY_SIZE(cells));
}

static bool row_iif_value(struct show *s, const struct rules_year *y, size_t i, const char **c)
{
    if (i >= y->niif_values)
        return false;
    const struct rule_iif_value *r = &y->iif_values[i];
    snprintf(s->x[0], sizeof s->x[0], "%s", fmt_money(&s->b1, r->has_value, r->value));
    snprintf(s->x[1], sizeof s->x[1], "%s", fmt_money(&s->b1, r->has_national, r->national));
    const char *cells[] = {line_of(s, &r->m), s->x[0],
                           r->has_max ? fmt_fixed(&s->b2, true, r->max_points, 3, "") : "not known",
                           s->x[1]};
    memcpy(c, cells, sizeof cells);
    return dated_tail(s, &r->m, c + ARRAY_SIZE(cells));
}

static bool row_schedule(struct show *s, const struct rules_year *y, size_t i, const char **c)
{
    if (i >= y->nschedule)
        return false;
    const struct rule_schedule *r = &y->schedule[i];
    snprintf(s->x[0], sizeof s->x[0], "%d", r->arrears);
    const char *cells[] = {line_of(s, &r->m), r->stream, r->known ? s->x[0] : "not known",
                           r->payer == PAYER_PCSE  ? "PCSE"
                           : r->payer == PAYER_ICB ? "ICB"
                                                   : "not known"};
    memcpy(c, cells, sizeof cells);
    return dated_tail(s, &r->m, c + ARRAY_SIZE(cells));
}

static const struct {
    const char *title, *columns;
    const char *none; /* said instead of an empty table, or NULL: the headings */
    bool (*row)(struct show *s, const struct rules_year *y, size_t i, const char **c);
} show_tables[] = {
    {"Payment streams (streams.csv)", "Stream,Name,Paid to,Kind", NULL, row_stream},
    {"Stream rates (stream_rates.csv; £ per unit of the base)",
     ">Line,Stream,Part,Base,>Rate,Per,From,To,Use,Confidence,Sources", NULL, row_rate},
    {"ARRS roles (arrs_roles.csv)",
     ">Line,Role,Band,>Reimbursed,Maximum applies to,>Cap,>Cap 100k+,Confidence,Sources", NULL,
     row_role},
    {"ARRS maximum reimbursable amounts (arrs_maxima.csv; £ per WTE a year)",
     ">Line,Role,Area,>Maximum,From,To,Confidence,Sources", NULL, row_max},
    {"Agenda for Change pay (afc_pay.csv; £ a year)",
     ">Line,Band,Point,>Annual,From,To,Confidence,Sources", "None for this year.", row_pay},
    {"Employer on-costs (oncosts.csv)", ">Line,Item,>Value,From,To,Confidence,Sources", NULL,
     row_oncost},
    {"IIF indicators (iif_indicators.csv)",
     ">Line,Code,Kind,Description,>Lower,>Upper,>Points,From,To,Confidence,Sources", NULL, row_iif},
    {"IIF point value (iif_point_value.csv)",
     ">Line,>Point value,>Maximum points,>National fund,From,To,Confidence,Sources", NULL,
     row_iif_value},
    {"When each stream is paid (payment_schedule.csv)",
     ">Line,Stream,>Months in arrears,Paid by,From,To,Confidence,Sources", NULL, row_schedule},
};

static void show_year(struct app *app, const struct rules_year *y)
{
    FILE *out = app->out;
    struct show s = {0};
    struct notes n;
    char fy[8];

    buf_init(&s.b1, 4096);
    buf_init(&s.b2, 4096);
    buf_init(&n.b, 1024 * 1024);
    fy_format(y->fy, fy);
    fprintf(out, "Rules for %s (%s)\n\n", fy, y->dir);
    for (size_t k = 0; k < ARRAY_SIZE(show_tables); k++) {
        struct table t;
        const char *c[TABLE_MAX_COLS];
        size_t i = 0;
        fprintf(out, "%s\n", show_tables[k].title);
        table_init(&t, show_tables[k].columns);
        for (; show_tables[k].row(&s, y, i, c); i++) {
            table_row(&t, c);
            note(&n, s.at, s.note);
        }
        if (i == 0 && show_tables[k].none)
            fprintf(out, "%s\n", show_tables[k].none);
        else
            table_print(&t, out);
        table_release(&t);
        if (k + 1 < ARRAY_SIZE(show_tables))
            flush_notes(app, &n);
        else if (n.b.len) /* the last: no blank line after */
            fprintf(out, "Notes\n%s", n.b.buf);
    }
    buf_release(&s.b1);
    buf_release(&s.b2);
    buf_release(&n.b);
}

static int rules_show_cmd(struct app *app, struct cli_fopts *f)
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
    int rc = cli_funding_rules(app, rules_dir_default(f->rules), fy, &a, &r, &y);
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
    struct cli_fopts f;
    int rc;
    if (argc >= 1 &&
        (strcmp(argv[0], "override") == 0 || strcmp(argv[0], "overrides") == 0 ||
         strcmp(argv[0], "override-end") == 0 || strcmp(argv[0], "override-remove") == 0))
        return cli_rules_layers(app, argc, argv);
    if ((rc = cli_funding_parse(app, argc, argv, &f)))
        goto out;
    if (f.o.nargs < 1) {
        rc = cli_usage(app, "rules needs check or show");
        goto out;
    }
    if (f.year || f.month || f.beds || f.achieved || f.method || f.stream || f.fixed || f.explain ||
        f.practices || f.all || f.csv || f.xlsx || f.o.icb || f.o.have_on) {
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
    cli_funding_release(&f);
    return rc;
}

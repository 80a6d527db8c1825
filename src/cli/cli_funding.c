/* cli_funding.c: the options the funding commands share (cli_funding.h),
 * and the commands that set a PCN's funding inputs; `rules check` and
 * `rules show` are in cli_rulecheck.c, the entitlements in
 * cli_entitlements.c.
 *
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
#include "cli_funding.h"
#include "app.h"
#include "arena.h"
#include "buf.h"
#include "db.h"
#include "audit.h"
#include "entitle.h"
#include "funding.h"
#include "money.h"
#include "rules.h"

int cli_funding_parse(struct app *app, int argc, char **argv, struct cli_fopts *f)
{
    static const struct {
        const char *name;
        size_t off;
    } valued[] = {
        {"--rules", offsetof(struct cli_fopts, rules)},
        {"--year", offsetof(struct cli_fopts, year)},
        {"--month", offsetof(struct cli_fopts, month)},
        {"--beds", offsetof(struct cli_fopts, beds)},
        {"--achieved", offsetof(struct cli_fopts, achieved)},
        {"--method", offsetof(struct cli_fopts, method)},
        {"--stream", offsetof(struct cli_fopts, stream)},
        {"--fixed", offsetof(struct cli_fopts, fixed)},
        {"--xlsx", offsetof(struct cli_fopts, xlsx)},
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
    rc = cli_year(app, f->year, "2025/26", &f->fy);
out:
    free(rest);
    return rc;
}

void cli_funding_release(struct cli_fopts *f)
{
    free(f->o.args);
}

int cli_funding_rules(struct app *app, const char *dir, fy_t fy, struct arena *a, struct rules *r,
                      const struct rules_year **y)
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
        cli_rules_errors(app, &d);
        fprintf(app->err, "pcnops: the rules for %s have problems; nothing was computed\n", name);
        return EXIT_BAD;
    }
    return 0;
}

const char *cli_funding_conf(enum confidence c)
{
    return c == CONF_UNCONFIRMED ? "UNCONFIRMED"
           : c == CONF_CARRIED   ? "PROVISIONAL"
                                 : conf_label(c);
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

static int set_beds(struct app *app, struct cli_fopts *f, const char *pcn, struct pcn_msg *m)
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
    fprintf(app->out,
            "%s: %" PRId64 " care home bed%s from %s %d, until a later month is "
            "entered.\n",
            pcn, beds, beds == 1 ? "" : "s", date_month_name(mm), yy);
    return EXIT_OK;
}

static int set_caip(struct app *app, struct cli_fopts *f, const char *pcn, struct pcn_msg *m)
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

static int set_distribution(struct app *app, struct cli_fopts *f, const char *pcn,
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
        rc = cli_funding_rules(app, rules_dir_default(f->rules), f->fy, &a, &r, &y);
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
            return cli_usage(app,
                             "--method: '%s' is not registered or weighted (for fixed "
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
    if (cli_open_db(app, m) || funding_set_distribution(app->db, pcn, f->stream ? f->stream : "*",
                                                        f->fy, method, codes, bp, n, &note, m)) {
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
    struct cli_fopts f;
    struct pcn_msg m = {0};
    int rc;

    if ((rc = cli_funding_parse(app, argc, argv, &f)))
        goto out;
    if (f.o.nargs != 2 || f.o.json || f.o.icb || f.o.have_on || f.explain || f.practices || f.all ||
        f.csv || f.xlsx) {
        rc = cli_usage(app,
                       "set needs beds, caip or distribution, then a PCN code and its options");
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
    cli_funding_release(&f);
    return rc;
}

/* cli_registry.c: the registry on the command line: import, list, show,
 * history and demo (the first look at a PCN of the store).
 *
 *   pcnops import KIND FILE... [--rules DIR] [--year Y] [--json]
 *   pcnops list icbs|pcns [--icb CODE] [--on DATE] [--json]
 *   pcnops show pcn|practice|icb CODE [--on DATE] [--json]
 *   pcnops history pcn CODE [--json]   (history practice: cli_epcn.c)
 *   pcnops demo | demo load PCN ...     (demo load: cli_demo.c) */
#include "common.h"
#include "app.h"
#include "audit.h"
#include "buf.h"
#include "cli.h"
#include "db.h"
#include "epcn.h"
#include "import.h"
#include "importer.h"
#include "registry.h"
#include "regview.h"
#include "table.h"

#include <unistd.h>

/* "12,345" or "not known" */
static const char *count_text(struct buf *b, int64_t v)
{
    buf_reset(b);
    if (v < 0)
        BUF_LIT(b, "not known");
    else
        buf_add_i64(b, v, true);
    return b->buf;
}

static const char *date_text(struct buf *b, date_t t)
{
    buf_reset(b);
    if (t == DATE_NONE)
        BUF_LIT(b, "no date");
    else
        date_add_uk(b, t);
    return b->buf;
}

/* ---- import ------------------------------------------------------------- */

static void progress(void *ctx, const char *name, long rows)
{
    struct app *app = ctx;
    fprintf(app->err, "\r%s: %ld rows read...", name, rows);
    fflush(app->err);
}

int cmd_import(struct app *app, int argc, char **argv)
{
    struct pcn_msg m = {0};
    struct opts o;
    int rc;

    if (argc < 1)
        return cli_usage(app, "import needs a kind: registry, list-sizes, epraccur, populations, "
                              "iif, qof, nhs-payments, epcn or cqc");
    int kind = import_kind_parse(argv[0]);
    if (kind < 0)
        return cli_usage(app,
                         "import: unknown kind '%s' (registry, list-sizes, epraccur, "
                         "populations, iif, qof, nhs-payments, epcn or cqc)",
                         argv[0]);
    const char *rules_dir = NULL, *year = NULL;
    const struct cli_flag flags[] = {{"--rules", &rules_dir, NULL}, {"--year", &year, NULL}};
    if ((rc = cli_parse_flags(app, argc - 1, argv + 1, flags, ARRAY_SIZE(flags), &o)))
        goto out;
    if (o.nargs < 1) {
        rc = cli_usage(app, "import %s needs a FILE", argv[0]);
        goto out;
    }
    if (cli_open_db(app, &m)) {
        rc = cli_fail(app, &m);
        goto out;
    }
    bool tty = isatty(fileno(app->err));
    for (int i = 0; i < o.nargs; i++) {
        struct import_result res;
        struct audit_entry note;
        struct arena na;
        arena_init(&na, 0);
        audit_note_cli(&note, &na, "import", "file", o.args[i],
                       json_pack("{s:s}", "kind", import_kind_name((enum import_kind)kind)));
        struct import_src src = {.name = o.args[i],
                                 .path = o.args[i],
                                 .rules_dir = rules_dir,
                                 .year = year,
                                 .audit = &note};
        if (tty) {
            src.progress = progress;
            src.progress_ctx = app;
        }
        import_result_init(&res, (enum import_kind)kind);
        int r = importer_run(app->db, (enum import_kind)kind, &src, &res, &m);
        arena_release(&na);
        if (tty)
            fputs("\r\033[K", app->err);
        if (r) {
            import_result_release(&res);
            fprintf(app->err, "pcnops: %s\npcnops: nothing was imported from %s.\n", m.text,
                    o.args[i]);
            rc = EXIT_BAD;
            goto out;
        }
        if (o.json) {
            json_t *w = json_array();
            long kept = res.nwarnings < LIMIT_WARNINGS_KEPT ? res.nwarnings : LIMIT_WARNINGS_KEPT;
            for (long k = 0; k < kept; k++)
                json_array_append_new(w, json_string(res.warnings[k]));
            cli_print_json(app,
                           json_pack("{s:s,s:s,s:o,s:I,s:I,s:I,s:I,s:s,s:I,s:o}", "file", o.args[i],
                                     "kind", import_kind_name(res.kind), "date", jv_date(res.date),
                                     "rows", (json_int_t)res.rows, "rows_written",
                                     (json_int_t)res.written, "checks", (json_int_t)res.checks,
                                     "check_failures", (json_int_t)res.check_failures, "summary",
                                     res.summary, "warning_count", (json_int_t)res.nwarnings,
                                     "warnings", w));
        } else {
            fprintf(app->out, "%s: %s\n", o.args[i], res.summary);
            long kept = res.nwarnings < LIMIT_WARNINGS_KEPT ? res.nwarnings : LIMIT_WARNINGS_KEPT;
            for (long k = 0; k < kept; k++)
                fprintf(app->err, "warning: %s\n", res.warnings[k]);
            if (res.nwarnings > kept)
                fprintf(app->err, "warning: ... and %ld more\n", res.nwarnings - kept);
        }
        import_result_release(&res);
    }
    rc = EXIT_OK;
out:
    free(o.args);
    return rc;
}

/* ---- list, show, history ------------------------------------------------ */

/* One run of a registry command: its options and what it works with. */
struct reg {
    struct app *app;
    const struct opts *o;
    const char *what; /* the list or the kind of record asked for */
    struct arena a;
    struct buf b;
    struct pcn_msg m;
};

/* Opens the store and runs fn with an arena and a buffer; its status. */
static int reg_run(struct app *app, const struct opts *o, const char *what,
                   int (*fn)(struct reg *r))
{
    struct reg r = {.app = app, .o = o, .what = what};
    arena_init(&r.a, 0);
    buf_init(&r.b, 4096);
    int rc = cli_open_db(app, &r.m) ? cli_fail(app, &r.m) : fn(&r);
    buf_release(&r.b);
    arena_release(&r.a);
    return rc;
}

/* One thing of the registry a command shows: list icbs, show pcn... */
struct reg_kind {
    const char *name;
    int (*fn)(struct reg *r);
};

static const struct reg_kind *reg_kind(const struct reg_kind *k, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(k[i].name, name) == 0)
            return &k[i];
    return NULL;
}

static int list_icbs(struct reg *r)
{
    struct icb_row *rows;
    size_t n;
    if (registry_list_icbs(r->app->db, r->o->on, &r->a, &rows, &n, &r->m))
        return cli_fail(r->app, &r->m);
    if (r->o->json) {
        cli_print_json(r->app, regview_icbs(rows, n));
        return EXIT_OK;
    }
    struct table t;
    table_init(&t, "Code,Name,>PCNs,>Registered patients");
    for (size_t i = 0; i < n; i++) {
        const char *cells[] = {rows[i].code, rows[i].name,
                               arena_printf(&r->a, "%ld", rows[i].pcn_count),
                               count_text(&r->b, rows[i].registered_patients)};
        table_row(&t, cells);
    }
    cli_print_table(r->app, &t);
    fprintf(r->app->out, "%zu ICBs.\n", n);
    return EXIT_OK;
}

static int list_pcns(struct reg *r)
{
    struct pcn_row *rows;
    size_t n;
    if (registry_list_pcns(r->app->db, r->o->icb, r->o->on, &r->a, &rows, &n, &r->m))
        return cli_fail(r->app, &r->m);
    if (r->o->json) {
        cli_print_json(r->app, regview_pcns(rows, n));
        return EXIT_OK;
    }
    struct table t;
    table_init(&t, "Code,Name,ICB,>Practices,>Registered patients");
    for (size_t i = 0; i < n; i++) {
        const char *cells[] = {rows[i].code, rows[i].name, rows[i].icb_code,
                               arena_printf(&r->a, "%ld", rows[i].practice_count),
                               count_text(&r->b, rows[i].registered_patients)};
        table_row(&t, cells);
    }
    cli_print_table(r->app, &t);
    fprintf(r->app->out, "%zu PCNs.\n", n);
    return EXIT_OK;
}

static const struct reg_kind lists[] = {{"icbs", list_icbs}, {"pcns", list_pcns}};

int cmd_list(struct app *app, int argc, char **argv)
{
    struct opts o;
    int rc;

    if (argc < 1)
        return cli_usage(app, "list needs icbs or pcns");
    if ((rc = cli_parse_opts(app, argc - 1, argv + 1, &o)))
        goto out;
    const struct reg_kind *k = reg_kind(lists, ARRAY_SIZE(lists), argv[0]);
    if (o.nargs)
        rc = cli_usage(app, "list %s: unexpected argument '%s'", argv[0], o.args[0]);
    else if (!k)
        rc = cli_usage(app, "list: unknown list '%s' (icbs or pcns)", argv[0]);
    else if (k->fn == list_icbs && o.icb)
        rc = cli_usage(app, "list icbs does not take --icb");
    else
        rc = reg_run(app, &o, argv[0], k->fn);
out:
    free(o.args);
    return rc;
}

static void print_pcn(struct app *app, const struct pcn_detail *d, struct buf *b)
{
    FILE *out = app->out;
    fprintf(out, "PCN                  %s  %s\n", d->pcn.code, d->pcn.name ? d->pcn.name : "");
    fprintf(out, "ICB                  %s  %s\n", d->icb.code ? d->icb.code : "-",
            d->icb.name ? d->icb.name : "");
    fprintf(out, "Sub-ICB location     %s  %s\n", d->sub_icb.code ? d->sub_icb.code : "-",
            d->sub_icb.name ? d->sub_icb.name : "");
    fprintf(out, "Registered patients  %s", count_text(b, d->registered_patients));
    if (d->registered_patients >= 0)
        fprintf(out, " (%s)", date_text(b, d->list_size_date));
    fprintf(out, "\n\nMember practices (%zu)\n", d->npractices);
    struct table t;
    table_init(&t, "Code,Name,>Registered patients");
    for (size_t i = 0; i < d->npractices; i++) {
        const char *cells[] = {d->practices[i].code, d->practices[i].name,
                               count_text(b, d->practices[i].registered_patients)};
        table_row(&t, cells);
    }
    table_print(&t, out);
    table_release(&t);
}

static void print_icb(struct app *app, const struct icb_detail *d, struct buf *b)
{
    FILE *out = app->out;
    fprintf(out, "ICB                  %s  %s\n", d->icb.code, d->icb.name ? d->icb.name : "");
    fprintf(out, "Region               %s  %s\n", d->region.code ? d->region.code : "-",
            d->region.name ? d->region.name : "");
    fprintf(out, "Registered patients  %s", count_text(b, d->registered_patients));
    if (d->registered_patients >= 0)
        fprintf(out, " (%s)", date_text(b, d->list_size_date));
    fprintf(out, "\n\nPCNs (%zu)\n", d->npcns);
    struct table t;
    table_init(&t, "Code,Name,>Practices,>Registered patients");
    for (size_t i = 0; i < d->npcns; i++) {
        char np[24];
        snprintf(np, sizeof np, "%ld", d->pcns[i].practice_count);
        const char *cells[] = {d->pcns[i].code, d->pcns[i].name, np,
                               count_text(b, d->pcns[i].registered_patients)};
        table_row(&t, cells);
    }
    table_print(&t, out);
    table_release(&t);
}

static void print_practice(struct app *app, const struct practice_detail *d, struct buf *b)
{
    FILE *out = app->out;
    fprintf(out, "Practice             %s  %s\n", d->info.code, d->info.name ? d->info.name : "");
    if (d->info.postcode)
        fprintf(out, "Postcode             %s\n", d->info.postcode);
    fprintf(out, "PCN                  %s  %s\n", d->pcn.code ? d->pcn.code : "none",
            d->pcn.name ? d->pcn.name : "");
    fprintf(out, "Sub-ICB location     %s  %s\n", d->sub_icb.code ? d->sub_icb.code : "-",
            d->sub_icb.name ? d->sub_icb.name : "");
    fprintf(out, "ICB                  %s  %s\n", d->icb.code ? d->icb.code : "-",
            d->icb.name ? d->icb.name : "");
    if (d->info.supplier)
        fprintf(out, "Clinical system      %s\n", d->info.supplier);
    if (d->has_ods) {
        fprintf(out, "ODS status           %s", d->ods_status);
        if (d->ods_open != DATE_NONE)
            fprintf(out, ", opened %s", date_text(b, d->ods_open));
        if (d->ods_close != DATE_NONE)
            fprintf(out, ", closed %s", date_text(b, d->ods_close));
        fputc('\n', out);
    }
    if (d->has_list) {
        fprintf(out, "Registered patients  %s", count_text(b, d->list.total));
        fprintf(out, " (%s)\n", date_text(b, d->list.date));
        if (d->list.male >= 0 && d->list.female >= 0) {
            fprintf(out, "                     %s male, ", count_text(b, d->list.male));
            fprintf(out, "%s female\n", count_text(b, d->list.female));
        }
    } else {
        fprintf(out, "Registered patients  not known\n");
    }
    if (d->ntrend > 1) {
        fprintf(out, "\nList size by date\n");
        struct table t;
        table_init(&t, "Date,>Registered patients");
        for (size_t i = 0; i < d->ntrend; i++) {
            char when[32];
            snprintf(when, sizeof when, "%s", date_text(b, d->trend[i].date));
            const char *cells[] = {when, count_text(b, d->trend[i].total)};
            table_row(&t, cells);
        }
        table_print(&t, out);
        table_release(&t);
    }
}

static int show_pcn(struct reg *r)
{
    struct pcn_detail d;
    if (registry_pcn(r->app->db, r->o->args[0], r->o->on, &r->a, &d, &r->m))
        return cli_fail(r->app, &r->m);
    if (r->o->json)
        cli_print_json(r->app, regview_pcn(&d));
    else
        print_pcn(r->app, &d, &r->b);
    return EXIT_OK;
}

static int show_icb(struct reg *r)
{
    struct icb_detail d;
    if (registry_icb(r->app->db, r->o->args[0], r->o->on, &r->a, &d, &r->m))
        return cli_fail(r->app, &r->m);
    if (r->o->json)
        cli_print_json(r->app, regview_icb(&d));
    else
        print_icb(r->app, &d, &r->b);
    return EXIT_OK;
}

static int show_practice(struct reg *r)
{
    struct practice_detail d;
    if (registry_practice(r->app->db, r->o->args[0], r->o->on, &r->a, &d, &r->m))
        return cli_fail(r->app, &r->m);
    if (r->o->json)
        cli_print_json(r->app, regview_practice(&d));
    else
        print_practice(r->app, &d, &r->b);
    return EXIT_OK;
}

static const struct reg_kind records[] = {
    {"pcn", show_pcn}, {"practice", show_practice}, {"icb", show_icb}};

int cmd_show(struct app *app, int argc, char **argv)
{
    struct opts o;
    int rc;

    if (argc < 1)
        return cli_usage(app, "show needs pcn, practice or icb");
    if ((rc = cli_parse_opts(app, argc - 1, argv + 1, &o)))
        goto out;
    const char *what = argv[0];
    const struct reg_kind *k = reg_kind(records, ARRAY_SIZE(records), what);
    if (!k)
        rc = cli_usage(app, "show: unknown kind '%s' (pcn, practice or icb)", what);
    else if (o.nargs != 1)
        rc = cli_usage(app, "show %s needs one CODE", what);
    else if (o.icb)
        rc = cli_usage(app, "show does not take --icb");
    else
        rc = reg_run(app, &o, what, k->fn);
out:
    free(o.args);
    return rc;
}

/* "A81001 Name joined (from U12345)", "renamed from 'A' to 'B'", in out. */
static const char *event_text(char out[LIMIT_MSG_BYTES], const struct reg_event *ev)
{
    if (ev->kind == EV_RENAMED)
        snprintf(out, LIMIT_MSG_BYTES, "renamed from '%s' to '%s'", ev->old_name, ev->new_name);
    else
        snprintf(out, LIMIT_MSG_BYTES, "%s %s %s%s%s%s", ev->practice,
                 ev->practice_name ? ev->practice_name : "",
                 ev->kind == EV_JOINED ? "joined" : "left",
                 ev->other_pcn ? (ev->kind == EV_JOINED ? " (from " : " (to ") : "",
                 ev->other_pcn ? ev->other_pcn : "", ev->other_pcn ? ")" : "");
    return out;
}

static int history_pcn(struct reg *r)
{
    struct app *app = r->app;
    const char *code = r->o->args[0];
    struct reg_event *ev;
    size_t n;
    if (registry_pcn_history(app->db, code, &r->a, &ev, &n, &r->m))
        return cli_fail(app, &r->m);
    if (r->o->json) {
        cli_print_json(app, regview_history(ev, n));
        return EXIT_OK;
    }
    if (n == 0) {
        fprintf(app->out, "No changes to %s since the first registry publication loaded.\n", code);
    } else {
        struct table t;
        table_init(&t, "Date,Change");
        for (size_t i = 0; i < n; i++) {
            char when[32], change[LIMIT_MSG_BYTES];
            snprintf(when, sizeof when, "%s", date_text(&r->b, ev[i].date));
            const char *cells[] = {when, event_text(change, &ev[i])};
            table_row(&t, cells);
        }
        cli_print_table(app, &t);
    }
    return epcn_loaded(app->db) ? cli_epcn_history(app, ORG_PCN, code, false) : EXIT_OK;
}

int cmd_history(struct app *app, int argc, char **argv)
{
    struct opts o;
    int rc;

    if (argc >= 1 && strcmp(argv[0], "practice") == 0)
        return cli_epcn_history_cmd(app, argc, argv);
    if (argc < 1 || strcmp(argv[0], "pcn") != 0)
        return cli_usage(app, "history needs pcn CODE or practice CODE");
    if ((rc = cli_parse_opts(app, argc - 1, argv + 1, &o)))
        goto out;
    if (o.nargs != 1 || o.icb || o.have_on)
        rc = cli_usage(app, "history pcn takes one CODE (and --json)");
    else
        rc = reg_run(app, &o, "pcn", history_pcn);
out:
    free(o.args);
    return rc;
}

/* ---- demo: the main job until the web app takes over -------------------- */

static int demo_show(struct reg *r)
{
    struct app *app = r->app;
    struct pcn_row *rows;
    size_t n;
    if (registry_list_pcns(app->db, NULL, app->today, &r->a, &rows, &n, &r->m))
        return cli_fail(app, &r->m);
    if (n == 0) {
        fprintf(app->err, "pcnops: the store %s has no PCNs yet: import the registry first\n",
                db_path(app->db));
        return EXIT_BAD;
    }
    /* The PCN closest to 50,000 patients: a typical network. */
    size_t best = 0;
    for (size_t i = 1; i < n; i++) {
        int64_t d0 = rows[best].registered_patients - 50000,
                d1 = rows[i].registered_patients - 50000;
        if (rows[i].registered_patients >= 0 && (d1 < 0 ? -d1 : d1) < (d0 < 0 ? -d0 : d0))
            best = i;
    }
    struct pcn_detail d;
    if (registry_pcn(app->db, rows[best].code, app->today, &r->a, &d, &r->m))
        return cli_fail(app, &r->m);
    fprintf(app->out, "PCN Ops: %zu PCNs in the store %s. Here is one:\n\n", n, db_path(app->db));
    print_pcn(app, &d, &r->b);
    fprintf(app->out,
            "\nTry next:\n"
            "  build/pcnops list icbs\n"
            "  build/pcnops list pcns --icb %s\n"
            "  build/pcnops show pcn %s --json\n"
            "  build/pcnops show practice %s\n"
            "  build/pcnops history pcn %s\n",
            d.icb.code ? d.icb.code : "QHM", d.pcn.code,
            d.npractices ? d.practices[0].code : "A81001", d.pcn.code);
    return EXIT_OK;
}

int cmd_demo(struct app *app, int argc, char **argv)
{
    if (argc > 0 && strcmp(argv[0], "load") == 0)
        return cli_demo_load(app, argc - 1, argv + 1);
    if (argc > 0)
        return cli_usage(app, "demo takes no arguments, or: demo load PCN");
    return reg_run(app, NULL, NULL, demo_show);
}

#include "common.h"
#include "jsonfmt.h"
#include "cli.h"
#include "app.h"
#include "audit.h"
#include "buf.h"
#include "clock.h"
#include "db.h"
#include "migrate.h"
#include "epcn.h"
#include "import.h"
#include "importer.h"
#include "registry.h"
#include "regview.h"
#include "table.h"

#include <unistd.h>

static const char usage_text[] =
    "Usage: pcnops [--db PATH|URL] COMMAND [ARGS...]\n"
    "  the store: a SQLite file, or postgresql://... (also $PCNOPS_DB; default ./pcnops.db)\n"
    "\n"
    "Registry\n"
    "  import registry FILE...      gp-reg-pat-prac-map.csv (.csv or .csv.gz)\n"
    "  import list-sizes FILE...    gp-reg-pat-prac-quin-age.csv or gp-reg-pat-prac-all.csv\n"
    "  import epraccur FILE         the ODS practice file\n"
    "  import populations FILE      practice_code,date,weighted_population,adjusted_population\n"
    "  import iif FILE              NHS England's IIF annual publication (.csv or .csv.gz)\n"
    "  import qof FILE [--year Y]   QOF practice disease registers, for prevalence\n"
    "  import nhs-payments FILE [--year Y]\n"
    "                               NHS Payments to General Practice (practice- or PCN-level)\n"
    "  import epcn FILE             ODS's ePCN report: memberships with their dates (.xlsx or CSV)\n"
    "  import cqc FILE              CQC's latest ratings (.ods) or the derived CSV\n"
    "  list icbs [--on DATE]\n"
    "  list pcns [--icb CODE] [--on DATE]\n"
    "  show pcn CODE [--on DATE]\n"
    "  show practice CODE [--on DATE]\n"
    "  show icb CODE [--on DATE]\n"
    "  history pcn CODE\n"
    "  history practice CODE        memberships: ODS's dates beside the monthly publications'\n"
    "\n"
    "Funding (the NHS rules are read from --rules DIR, $PCNOPS_RULES or ./rules)\n"
    "  rules check [DIR]            checks every year's rules files: FILE:LINE: field\n"
    "  rules show YEAR              one year's rates, maxima, pay, on-costs and IIF\n"
    "  entitlements PCN [--year YEAR] [--explain] [--practices] [--csv | --xlsx FILE]\n"
    "                               each stream's annual amount and 12 monthly payments,\n"
    "                               with their working (--explain) and practice shares\n"
    "  entitlements --icb CODE | --all [--year YEAR] [--csv | --xlsx FILE]\n"
    "                               every PCN of an ICB, or of England\n"
    "  payments PCN [--year YEAR]   what NHS England paid, per stream, beside what PCN Ops\n"
    "                               works out, with the reasons they can differ\n"
    "  set beds PCN --month YYYY-MM --beds N\n"
    "                               care home beds from that month on\n"
    "  set caip PCN --year YEAR --achieved PERCENT\n"
    "  set distribution PCN --year YEAR [--stream ID] --method registered|weighted\n"
    "  set distribution PCN --year YEAR [--stream ID] --fixed CODE=PCT,CODE=PCT,...\n"
    "                               how the Network Agreement shares money (default:\n"
    "                               registered list), from YEAR on\n"
    "\n"
    "ARRS (the Additional Roles Reimbursement Scheme)\n"
    "  staff list PCN | show ID     the staff register (with pay: audited)\n"
    "  staff add PCN --name N --role ROLE --wte W --start DATE [--end DATE] [--zone Z]\n"
    "        [--band B --point P | --salary POUNDS [--oncost POUNDS] | --cost POUNDS]\n"
    "        [--employment E] [--supervisor NAME] [--id REF]\n"
    "  staff change ID --from DATE --wte W [pay options]   a change of hours or pay\n"
    "  staff end ID --last-day DATE\n"
    "  staff import FILE            the staff CSV (docs/data-sources.md)\n"
    "  staff import-workforce FILE [--pcn CODE] [--start DATE]   NHS PCN workforce CSV\n"
    "  arrs claims PCN [--year Y] [--month YYYY-MM] [--draft] [--explain] [--csv F] [--xlsx F]\n"
    "  arrs claims --all [--year Y]  every post in the store, a whole year: totals\n"
    "  arrs claim STAFF_ID --month YYYY-MM --status submitted|approved|paid --on-date DATE\n"
    "        [--amount POUNDS]\n"
    "  arrs forecast PCN [--year Y]  the year's position against the ARRS sum\n"
    "  arrs plan PCN --posts FILE [--year Y] [--alternatives N]   the recruitment planner\n"
    "  cashflow PCN [--year Y] [--csv F | --xlsx F]   money in and out month by month, the gap\n"
    "        [--recruit ROLE --wte W --from YYYY-MM --salary POUNDS|--cost POUNDS]  what if\n"
    "  cashflow PCN --set-lag MONTHS --note TEXT | --clear-lag   when the ICB pays ARRS\n"
    "\n";

/* Split in two: C17 promises string literals only up to 4,095 bytes. */
static const char usage_tail[] =
    "IIF (the Investment and Impact Fund) and CAIP (Capacity and Access Improvement Payment)\n"
    "  iif PCN [--year Y] [--what-if] [--practices] [--explain] [--members-on DATE]\n"
    "                               each indicator's achievement, points and payment\n"
    "  iif --all [--year Y] [--members-on DATE] [--json [--practices] [--explain] | --csv]\n"
    "                               every PCN's year in one run\n"
    "  iif enter PCN --code CODE --month YYYY-MM --numerator N --denominator N\n"
    "        [--practice CODE]      this year's figures to date, month by month\n"
    "  iif entries PCN [--year Y]   the figures entered\n"
    "  iif prevalence PCN|national --year Y --code CODE --patients N --list N\n"
    "  iif unallocated --year Y     practices with published figures and no PCN on the date\n"
    "  caip PCN [--year Y]          the CAIP self-assessment and the share it feeds\n"
    "  caip set PCN --year Y --criterion ID --status not_started|in_progress|met|not_met\n"
    "        [--evidence TEXT]\n"
    "  caip declare PCN --year Y --date YYYY-MM-DD\n"
    "\n"
    "The clinical director's desk ('pcnops time help', 'pcnops desk help' for more)\n"
    "  time add PCN --date D --hours H --category C [--note TEXT]\n"
    "  time summary PCN --from D --to D [--json]   hours by category, funded, alerts\n"
    "  time list|remove|import|funded PCN ...\n"
    "  desk PCN [--json]            and desk requests, report, delegation, stakeholders,\n"
    "                               engagement, followups, brief, supervision, rules\n"
    "  home PCN | --icb CODE | --admin [--json]\n"
    "                               what needs doing, as the home page of the PCN's clinical\n"
    "                               director, the ICB's users or an admin says\n"
    "\n"
    "The network's decisions (the Network Agreement's board)\n"
    "  meeting add PCN --date D --title T [--agenda A] [--neighbourhood]\n"
    "  decision add PCN --meeting ID --title T [--motion M]   put to the member practices\n"
    "  decisions PCN [--json]       the decisions log: votes and results\n"
    "  actions PCN [--days N]       open actions due within N days (0: today or overdue)\n"
    "  vote PCN DECISION --practice CODE --vote for|against|abstain|none\n"
    "\n";

/* Split from usage_tail: C promises string literals of 4,095 characters. */
static const char usage_admin[] =
    "Web application\n"
    "  serve [--listen HOST:PORT] [--threads N] [--behind-tls] [--trusted-proxy ADDR]\n"
    "                               the web app (default 127.0.0.1:8080); behind a reverse\n"
    "                               proxy at ADDR, its X-Forwarded-For is the client\n"
    "  user add EMAIL --role ROLE [--org ODS] [--name NAME]\n"
    "                               an account; the password is read from standard input\n"
    "                               (roles: admin, icb, pcn-manager, clinical-director, practice)\n"
    "  user disable|enable EMAIL    ends (or gives back) an account's access, sessions and\n"
    "                               tokens at once\n"
    "  user password EMAIL          a new password, from standard input; ends its sessions\n"
    "  user role EMAIL --role ROLE [--org ODS]   a new role\n"
    "  token add EMAIL [--label TEXT] [--expires DAYS]   an API token, printed once\n"
    "  token list [EMAIL]           API tokens, when made, last used and when they end\n"
    "  token revoke ID              ends an API token now\n"
    "  audit verify [--checkpoint FILE]   checks the audit log's keyed chain and its head\n"
    "  audit checkpoint [FILE]      writes (and prints) the log's head, to keep elsewhere\n"
    "  store copy --from A --to B   copies a whole store (a path or postgresql://...) into a\n"
    "                               new one, in one transaction, then checks it\n"
    "  backup FILE                  a consistent copy of a running SQLite store, checked\n"
    "                               (PostgreSQL: pg_dump, docs/deploying.md)\n"
    "  restore FILE [--force]       checks a backup (integrity, schema, audit log), then\n"
    "                               replaces the store with it\n"
    "\n"
    "Other\n"
    "  demo                         show a PCN from the store, with ideas of what to try\n"
    "  demo load PCN [--census FILE] [--rules DIR]   gives the PCN demo data, marked as such:\n"
    "                               its ARRS staff from the workforce census, six months of\n"
    "                               claims, the desk's time, requests, stakeholders, supervision\n"
    "  help                         this text\n"
    "\n"
    "Options: --json prints JSON; --on DATE (YYYY-MM-DD) shows the registry as it\n"
    "was on that date (default today).  The store is --db PATH, $PCNOPS_DB or\n"
    "./pcnops.db.\n";

static void print_usage(FILE *f)
{
    fputs(usage_text, f);
    fputs(usage_tail, f);
    fputs(usage_admin, f);
}

int cli_usage(struct app *app, const char *fmt, ...)
{
    va_list ap;
    fputs("pcnops: ", app->err);
    va_start(ap, fmt);
    vfprintf(app->err, fmt, ap);
    va_end(ap);
    fputs("\nRun 'pcnops help' for the commands.\n", app->err);
    return EXIT_USAGE;
}

int cli_fail(struct app *app, const struct pcn_msg *m)
{
    fprintf(app->err, "pcnops: %s\n", m->text);
    return m->code == PCN_EUSAGE ? EXIT_USAGE : EXIT_BAD;
}

int app_today(date_t *out)
{
    return clock_today(out);
}

int cli_open_db(struct app *app, struct pcn_msg *m)
{
    if (app->db)
        return 0;
    return migrate_open(app->db_path, &app->db, m);
}

int cli_parse_opts(struct app *app, int argc, char **argv, struct opts *o)
{
    memset(o, 0, sizeof *o);
    o->on = app->today;
    o->args = xcalloc((size_t)argc + 1, sizeof *o->args);
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--json") == 0) {
            o->json = true;
        } else if (strcmp(a, "--on") == 0 || strcmp(a, "--icb") == 0) {
            if (i + 1 >= argc)
                return cli_usage(app, "%s needs a value", a);
            const char *v = argv[++i];
            if (a[2] == 'o') {
                if (date_parse_iso(v, strlen(v), &o->on))
                    return cli_usage(app, "--on: '%s' is not a date (YYYY-MM-DD)", v);
                o->have_on = true;
            } else {
                o->icb = v;
            }
        } else if (a[0] == '-' && a[1] == '-') {
            return cli_usage(app, "unknown option %s", a);
        } else {
            o->args[o->nargs++] = argv[i];
        }
    }
    return 0;
}

int cli_parse_flags(struct app *app, int argc, char **argv, const struct cli_flag *flags,
                    size_t nflags, struct opts *o)
{
    char **rest = xcalloc((size_t)argc + 1, sizeof *rest);
    int nrest = 0, rc = 0;
    memset(o, 0, sizeof *o);
    for (int i = 0; i < argc; i++) {
        const struct cli_flag *f = NULL;
        for (size_t k = 0; k < nflags && !f; k++)
            if (strcmp(argv[i], flags[k].name) == 0)
                f = &flags[k];
        if (!f) {
            rest[nrest++] = argv[i];
        } else if (f->flag) {
            *f->flag = true;
        } else if (i + 1 >= argc) {
            rc = cli_usage(app, "%s needs a value", argv[i]);
            break;
        } else {
            *f->value = argv[++i];
        }
    }
    if (!rc)
        rc = cli_parse_opts(app, nrest, rest, o);
    free(rest);
    return rc;
}

void cli_print_json(struct app *app, json_t *j)
{
    json_dumpf(j, app->out, JSON_INDENT(2) | PCN_JSON_DUMP);
    fputc('\n', app->out);
    json_decref(j);
}

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

static int cmd_import(struct app *app, int argc, char **argv)
{
    struct pcn_msg m = {0};
    struct opts o;
    int rc;

    if (argc < 1)
        return cli_usage(app, "import needs a kind: registry, list-sizes, epraccur, populations, "
                              "iif, qof, nhs-payments, epcn or cqc");
    int kind = import_kind_parse(argv[0]);
    if (kind < 0)
        return cli_usage(app, "import: unknown kind '%s' (registry, list-sizes, epraccur, "
                              "populations, iif, qof, nhs-payments, epcn or cqc)", argv[0]);
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
        struct import_src src = {.name = o.args[i], .path = o.args[i], .rules_dir = rules_dir,
                                 .year = year, .audit = &note};
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
            cli_print_json(app, json_pack("{s:s,s:s,s:o,s:I,s:I,s:I,s:I,s:s,s:I,s:o}", "file",
                                      o.args[i], "kind", import_kind_name(res.kind), "date",
                                      jv_date(res.date), "rows", (json_int_t)res.rows,
                                      "rows_written", (json_int_t)res.written, "checks",
                                      (json_int_t)res.checks, "check_failures",
                                      (json_int_t)res.check_failures, "summary", res.summary,
                                      "warning_count", (json_int_t)res.nwarnings, "warnings", w));
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

static int cmd_list(struct app *app, int argc, char **argv)
{
    struct pcn_msg m = {0};
    struct arena a;
    struct opts o;
    struct buf b;
    int rc;

    if (argc < 1)
        return cli_usage(app, "list needs icbs or pcns");
    if ((rc = cli_parse_opts(app, argc - 1, argv + 1, &o)))
        goto out0;
    if (o.nargs) {
        rc = cli_usage(app, "list %s: unexpected argument '%s'", argv[0], o.args[0]);
        goto out0;
    }
    bool icbs = strcmp(argv[0], "icbs") == 0;
    if (!icbs && strcmp(argv[0], "pcns") != 0) {
        rc = cli_usage(app, "list: unknown list '%s' (icbs or pcns)", argv[0]);
        goto out0;
    }
    if (icbs && o.icb) {
        rc = cli_usage(app, "list icbs does not take --icb");
        goto out0;
    }
    arena_init(&a, 0);
    buf_init(&b, 4096);
    if (cli_open_db(app, &m)) {
        rc = cli_fail(app, &m);
        goto out;
    }
    if (icbs) {
        struct icb_row *rows;
        size_t n;
        if (registry_list_icbs(app->db, o.on, &a, &rows, &n, &m)) {
            rc = cli_fail(app, &m);
            goto out;
        }
        if (o.json) {
            cli_print_json(app, regview_icbs(rows, n));
        } else {
            struct table t;
            table_init(&t, "Code,Name,>PCNs,>Registered patients");
            for (size_t i = 0; i < n; i++) {
                char pcns[24];
                snprintf(pcns, sizeof pcns, "%ld", rows[i].pcn_count);
                const char *cells[] = {rows[i].code, rows[i].name, pcns,
                                       count_text(&b, rows[i].registered_patients)};
                table_row(&t, cells);
            }
            table_print(&t, app->out);
            table_release(&t);
            fprintf(app->out, "%zu ICBs.\n", n);
        }
    } else {
        struct pcn_row *rows;
        size_t n;
        if (registry_list_pcns(app->db, o.icb, o.on, &a, &rows, &n, &m)) {
            rc = cli_fail(app, &m);
            goto out;
        }
        if (o.json) {
            cli_print_json(app, regview_pcns(rows, n));
        } else {
            struct table t;
            table_init(&t, "Code,Name,ICB,>Practices,>Registered patients");
            for (size_t i = 0; i < n; i++) {
                char np[24];
                snprintf(np, sizeof np, "%ld", rows[i].practice_count);
                const char *cells[] = {rows[i].code, rows[i].name, rows[i].icb_code, np,
                                       count_text(&b, rows[i].registered_patients)};
                table_row(&t, cells);
            }
            table_print(&t, app->out);
            table_release(&t);
            fprintf(app->out, "%zu PCNs.\n", n);
        }
    }
    rc = EXIT_OK;
out:
    buf_release(&b);
    arena_release(&a);
out0:
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

static int cmd_show(struct app *app, int argc, char **argv)
{
    struct pcn_msg m = {0};
    struct arena a;
    struct opts o;
    struct buf b;
    int rc;

    if (argc < 1)
        return cli_usage(app, "show needs pcn, practice or icb");
    if ((rc = cli_parse_opts(app, argc - 1, argv + 1, &o)))
        goto out0;
    const char *what = argv[0];
    if (strcmp(what, "pcn") && strcmp(what, "practice") && strcmp(what, "icb")) {
        rc = cli_usage(app, "show: unknown kind '%s' (pcn, practice or icb)", what);
        goto out0;
    }
    if (o.nargs != 1) {
        rc = cli_usage(app, "show %s needs one CODE", what);
        goto out0;
    }
    if (o.icb) {
        rc = cli_usage(app, "show does not take --icb");
        goto out0;
    }
    arena_init(&a, 0);
    buf_init(&b, 4096);
    if (cli_open_db(app, &m)) {
        rc = cli_fail(app, &m);
        goto out;
    }
    const char *code = o.args[0];
    if (strcmp(what, "pcn") == 0) {
        struct pcn_detail d;
        if (registry_pcn(app->db, code, o.on, &a, &d, &m)) {
            rc = cli_fail(app, &m);
            goto out;
        }
        if (o.json)
            cli_print_json(app, regview_pcn(&d));
        else
            print_pcn(app, &d, &b);
    } else if (strcmp(what, "icb") == 0) {
        struct icb_detail d;
        if (registry_icb(app->db, code, o.on, &a, &d, &m)) {
            rc = cli_fail(app, &m);
            goto out;
        }
        if (o.json)
            cli_print_json(app, regview_icb(&d));
        else
            print_icb(app, &d, &b);
    } else {
        struct practice_detail d;
        if (registry_practice(app->db, code, o.on, &a, &d, &m)) {
            rc = cli_fail(app, &m);
            goto out;
        }
        if (o.json)
            cli_print_json(app, regview_practice(&d));
        else
            print_practice(app, &d, &b);
    }
    rc = EXIT_OK;
out:
    buf_release(&b);
    arena_release(&a);
out0:
    free(o.args);
    return rc;
}

static int cmd_history(struct app *app, int argc, char **argv)
{
    struct pcn_msg m = {0};
    struct arena a;
    struct opts o;
    struct buf b;
    int rc;

    if (argc >= 1 && strcmp(argv[0], "practice") == 0)
        return cli_epcn_history_cmd(app, argc, argv);
    if (argc < 1 || strcmp(argv[0], "pcn") != 0)
        return cli_usage(app, "history needs pcn CODE or practice CODE");
    if ((rc = cli_parse_opts(app, argc - 1, argv + 1, &o)))
        goto out0;
    if (o.nargs != 1 || o.icb || o.have_on) {
        rc = cli_usage(app, "history pcn takes one CODE (and --json)");
        goto out0;
    }
    arena_init(&a, 0);
    buf_init(&b, 4096);
    struct reg_event *ev;
    size_t n;
    if (cli_open_db(app, &m) || registry_pcn_history(app->db, o.args[0], &a, &ev, &n, &m)) {
        rc = cli_fail(app, &m);
        goto out;
    }
    if (o.json) {
        cli_print_json(app, regview_history(ev, n));
    } else if (n == 0) {
        fprintf(app->out, "No changes to %s since the first registry publication loaded.\n",
                o.args[0]);
    } else {
        struct table t;
        table_init(&t, "Date,Change");
        for (size_t i = 0; i < n; i++) {
            char when[32], change[LIMIT_MSG_BYTES];
            snprintf(when, sizeof when, "%s", date_text(&b, ev[i].date));
            if (ev[i].kind == EV_RENAMED)
                snprintf(change, sizeof change, "renamed from '%s' to '%s'", ev[i].old_name,
                         ev[i].new_name);
            else
                snprintf(change, sizeof change, "%s %s %s%s%s%s", ev[i].practice,
                         ev[i].practice_name ? ev[i].practice_name : "",
                         ev[i].kind == EV_JOINED ? "joined" : "left",
                         ev[i].other_pcn ? (ev[i].kind == EV_JOINED ? " (from " : " (to ") : "",
                         ev[i].other_pcn ? ev[i].other_pcn : "", ev[i].other_pcn ? ")" : "");
            const char *cells[] = {when, change};
            table_row(&t, cells);
        }
        table_print(&t, app->out);
        table_release(&t);
    }
    rc = EXIT_OK;
    if (!o.json && epcn_loaded(app->db))
        rc = cli_epcn_history(app, ORG_PCN, o.args[0], false);
out:
    buf_release(&b);
    arena_release(&a);
out0:
    free(o.args);
    return rc;
}

/* ---- demo: the main job until the web app takes over -------------------- */

static int cmd_demo(struct app *app, int argc, char **argv)
{
    struct pcn_msg m = {0};
    struct arena a;
    struct buf b;
    int rc = EXIT_OK;
    if (argc > 0 && strcmp(argv[0], "load") == 0)
        return cli_demo_load(app, argc - 1, argv + 1);
    if (argc > 0)
        return cli_usage(app, "demo takes no arguments, or: demo load PCN");
    arena_init(&a, 0);
    buf_init(&b, 4096);
    struct pcn_row *rows;
    size_t n;
    if (cli_open_db(app, &m) || registry_list_pcns(app->db, NULL, app->today, &a, &rows, &n, &m)) {
        rc = cli_fail(app, &m);
        goto out;
    }
    if (n == 0) {
        fprintf(app->err, "pcnops: the store %s has no PCNs yet: import the registry first\n",
                db_path(app->db));
        rc = EXIT_BAD;
        goto out;
    }
    /* The PCN closest to 50,000 patients: a typical network. */
    size_t best = 0;
    for (size_t i = 1; i < n; i++) {
        int64_t d0 = rows[best].registered_patients - 50000, d1 = rows[i].registered_patients - 50000;
        if (rows[i].registered_patients >= 0 && (d1 < 0 ? -d1 : d1) < (d0 < 0 ? -d0 : d0))
            best = i;
    }
    struct pcn_detail d;
    if (registry_pcn(app->db, rows[best].code, app->today, &a, &d, &m)) {
        rc = cli_fail(app, &m);
        goto out;
    }
    fprintf(app->out, "PCN Ops: %zu PCNs in the store %s. Here is one:\n\n", n,
            db_path(app->db));
    print_pcn(app, &d, &b);
    fprintf(app->out,
            "\nTry next:\n"
            "  build/pcnops list icbs\n"
            "  build/pcnops list pcns --icb %s\n"
            "  build/pcnops show pcn %s --json\n"
            "  build/pcnops show practice %s\n"
            "  build/pcnops history pcn %s\n",
            d.icb.code ? d.icb.code : "QHM", d.pcn.code,
            d.npractices ? d.practices[0].code : "A81001", d.pcn.code);
out:
    buf_release(&b);
    arena_release(&a);
    return rc;
}

/* ---- dispatch ----------------------------------------------------------- */

static const struct {
    const char *name;
    int (*fn)(struct app *, int, char **);
} commands[] = {
    /* Each module's commands are in its own cli_*.c file; add a line here. */
    {"import", cmd_import}, {"list", cmd_list}, {"show", cmd_show},
    {"history", cmd_history}, {"demo", cmd_demo},
    {"serve", cmd_serve}, {"user", cmd_user}, {"token", cmd_token}, {"audit", cmd_audit},
    {"store", cmd_store}, {"backup", cmd_backup}, {"restore", cmd_restore},
    {"rules", cmd_rules}, {"entitlements", cmd_entitlements}, {"set", cmd_set},
    {"payments", cmd_payments}, {"cashflow", cmd_cashflow},
    {"staff", cmd_staff}, {"arrs", cmd_arrs},
    {"iif", cmd_iif}, {"caip", cmd_caip},
    {"time", cmd_time}, {"desk", cmd_desk},
    {"decisions", cmd_decisions}, {"actions", cmd_actions}, {"vote", cmd_vote},
    {"meeting", cmd_meeting}, {"decision", cmd_decision},
    {"home", cmd_home},
};

int cli_main(int argc, char **argv)
{
    struct app app = {.out = stdout, .err = stderr};
    int i = 1;

    app.db_path = getenv("PCNOPS_DB");
    if (!app.db_path || !*app.db_path)
        app.db_path = "pcnops.db";
    for (; i < argc && argv[i][0] == '-'; i++) {
        if (strcmp(argv[i], "--db") == 0) {
            if (i + 1 >= argc)
                return cli_usage(&app, "--db needs a PATH");
            app.db_path = argv[++i];
        } else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            print_usage(stdout);
            return EXIT_OK;
        } else {
            return cli_usage(&app, "unknown option %s", argv[i]);
        }
    }
    if (i >= argc) {
        print_usage(stderr);
        return EXIT_USAGE;
    }
    const char *cmd = argv[i];
    if (strcmp(cmd, "help") == 0) {
        print_usage(stdout);
        return EXIT_OK;
    }
    if (app_today(&app.today))
        return cli_usage(&app, "PCNOPS_TODAY must be a date YYYY-MM-DD");
    for (size_t c = 0; c < ARRAY_SIZE(commands); c++) {
        if (strcmp(cmd, commands[c].name) == 0) {
            int rc = commands[c].fn(&app, argc - i - 1, argv + i + 1);
            db_close(app.db);
            return rc;
        }
    }
    return cli_usage(&app, "unknown command '%s'", cmd);
}

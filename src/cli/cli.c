#include "common.h"
#include "jsonfmt.h"
#include "cli.h"
#include "app.h"
#include "arena.h"
#include "audit.h"
#include "buf.h"
#include "clock.h"
#include "db.h"
#include "migrate.h"
#include "sheet.h"
#include "table.h"

#include <errno.h>

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
    "  import epcn FILE             ODS's ePCN report: memberships with their dates (.xlsx or "
    "CSV)\n"
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

/* A usage error: the arguments are released (o->args NULL). */
static int opts_bad(struct opts *o, int rc)
{
    free(o->args);
    o->args = NULL;
    return rc;
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
                return opts_bad(o, cli_usage(app, "%s needs a value", a));
            const char *v = argv[++i];
            if (a[2] == 'o') {
                if (date_parse_iso(v, strlen(v), &o->on))
                    return opts_bad(o, cli_usage(app, "--on: '%s' is not a date (YYYY-MM-DD)", v));
                o->have_on = true;
            } else {
                o->icb = v;
            }
        } else if (a[0] == '-' && a[1] == '-') {
            return opts_bad(o, cli_usage(app, "unknown option %s", a));
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

void cli_print_table(struct app *app, struct table *t)
{
    table_print(t, app->out);
    table_release(t);
}

int cli_print_csv(struct app *app, const struct sheet *sh)
{
    struct pcn_msg m = {0};
    struct buf b;
    buf_init(&b, LIMIT_BUF_DEFAULT);
    int rc = sheet_write_csv(sh, &b);
    if (!rc)
        fwrite(b.buf, 1, b.len, app->out);
    buf_release(&b);
    if (rc) {
        msg_set(&m, rc, "the CSV is larger than %ld bytes", (long)LIMIT_BUF_DEFAULT);
        return cli_fail(app, &m);
    }
    return EXIT_OK;
}

int cli_write_csv(struct app *app, const struct sheet *sh, const char *path)
{
    struct pcn_msg m = {0};
    struct buf b;
    buf_init(&b, LIMIT_RESPONSE_BYTES);
    sheet_write_csv(sh, &b);
    FILE *f = fopen(path, "wb");
    int rc = 0;
    if (!f || fwrite(b.buf, 1, b.len, f) != b.len) {
        int e = errno;
        if (f)
            fclose(f);
        msg_set(&m, PCN_EIO, "%s: cannot write: %s", path, strerror(e));
        rc = cli_fail(app, &m);
    } else if (fclose(f)) {
        msg_set(&m, PCN_EIO, "%s: cannot write: %s", path, strerror(errno));
        rc = cli_fail(app, &m);
    }
    buf_release(&b);
    return rc;
}

/* v as `add` writes it, in a. */
static const char *money_in(struct arena *a, pence_t v, int (*add)(struct buf *, pence_t))
{
    struct buf b;
    buf_init(&b, 64);
    add(&b, v);
    const char *s = arena_strdup(a, b.buf);
    buf_release(&b);
    return s;
}

const char *cli_pounds(struct arena *a, pence_t v)
{
    return money_in(a, v, money_add_display2);
}

const char *cli_money(struct arena *a, pence_t v)
{
    return money_in(a, v, money_add_display);
}

int cli_year(struct app *app, const char *s, const char *like, fy_t *fy)
{
    *fy = fy_of(app->today);
    if (s && fy_parse(s, fy))
        return cli_usage(app, "--year: '%s' is not a financial year (like %s)", s, like);
    return 0;
}

int cli_date_opt(struct app *app, const char *name, const char *s, date_t *out)
{
    *out = DATE_NONE;
    if (s && date_parse_iso(s, strlen(s), out))
        return cli_usage(app, "%s: '%s' is not a date (YYYY-MM-DD)", name, s);
    return 0;
}

int cli_audit(struct app *app, const char *action, const char *kind, const char *code,
              json_t *detail)
{
    struct pcn_msg m = {0};
    return audit_cli(app->db, action, kind, code, detail, &m) ? cli_fail(app, &m) : 0;
}

/* ---- dispatch ----------------------------------------------------------- */

static const struct {
    const char *name;
    int (*fn)(struct app *, int, char **);
} commands[] = {
    /* Each module's commands are in its own cli_*.c file; add a line here. */
    {"import", cmd_import},     {"list", cmd_list},
    {"show", cmd_show},         {"history", cmd_history},
    {"demo", cmd_demo},         {"serve", cmd_serve},
    {"user", cmd_user},         {"token", cmd_token},
    {"audit", cmd_audit},       {"store", cmd_store},
    {"backup", cmd_backup},     {"restore", cmd_restore},
    {"rules", cmd_rules},       {"entitlements", cmd_entitlements},
    {"set", cmd_set},           {"payments", cmd_payments},
    {"cashflow", cmd_cashflow}, {"staff", cmd_staff},
    {"arrs", cmd_arrs},         {"iif", cmd_iif},
    {"caip", cmd_caip},         {"time", cmd_time},
    {"desk", cmd_desk},         {"decisions", cmd_decisions},
    {"actions", cmd_actions},   {"vote", cmd_vote},
    {"meeting", cmd_meeting},   {"decision", cmd_decision},
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

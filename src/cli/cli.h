/* cli.h: the pcnops command line.
 *
 *   pcnops [--db PATH] COMMAND [ARGS...]
 *
 * The store is --db PATH, else $PCNOPS_DB, else ./pcnops.db.  Listing and
 * showing print a table by default and JSON with --json.  Exit status: 0 on
 * success, 1 on bad input or an unknown code (with a message on stderr),
 * 2 on a usage error.  `pcnops help` lists the commands. */
#ifndef PCN_CLI_H
#define PCN_CLI_H

#include <jansson.h>
#include <stdbool.h>

#include "app.h"
#include "err.h"
#include "money.h"
#include "ods.h"

enum { EXIT_OK = 0, EXIT_BAD = 1, EXIT_USAGE = 2 };

int cli_main(int argc, char **argv);

/* For the commands of each module (cli_*.c): */

/* Options shared by the commands, parsed by cli_parse_opts. */
struct opts {
    bool json;       /* --json                               */
    bool have_on;    /* --on DATE given                      */
    date_t on;       /* --on, default app->today             */
    const char *icb; /* --icb CODE                           */
    int nargs;
    char **args; /* positional arguments (free(o->args)) */
};

/* Parses --json, --on DATE and --icb CODE anywhere in argv, keeping other
 * words as positional arguments; an unknown --option is a usage error.
 * 0 (the caller frees o->args), or EXIT_USAGE after printing the problem,
 * with nothing to free (o->args NULL). */
int cli_parse_opts(struct app *app, int argc, char **argv, struct opts *o);
/* Named options of a command, beside --json, --on and --icb: each takes a
 * value (value set) or is a switch (flag set). */
struct cli_flag {
    const char *name;   /* "--year" */
    const char **value; /* receives the next argument */
    bool *flag;         /* set to true when present */
};
/* Takes the named options out of argv, then parses the rest as
 * cli_parse_opts does: 0, or EXIT_USAGE with nothing to free. */
int cli_parse_flags(struct app *app, int argc, char **argv, const struct cli_flag *flags,
                    size_t nflags, struct opts *o);

/* Prints "pcnops: ..." and the help hint on stderr; returns EXIT_USAGE. */
int cli_usage(struct app *app, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Prints the message on stderr; returns EXIT_BAD (EXIT_USAGE for PCN_EUSAGE). */
int cli_fail(struct app *app, const struct pcn_msg *m);
/* Opens app->db (once), migrating the store. */
int cli_open_db(struct app *app, struct pcn_msg *m);
/* The commands in cli_registry.c */
int cmd_import(struct app *app, int argc, char **argv);
int cmd_list(struct app *app, int argc, char **argv);
int cmd_show(struct app *app, int argc, char **argv);
int cmd_history(struct app *app, int argc, char **argv);
int cmd_demo(struct app *app, int argc, char **argv);
/* The commands in cli_web.c */
int cmd_serve(struct app *app, int argc, char **argv);
int cmd_user(struct app *app, int argc, char **argv);
int cmd_token(struct app *app, int argc, char **argv);
int cmd_audit(struct app *app, int argc, char **argv);
int cmd_store(struct app *app, int argc, char **argv);
int cmd_backup(struct app *app, int argc, char **argv);
int cmd_restore(struct app *app, int argc, char **argv);
/* The command in cli_staff.c */
int cmd_staff(struct app *app, int argc, char **argv);
/* The command in cli_arrs.c */
int cmd_arrs(struct app *app, int argc, char **argv);
/* The commands in cli_funding.c */
int cmd_rules(struct app *app, int argc, char **argv);
/* rules override | overrides | override-end | override-remove (cli_rules.c);
 * argv[0] is the subcommand. */
int cli_rules_layers(struct app *app, int argc, char **argv);
int cmd_entitlements(struct app *app, int argc, char **argv);
int cmd_set(struct app *app, int argc, char **argv);
/* The command in cli_cashflow.c */
int cmd_cashflow(struct app *app, int argc, char **argv);
/* The commands in cli_network.c */
int cmd_decisions(struct app *app, int argc, char **argv);
int cmd_actions(struct app *app, int argc, char **argv);
int cmd_vote(struct app *app, int argc, char **argv);
int cmd_meeting(struct app *app, int argc, char **argv);
int cmd_decision(struct app *app, int argc, char **argv);
/* The command in cli_payments.c */
int cmd_payments(struct app *app, int argc, char **argv);
/* cli_home.c: what needs doing, as the home page says (home.h) */
int cmd_home(struct app *app, int argc, char **argv);
/* The commands in cli_iif.c */
int cmd_iif(struct app *app, int argc, char **argv);
int cmd_caip(struct app *app, int argc, char **argv);

/* demo load (cli_demo.c); argv after "load" */
int cli_demo_load(struct app *app, int argc, char **argv);

/* The clinical director's desk: time in cli_time.c, the rest in cli_desk.c
 * and cli_desk_people.c (cli_desk.h) */
int cmd_time(struct app *app, int argc, char **argv);
int cmd_desk(struct app *app, int argc, char **argv);

/* --year S: the financial year S names, else (S NULL) today's; a usage
 * error "--year: 'S' is not a financial year (like LIKE)" otherwise. */
int cli_year(struct app *app, const char *s, const char *like, fy_t *fy);
/* A date option NAME ("--from") of value s: DATE_NONE when s is NULL; a
 * usage error "NAME: 'S' is not a date (YYYY-MM-DD)" when it is not one. */
int cli_date_opt(struct app *app, const char *name, const char *s, date_t *out);
/* Writes the command line's audit entry (audit_cli): 0, or the failure
 * printed and its exit status. */
int cli_audit(struct app *app, const char *action, const char *kind, const char *code,
              json_t *detail);

/* Loads the rules from dir (--rules DIR, else $PCNOPS_RULES, else ./rules):
 * 0, or on any problem the problems kept and the message printed and
 * EXIT_BAD.  cli_open_rules opens the store first. */
struct arena;
struct rules;
struct rules_diag;
int cli_rules_load(struct app *app, const char *dir, struct arena *a, struct rules *r);
int cli_open_rules(struct app *app, const char *dir, struct arena *a, struct rules *r);
/* Prints the rules' problems (rules_load's), as many as are kept, on stderr. */
void cli_rules_errors(struct app *app, const struct rules_diag *d);

/* "£1,234.56" (money_add_display2) in a of the command's arena. */
const char *cli_pounds(struct arena *a, pence_t v);
/* "£1,234.56", "£75" (money_add_display: whole pounds without pence) in a. */
const char *cli_money(struct arena *a, pence_t v);

/* Prints j indented, keys in insertion order, and releases it. */
void cli_print_json(struct app *app, json_t *j);
/* Prints the table (table.h) on app->out and releases it. */
struct table;
void cli_print_table(struct app *app, struct table *t);
/* Prints the sheet (sheet.h) as CSV on app->out: 0, or a failure printed
 * when it is larger than LIMIT_BUF_DEFAULT. */
struct sheet;
int cli_print_csv(struct app *app, const struct sheet *sh);
/* Writes the sheet as CSV to path (at most LIMIT_RESPONSE_BYTES): 0, or
 * the failure printed ("PATH: cannot write: why") and EXIT_BAD. */
int cli_write_csv(struct app *app, const struct sheet *sh, const char *path);
/* cli_epcn.c: history practice CODE; the ODS part of history pcn CODE */
int cli_epcn_history_cmd(struct app *app, int argc, char **argv);
int cli_epcn_history(struct app *app, enum org_kind kind, const char *code, bool json);

#endif

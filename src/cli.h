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
#include "ods.h"

enum { EXIT_OK = 0, EXIT_BAD = 1, EXIT_USAGE = 2 };

int cli_main(int argc, char **argv);

/* For the commands of each module (cli_*.c): */

/* Options shared by the commands, parsed by cli_parse_opts. */
struct opts {
    bool json;          /* --json                               */
    bool have_on;       /* --on DATE given                      */
    date_t on;          /* --on, default app->today             */
    const char *icb;    /* --icb CODE                           */
    int nargs;
    char **args;        /* positional arguments (free(o->args)) */
};

/* Parses --json, --on DATE and --icb CODE anywhere in argv, keeping other
 * words as positional arguments; an unknown --option is a usage error.
 * 0, or EXIT_USAGE after printing the problem.  The caller frees o->args. */
int cli_parse_opts(struct app *app, int argc, char **argv, struct opts *o);
/* Named options of a command, beside --json, --on and --icb: each takes a
 * value (value set) or is a switch (flag set). */
struct cli_flag {
    const char *name;        /* "--year" */
    const char **value;      /* receives the next argument */
    bool *flag;              /* set to true when present */
};
/* Takes the named options out of argv, then parses the rest as
 * cli_parse_opts does.  0, or EXIT_USAGE after printing the problem. */
int cli_parse_flags(struct app *app, int argc, char **argv, const struct cli_flag *flags,
                    size_t nflags, struct opts *o);

/* Prints "pcnops: ..." and the help hint on stderr; returns EXIT_USAGE. */
int cli_usage(struct app *app, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Prints the message on stderr; returns EXIT_BAD (EXIT_USAGE for PCN_EUSAGE). */
int cli_fail(struct app *app, const struct pcn_msg *m);
/* Opens app->db (once), migrating the store. */
int cli_open_db(struct app *app, struct pcn_msg *m);
/* The commands in cli_web.c */
int cmd_serve(struct app *app, int argc, char **argv);
int cmd_user(struct app *app, int argc, char **argv);
int cmd_token(struct app *app, int argc, char **argv);
int cmd_audit(struct app *app, int argc, char **argv);
int cmd_store(struct app *app, int argc, char **argv);
int cmd_backup(struct app *app, int argc, char **argv);
int cmd_restore(struct app *app, int argc, char **argv);
/* The commands in cli_arrs.c */
int cmd_staff(struct app *app, int argc, char **argv);
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

/* The commands in cli_desk.c */
int cmd_time(struct app *app, int argc, char **argv);
int cmd_desk(struct app *app, int argc, char **argv);

/* Prints j indented, keys in insertion order, and releases it. */
void cli_print_json(struct app *app, json_t *j);
/* cli_epcn.c: history practice CODE; the ODS part of history pcn CODE */
int cli_epcn_history_cmd(struct app *app, int argc, char **argv);
int cli_epcn_history(struct app *app, enum org_kind kind, const char *code, bool json);

#endif

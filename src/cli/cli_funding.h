/* cli_funding.h: what the funding commands share (cli_funding.c: set;
 * cli_rulecheck.c: rules check and show; cli_entitlements.c: entitlements):
 * their options and the year's rules.
 *
 * Every command that reads the rules takes --rules DIR (else $PCNOPS_RULES,
 * else ./rules).  YEAR is 2025/26 (or 2025-26); the default is the
 * financial year of today. */
#ifndef PCN_CLI_FUNDING_H
#define PCN_CLI_FUNDING_H

#include <stdbool.h>

#include "app.h"
#include "cli.h"
#include "rules.h"

/* The options of these commands; the rest go to cli_parse_opts. */
struct cli_fopts {
    const char *rules, *year, *month, *beds, *achieved, *method, *stream, *fixed, *xlsx;
    bool explain, practices, all, csv;
    fy_t fy; /* --year, else today's */
    struct opts o;
};

/* Parses argv into f: 0, or a usage error printed (and its status).
 * cli_funding_release frees what it holds, either way. */
int cli_funding_parse(struct app *app, int argc, char **argv, struct cli_fopts *f);
void cli_funding_release(struct cli_fopts *f);
/* Loads the rules of dir and picks fy's year (*y); prints every problem and
 * returns EXIT_BAD when that year has one or is missing (or, with fy 0, any
 * year has one). */
int cli_funding_rules(struct app *app, const char *dir, fy_t fy, struct arena *a, struct rules *r,
                      const struct rules_year **y);
/* A row's confidence in a table: UNCONFIRMED, PROVISIONAL or its label. */
const char *cli_funding_conf(enum confidence c);

#endif

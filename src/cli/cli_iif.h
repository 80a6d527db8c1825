/* cli_iif.h: what the IIF commands (cli_iif.c) and the CAIP commands
 * (cli_caip.c) share.  Their commands are declared in cli.h. */
#ifndef PCN_CLI_IIF_H
#define PCN_CLI_IIF_H

#include "app.h"
#include "rules.h"

/* --year s, else this year, else the latest year of the rules before it:
 * 0, or a usage error printed (and its status). */
int cli_iif_year(struct app *app, const struct rules *r, const char *s, fy_t *fy);

#endif

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

enum { EXIT_OK = 0, EXIT_BAD = 1, EXIT_USAGE = 2 };

int cli_main(int argc, char **argv);

#endif

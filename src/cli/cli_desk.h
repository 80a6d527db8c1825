/* cli_desk.h: what the clinical director's desk commands share (cli_desk.c,
 * cli_time.c, cli_desk_people.c).
 *
 * Each command is a row of a table (struct cli_desk_cmd): its name, the
 * words its messages use, its options and the function that does it.
 * cli_desk_run takes the row's sub-command word, parses the options, checks
 * the PCN (the first positional argument) and opens the store, then calls
 * the function with a struct cli_desk that holds all of it, and releases
 * its arena afterwards.  Options may come in any order after the
 * subcommand; an unknown one is a usage error (exit 2); bad input is exit 1
 * with every problem on stderr and nothing written.  Changes are audited
 * as the command line's (deskdb_actor_cli). */
#ifndef PCN_CLI_DESK_H
#define PCN_CLI_DESK_H

#include <jansson.h>
#include <stdbool.h>

#include "app.h"
#include "arena.h"
#include "buf.h"
#include "deskdb.h"
#include "deskrules.h"

#define CLI_DESK_MAX_OPTS 24
#define CLI_DESK_MAX_VALS 32

/* The parsed arguments: positional words and named options with values. */
struct cli_desk_opts {
    const char *pos[8];
    int npos;
    struct {
        const char *name;
        const char *v[CLI_DESK_MAX_VALS];
        int n;
    } o[CLI_DESK_MAX_OPTS];
    int no;
};

/* One run of a desk command. */
struct cli_desk {
    struct app *app;
    const char *sub; /* the sub-command word taken, or NULL */
    int argc;        /* the words after it, for a row without a spec */
    char **argv;
    struct cli_desk_opts c;
    const char *pcn; /* c.pos[0] once checked, else NULL */
    struct pcn_msg m;
    struct desk_errs e;
    struct desk_actor w; /* the command line */
    struct arena a;      /* released after the command */
};

/* A desk command.  spec: "date=,hours=,stakeholder=*,json" (= takes a
 * value, * repeats); NULL: the words are not parsed (argc/argv).  With
 * `pcn` the first positional argument is a PCN code, checked and the store
 * opened ("LABEL needs a PCN code" when absent).  A sub-command word comes
 * before the options: with sub_usage it must be there ("LABEL needs ..."
 * printed as sub_usage otherwise), one of subs ("add,done") when subs is
 * given; without sub_usage it is taken only when it is one of subs. */
struct cli_desk_cmd {
    const char *name;  /* "requests" */
    const char *label; /* "desk requests": in messages */
    const char *spec;
    bool pcn;
    const char *subs, *sub_usage;
    int (*fn)(struct cli_desk *d);
};

/* The commands of cli_time.c (time ...) and of cli_desk_people.c
 * (stakeholders, engagements, delegation, supervision, the brief). */
extern const struct cli_desk_cmd cli_time_cmds[];
extern const size_t cli_time_ncmds;
extern const struct cli_desk_cmd cli_desk_people_cmds[];
extern const size_t cli_desk_people_ncmds;

/* The row of cmds named name, or NULL. */
const struct cli_desk_cmd *cli_desk_find(const struct cli_desk_cmd *cmds, size_t n,
                                         const char *name);
/* Runs the command with the words after its name; its exit status. */
int cli_desk_run(struct app *app, const struct cli_desk_cmd *cmd, int argc, char **argv);

/* The value of --name (the first, "" for a switch), or NULL when absent. */
const char *cli_desk_opt(const struct cli_desk *d, const char *name);
/* The value of --name, or "" when absent. */
const char *cli_desk_str(const struct cli_desk *d, const char *name);
/* Every value of a repeated --name; their number. */
int cli_desk_opt_all(const struct cli_desk *d, const char *name, const char *const **v);
/* A date option: DATE_NONE when absent; a usage error (its status) when
 * malformed, else 0. */
int cli_desk_date(struct cli_desk *d, const char *name, date_t *out);
/* --from and --to: --to defaults to today, --from to `days` days up to it;
 * a usage error when --to is before --from. */
int cli_desk_period(struct cli_desk *d, int days, date_t *from, date_t *to);
/* --NAME: id for a positive whole number option, added to d->e as "'V' is
 * not a WHAT id" when it is not one; *id is untouched when absent. */
void cli_desk_id(struct cli_desk *d, const char *name, const char *what, int64_t *id);
/* Prints every error of d->e as its option, then "nothing was saved", and
 * returns EXIT_BAD; with none, prints d->m as cli_fail does. */
int cli_desk_bad(struct cli_desk *d);
/* The desk's own rules (deskrules.h) from DIR (--rules), a problem printed
 * as a warning: what they hold is used. */
const struct deskrules *cli_desk_rules(struct cli_desk *d, const char *dir);
/* Prints j as the desk's JSON (deskview_dump) and releases it. */
void cli_desk_json(struct cli_desk *d, json_t *j);
/* Hours from thousandths of a minute, "1.5", in b. */
const char *cli_desk_hours(struct buf *b, int64_t mmin);

#endif

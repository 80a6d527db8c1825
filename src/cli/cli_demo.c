/* cli_demo.c: `pcnops demo load PCN` (demo.h). */
#include "common.h"
#include "cli.h"
#include "db.h"
#include "demo.h"
#include "mps.h"
#include "rules.h"

#include <time.h>

/* The census bundled beside the rules folder, as mps_path finds the MPs. */
#define DEMO_CENSUS "nhs/pcn-workforce-individual-2026-06.csv.gz"

int cli_demo_load(struct app *app, int argc, char **argv)
{
    const char *census = NULL, *rules_dir = NULL;
    const struct cli_flag flags[] = {{"--census", &census, NULL}, {"--rules", &rules_dir, NULL}};
    struct opts o;
    struct pcn_msg m = {0};
    int rc = cli_parse_flags(app, argc, argv, flags, ARRAY_SIZE(flags), &o);
    if (rc)
        return rc;
    struct arena a;
    arena_init(&a, 0);
    if (o.nargs != 1) {
        rc = cli_usage(app, "demo load PCN [--census FILE] [--rules DIR]");
        goto out;
    }
    const char *dir = rules_dir_default(rules_dir);
    const char *slash = strrchr(dir, '/');
    if (!census)
        census = slash ? arena_printf(&a, "%.*s/data/%s", (int)(slash - dir), dir, DEMO_CENSUS)
                       : "data/" DEMO_CENSUS;
    struct rules r;
    if ((rc = cli_rules_load(app, dir, &a, &r)))
        goto out;
    if (cli_open_db(app, &m)) {
        rc = cli_fail(app, &m);
        goto out;
    }
    struct demo_opts opt = {.pcn = o.args[0],
                            .rules_dir = dir,
                            .census = census,
                            .mps = mps_path(&a, dir),
                            .today = app->today,
                            .now = time(NULL)};
    struct demo_counts c;
    if (demo_load(app->db, &r, &opt, &c, &m)) {
        fprintf(app->err, "pcnops: %s\npcnops: no demo data was written.\n", m.text);
        rc = EXIT_BAD;
        goto out;
    }
    if (c.already) {
        char on[11];
        date_format_iso(c.loaded_on, on);
        fprintf(app->out, "%s already has its demo data (loaded on %s): nothing changed.\n",
                opt.pcn, on);
    } else {
        fprintf(app->out,
                "Demo data for %s, marked as such: %ld ARRS posts from the workforce census "
                "(%ld with pay estimated from the role's band), %ld monthly claims (%ld more "
                "cannot be worked out from the rules), %ld activities, %ld stakeholders (%ld MPs), "
                "%ld engagements, %ld "
                "requests, %ld supervision sessions.\n",
                opt.pcn, c.posts, c.priced, c.claims, c.claims_unknown, c.activities,
                c.stakeholders, c.mps, c.engagements, c.requests, c.sessions);
    }
    rc = EXIT_OK;
out:
    free(o.args);
    arena_release(&a);
    return rc;
}

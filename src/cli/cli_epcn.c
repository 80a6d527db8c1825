/* cli_epcn.c: `pcnops history practice CODE` and the ODS part of
 * `pcnops history pcn CODE`: memberships with ODS's dates beside the
 * monthly publications', and where they disagree (ODS trusted). */
#include "common.h"
#include "cli.h"
#include "epcn.h"
#include "table.h"

static const char *day(char out[static 11], date_t t)
{
    if (t == DATE_NONE)
        return "";
    date_format_iso(t, out);
    return out;
}

int cli_epcn_history(struct app *app, enum org_kind kind, const char *code, bool json)
{
    struct pcn_msg m = {0};
    struct arena a;
    struct epcn_history h;
    int rc = EXIT_OK;
    arena_init(&a, 0);
    if (epcn_history(app->db, kind, code, &a, &h, &m)) {
        rc = cli_fail(app, &m);
        goto out;
    }
    if (json) {
        cli_print_json(app, epcn_history_json(code, &h));
        goto out;
    }
    char d1[11], d2[11];
    if (!h.loaded) {
        fprintf(app->out, "No ODS ePCN report is loaded (pcnops import epcn FILE): membership "
                          "dates are those of the monthly publications loaded.\n");
        goto out;
    }
    fprintf(app->out, "\nMemberships from ODS (the ePCN report, to %s), with their real dates:\n",
            day(d1, h.ods_latest));
    if (h.nrels == 0) {
        fprintf(app->out, "ODS has no relationship for %s.\n", code);
    } else {
        struct table t;
        table_init(&t, "Practice,Name,PCN,PCN name,Start,End");
        for (size_t i = 0; i < h.nrels; i++) {
            const struct epcn_stored *r = &h.rels[i];
            const char *cells[] = {r->practice,
                                   r->practice_name,
                                   r->pcn,
                                   r->pcn_name,
                                   day(d1, r->start),
                                   r->end == DATE_NONE ? "(still a member)" : day(d2, r->end)};
            table_row(&t, cells);
        }
        table_print(&t, app->out);
        table_release(&t);
    }
    if (h.ndis == 0 && h.compared == 0) {
        fprintf(app->out,
                "No monthly publication loaded is dated within the ODS report (to %s), so none "
                "is compared with it; later changes come from the monthly publications alone.\n",
                day(d1, h.ods_latest));
    } else if (h.ndis == 0) {
        fprintf(app->out,
                "The monthly publications agree with ODS on the %ld publication dates compared "
                "(those up to %s).\n",
                h.compared, day(d1, h.ods_latest));
    } else {
        fprintf(app->out,
                "\nThe monthly publications disagree with ODS on %zu date%s; ODS is "
                "trusted (it records the real dates):\n",
                h.ndis, h.ndis == 1 ? "" : "s");
        struct table t;
        table_init(&t, "Date,Practice,Monthly publication,ODS (trusted)");
        for (size_t i = 0; i < h.ndis; i++) {
            const struct epcn_disagree *d = &h.dis[i];
            const char *cells[] = {day(d1, d->date), d->practice,
                                   d->monthly_pcn ? d->monthly_pcn : "no PCN",
                                   d->ods_pcn ? d->ods_pcn : "no PCN"};
            table_row(&t, cells);
        }
        table_print(&t, app->out);
        table_release(&t);
    }
out:
    arena_release(&a);
    return rc;
}

int cli_epcn_history_cmd(struct app *app, int argc, char **argv)
{
    struct pcn_msg m = {0};
    struct opts o;
    int rc;
    if ((rc = cli_parse_opts(app, argc - 1, argv + 1, &o)))
        return rc;
    if (o.nargs != 1 || o.icb || o.have_on) {
        rc = cli_usage(app, "history practice takes one CODE (and --json)");
        goto out;
    }
    if (cli_open_db(app, &m)) {
        rc = cli_fail(app, &m);
        goto out;
    }
    rc = cli_epcn_history(app, ORG_PRACTICE, o.args[0], o.json);
out:
    free(o.args);
    return rc;
}

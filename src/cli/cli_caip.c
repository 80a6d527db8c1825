/* cli_caip.c: `pcnops caip ...`: a PCN's Capacity and Access Improvement
 * Payment (CAIP) self-assessment tracker: the criteria with their statuses
 * and evidence, the declaration, and the share it feeds into the
 * entitlements.  Every change is written to the audit log with its before
 * and after, as the web pages do. */
#include "common.h"
#include "audit.h"
#include "buf.h"
#include "caip.h"
#include "cli.h"
#include "cli_iif.h"
#include "iifview.h"
#include "rules.h"
#include "table.h"

/* The first word when it is one of verbs, taken off the arguments; else NULL. */
static const char *take_verb(int *argc, char ***argv, const char *const *verbs, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp((*argv)[0], verbs[i]) == 0) {
            (*argc)--;
            (*argv)++;
            return verbs[i];
        }
    return NULL;
}

/* One run of a caip command: its options, the rules and the store open,
 * the PCN and the year. */
struct caip_run {
    struct app *app;
    const char *criterion, *status, *evidence, *date;
    struct arena a;
    struct rules r;
    struct pcn_msg m;
    const char *pcn;
    fy_t fy;
    char fyl[8];
};

/* caip set PCN --year Y --criterion ID --status S [--evidence TEXT] */
static int caip_set_cmd(struct caip_run *x)
{
    struct app *app = x->app;
    enum caip_status st;
    if (!x->criterion || caip_status_parse(x->status, &st))
        return cli_usage(app, "caip set PCN --year YEAR --criterion ID --status "
                              "not_started|in_progress|met|not_met [--evidence TEXT]");
    struct caip_change chg;
    struct audit_entry note;
    audit_note_cli(&note, &x->a, "caip-set", "pcn", x->pcn, NULL);
    if (caip_set(app->db, &x->r, x->pcn, x->fy, x->criterion, st, x->evidence, time(NULL), &note,
                 &chg, &x->m))
        return cli_fail(app, &x->m);
    fprintf(app->out, "%s %s: %s is %s.", x->pcn, x->fyl, x->criterion, caip_status_label(st));
    if (chg.fed) {
        struct buf b;
        buf_init(&b, 32);
        fixed_add(&b, chg.bp_after, 2, 0, false);
        fprintf(app->out, " The entitlements now count %s%% of the CAIP maximum.\n", b.buf);
        buf_release(&b);
    } else {
        fprintf(app->out, " The achieved share cannot be worked out yet, so the "
                          "entitlements are as they were.\n");
    }
    return EXIT_OK;
}

/* caip declare PCN --year Y --date YYYY-MM-DD */
static int caip_declare_cmd(struct caip_run *x)
{
    struct app *app = x->app;
    date_t on, before;
    if (!x->date || date_parse_iso(x->date, strlen(x->date), &on))
        return cli_usage(app, "caip declare PCN --year YEAR --date YYYY-MM-DD");
    struct audit_entry note;
    audit_note_cli(&note, &x->a, "caip-declare", "pcn", x->pcn, NULL);
    if (caip_declare(app->db, &x->r, x->pcn, x->fy, on, time(NULL), &note, &before, &x->m))
        return cli_fail(app, &x->m);
    fprintf(app->out, "%s %s: CAIP achievement declared on %s.\n", x->pcn, x->fyl, x->date);
    return EXIT_OK;
}

/* caip PCN [--year Y] [--json]: the self-assessment and the share it feeds */
static int caip_show_cmd(struct caip_run *x, bool json)
{
    struct app *app = x->app;
    struct caip_view v;
    if (caip_get(app->db, &x->r, x->pcn, x->fy, &x->a, &v, &x->m))
        return cli_fail(app, &x->m);
    if (json) {
        cli_print_json(app, iifview_caip(&v));
        return EXIT_OK;
    }
    struct table t;
    struct buf b;
    buf_init(&b, 64);
    fprintf(app->out, "%s: Capacity and Access Improvement Payment %s (%s)\n", x->pcn, x->fyl,
            v.y->dir);
    table_init(&t, "Criterion,Name,>Weight,Status,Evidence");
    for (size_t i = 0; i < v.n; i++) {
        const struct caip_item *it = &v.items[i];
        char w[32] = "not known";
        if (it->rule->has_weight) {
            buf_reset(&b);
            fixed_add(&b, it->rule->weight, 2, 0, false);
            snprintf(w, sizeof w, "%s", b.buf);
        }
        const char *cells[] = {it->rule->id, it->rule->name, w,
                               caip_status_label(it->recorded ? it->status : CAIP_NOT_STARTED),
                               it->evidence};
        table_row(&t, cells);
    }
    cli_print_table(app, &t);
    buf_reset(&b);
    if (v.declared_on != DATE_NONE)
        date_add_uk(&b, v.declared_on);
    fprintf(app->out, "Declared            %s\n", v.declared_on != DATE_NONE ? b.buf : "not yet");
    if (v.share.known) {
        buf_reset(&b);
        fixed_add(&b, v.share.achieved_bp, 2, 0, false);
        fprintf(app->out, "Achieved share      %s%% (%zu of %zu criteria met)\n", b.buf,
                v.share.met, v.share.n);
    } else {
        fprintf(app->out, "Achieved share      not known: %s\n", v.share.why);
    }
    buf_reset(&b);
    if (v.entitlement_known)
        fixed_add(&b, v.entitlement_bp, 2, 0, false);
    fprintf(app->out, "In the entitlements %s%s\n", v.entitlement_known ? b.buf : "not set",
            v.entitlement_known ? "%" : "");
    buf_release(&b);
    return EXIT_OK;
}

int cmd_caip(struct app *app, int argc, char **argv)
{
    struct caip_run x = {.app = app};
    struct opts o = {0};
    const char *rules_dir = NULL, *year = NULL;
    const struct cli_flag flags[] = {
        {"--rules", &rules_dir, NULL},       {"--year", &year, NULL},
        {"--criterion", &x.criterion, NULL}, {"--status", &x.status, NULL},
        {"--evidence", &x.evidence, NULL},   {"--date", &x.date, NULL},
    };
    int rc;
    if (argc < 1)
        return cli_usage(app, "caip needs a PCN code, or set or declare");
    static const char *const verbs[] = {"set", "declare"};
    const char *verb = take_verb(&argc, &argv, verbs, ARRAY_SIZE(verbs));
    if ((rc = cli_parse_flags(app, argc, argv, flags, ARRAY_SIZE(flags), &o)))
        return rc;
    arena_init(&x.a, 0);
    if ((rc = cli_open_rules(app, rules_dir, &x.a, &x.r)))
        goto out;
    if (o.nargs != 1) {
        rc = verb ? cli_usage(app, "caip %s PCN --year YEAR ...", verb)
                  : cli_usage(app, "caip PCN [--year YEAR] [--json]");
        goto out;
    }
    if ((rc = cli_iif_year(app, &x.r, year, &x.fy)))
        goto out;
    x.pcn = o.args[0];
    fy_format(x.fy, x.fyl);
    rc = !verb            ? caip_show_cmd(&x, o.json)
         : verb[0] == 's' ? caip_set_cmd(&x)
                          : caip_declare_cmd(&x);
out:
    arena_release(&x.a);
    free(o.args);
    return rc;
}

/* cli_home.c: `pcnops home PCN | --icb CODE | --admin [--json] [--rules DIR]`:
 * what the home page of a clinical director or PCN manager, an ICB user or
 * an admin says needs doing (home.h), on the command line; --json prints
 * what /api/v1/home answers for that role.  Exit 1 for an unknown code. */
#include "common.h"
#include "buf.h"
#include "cli.h"
#include "home.h"
#include "registry.h"
#include "rules.h"
#include "table.h"
#include "trail.h"

static const char *money_text(struct arena *a, pence_t v)
{
    return v < 0 ? "" : cli_money(a, v);
}

static const char *date_text(struct arena *a, date_t d)
{
    if (d == DATE_NONE)
        return "";
    char s[11];
    date_format_iso(d, s);
    return arena_strdup(a, s);
}

static void print_pcn(struct app *app, const struct home_pcn *p, struct arena *a)
{
    char today[11];
    date_format_iso(p->today, today);
    fprintf(app->out, "What needs doing for %s (%s) on %s\n", p->name, p->pcn, today);
    if (p->problem)
        fprintf(app->out, "%s\n", p->problem);
    for (int s = 0; s < HS_COUNT; s++) {
        fprintf(app->out, "\n%s\n", home_section_title((enum home_section)s));
        struct table t;
        table_init(&t, "What,Due,State,>Amount,Where");
        size_t n = 0;
        for (size_t i = 0; i < p->n; i++) {
            const struct home_item *x = &p->items[i];
            if ((int)x->section != s)
                continue;
            const char *cells[] = {x->text, date_text(a, x->due), x->state,
                                   money_text(a, x->amount), x->href ? x->href : ""};
            table_row(&t, cells);
            n++;
        }
        if (n)
            table_print(&t, app->out);
        else
            fprintf(app->out, "  none\n");
        table_release(&t);
    }
}

static void print_icb(struct app *app, const struct home_icb *p, struct arena *a)
{
    char today[11];
    date_format_iso(p->today, today);
    fprintf(app->out,
            "The PCNs of %s (%s) on %s: %lld with claims for %04d-%02d not submitted, %lld with "
            "claims awaiting payment (%s), %lld at risk of underspending the ARRS, %lld with "
            "maxima not known\n",
            p->name, p->icb, today, (long long)p->to_submit, p->last_year, p->last_month,
            (long long)p->awaiting, money_text(a, p->awaiting_pence), (long long)p->at_risk,
            (long long)p->with_not_known);
    struct table t;
    table_init(&t, "PCN,Name,>Posts,>Not submitted,>Awaiting,>Awaiting amount,>Claimed this year,"
                   ">Months not claimed,Risk,>Maxima not known");
    for (size_t i = 0; i < p->n; i++) {
        const struct home_icb_row *r = &p->rows[i];
        const char *cells[] = {r->pcn,
                               r->name ? r->name : "",
                               arena_printf(a, "%lld", (long long)r->posts),
                               arena_printf(a, "%lld", (long long)r->to_submit),
                               arena_printf(a, "%lld", (long long)r->awaiting),
                               money_text(a, r->awaiting_pence),
                               money_text(a, r->claimed),
                               arena_printf(a, "%lld", (long long)r->unclaimed_months),
                               r->risk ? "at risk" : "on track",
                               arena_printf(a, "%lld", (long long)r->not_known)};
        table_row(&t, cells);
    }
    table_print(&t, app->out);
    table_release(&t);
}

static void print_admin(struct app *app, const struct home_admin *p, struct arena *a)
{
    fprintf(app->out, "Imports: registry %s%s, list sizes %s%s\n",
            p->registry == DATE_NONE ? "none" : date_text(a, p->registry),
            p->registry_old ? " (needs attention)" : "",
            p->list_sizes == DATE_NONE ? "none" : date_text(a, p->list_sizes),
            p->list_sizes_old ? " (needs attention)" : "");
    fprintf(app->out,
            "Accounts: %lld, %lld disabled, %lld never signed in, %lld reset links open\n",
            (long long)p->users, (long long)p->disabled, (long long)p->never_signed_in,
            (long long)p->resets_open);
    for (size_t i = 0; i < p->nnever; i++)
        fprintf(app->out, "  never signed in: %s\n", p->never[i]);
    if (p->rules_problem)
        fprintf(app->out, "Rules: %s\n", p->rules_problem);
    else
        fprintf(app->out, "Rules: today's year %s; %lld carried, %lld not known%s\n",
                p->year_missing ? "has no folder" : "has its folder", (long long)p->carried,
                (long long)p->not_known, p->next_year_missing ? "; no folder for next year" : "");
    if (p->desk_rules_problem)
        fprintf(app->out, "Desk rules: %s\n", p->desk_rules_problem);
}

int cmd_home(struct app *app, int argc, char **argv)
{
    struct pcn_msg m = {0};
    struct opts o = {0};
    const char *rules_dir = NULL;
    bool admin = false;
    const struct cli_flag flags[] = {{"--rules", &rules_dir, NULL}, {"--admin", NULL, &admin}};
    struct arena a;
    struct rules r;
    struct deskrules dr;
    int rc;

    if ((rc = cli_parse_flags(app, argc, argv, flags, ARRAY_SIZE(flags), &o)))
        return rc;
    arena_init(&a, 0);
    if (o.have_on || (o.nargs == 1) + (o.icb != NULL) + admin != 1 || o.nargs > 1) {
        rc = cli_usage(app, "home needs one of: home PCN, home --icb CODE, home --admin [--json]");
        goto out;
    }
    const char *dir = rules_dir_default(rules_dir);
    struct rules_diag d = {0};
    int lr = rules_load(dir, &a, &r, &d, &m);
    const char *rules_problem = lr ? arena_strdup(&a, m.text) : NULL;
    struct pcn_msg dm = {0};
    const char *desk_problem = NULL;
    if (!lr && deskrules_load(dir, &a, &dr, &dm))
        desk_problem = dm.text; /* its valid rows are still used */
    if (cli_open_db(app, &m)) {
        rc = cli_fail(app, &m);
        goto out;
    }
    const struct rules *rp = lr ? NULL : &r;
    const struct deskrules *drp = lr ? NULL : &dr;
    if (admin) {
        struct home_admin h;
        if ((rc = home_admin(app->db, rp, rules_problem, desk_problem, app->today, time(NULL), &a,
                             &h, &m))) {
            rc = cli_fail(app, &m);
            goto out;
        }
        if (o.json)
            cli_print_json(app, home_admin_json(&h));
        else
            print_admin(app, &h, &a);
    } else if (o.icb) {
        struct home_icb h;
        if ((rc = registry_expect(app->db, o.icb, ORG_ICB, &m)) ||
            (rc = home_icb(app->db, rp, o.icb, app->today, &a, &h, &m))) {
            rc = cli_fail(app, &m);
            goto out;
        }
        if (o.json)
            cli_print_json(app, home_icb_json(&h));
        else
            print_icb(app, &h, &a);
    } else {
        struct home_pcn h;
        if ((rc = registry_expect(app->db, o.args[0], ORG_PCN, &m)) ||
            (rc = home_pcn(app->db, rp, drp, o.args[0], app->today, &a, &h, &m))) {
            rc = cli_fail(app, &m);
            goto out;
        }
        if (o.json)
            cli_print_json(app, home_pcn_json(&h));
        else
            print_pcn(app, &h, &a);
    }
    rc = EXIT_OK;
out:
    arena_release(&a);
    free(o.args);
    return rc;
}

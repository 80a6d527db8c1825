/* cli_network.c: the network's decisions on the command line (network.h):
 *
 *   decisions PCN [--json]        the decisions log: each decision with its
 *                                 meeting, votes and result (--json: what
 *                                 /api/v1/pcns/CODE/decisions answers)
 *   actions PCN [--days N] [--json]
 *                                 open actions of the board and the
 *                                 neighbourhood team due within N days
 *                                 (default 0: due today or overdue)
 *   vote PCN DECISION --practice CODE --vote for|against|abstain|none
 *                                 records a member practice's vote (none
 *                                 takes it back), audited as the command
 *                                 line's
 *
 *   meeting add PCN --date D --title T [--agenda A] [--neighbourhood]
 *                                 a board meeting (or the neighbourhood team's)
 *   decision add PCN --meeting ID --title T [--motion M]
 *                                 a decision put to the practices that were
 *                                 members on the meeting's date
 *
 * Exit 1 for an unknown PCN or decision, or a vote refused (the reason on
 * stderr). */
#include "common.h"
#include "cli.h"
#include "deskdb.h"
#include "network.h"
#include "table.h"

int cmd_decisions(struct app *app, int argc, char **argv)
{
    struct pcn_msg m = {0};
    struct opts o = {0};
    struct arena a;
    int rc;
    if ((rc = cli_parse_flags(app, argc, argv, NULL, 0, &o)))
        return rc;
    if (o.nargs != 1 || o.have_on || o.icb) {
        rc = cli_usage(app, "decisions needs one PCN code: decisions PCN [--json]");
        free(o.args);
        return rc;
    }
    arena_init(&a, 0);
    if (cli_open_db(app, &m)) {
        rc = cli_fail(app, &m);
        goto out;
    }
    const char *pcn = o.args[0];
    if (o.json) {
        json_t *j = network_view_json(app->db, pcn, app->today, &a, &m);
        if (!j) {
            rc = cli_fail(app, &m);
            goto out;
        }
        cli_print_json(app, j);
        rc = EXIT_OK;
        goto out;
    }
    struct network_decision *d;
    size_t n;
    json_t *probe = network_view_json(app->db, pcn, app->today, &a, &m); /* checks the PCN */
    if (!probe || network_decisions(app->db, pcn, &a, &d, &n, &m)) {
        json_decref(probe);
        rc = cli_fail(app, &m);
        goto out;
    }
    json_decref(probe);
    if (n == 0) {
        fprintf(app->out, "%s: no decisions recorded\n", pcn);
        rc = EXIT_OK;
        goto out;
    }
    struct table t;
    table_init(&t, ">Id,Meeting,Decision,>For,>Against,>Abstained,>Not voted,Result");
    for (size_t i = 0; i < n; i++) {
        long c[VOTE_CHOICE_COUNT] = {0};
        for (size_t k = 0; k < d[i].nvotes; k++)
            c[d[i].votes[k].choice]++;
        char iso[11];
        date_format_iso(d[i].meeting_date, iso);
        const char *cells[8] = {arena_printf(&a, "%" PRId64, d[i].id),
                                arena_strdup(&a, iso),
                                d[i].title,
                                arena_printf(&a, "%ld", c[VOTE_FOR]),
                                arena_printf(&a, "%ld", c[VOTE_AGAINST]),
                                arena_printf(&a, "%ld", c[VOTE_ABSTAIN]),
                                arena_printf(&a, "%ld", c[VOTE_NONE]),
                                arena_printf(&a, "%s%s", vote_result_label(d[i].result),
                                             d[i].closed ? " (closed)" : "")};
        table_row(&t, cells);
    }
    table_print(&t, app->out);
    table_release(&t);
    for (size_t i = 0; i < n; i++)
        fprintf(app->out, "\n%" PRId64 " %s: %s\n", d[i].id, d[i].title, d[i].explanation);
    rc = EXIT_OK;
out:
    free(o.args);
    arena_release(&a);
    return rc;
}

int cmd_actions(struct app *app, int argc, char **argv)
{
    struct pcn_msg m = {0};
    struct opts o = {0};
    const char *days_s = NULL;
    const struct cli_flag flags[] = {{"--days", &days_s, NULL}};
    struct arena a;
    int rc;
    int64_t days = 0;
    if ((rc = cli_parse_flags(app, argc, argv, flags, ARRAY_SIZE(flags), &o)))
        return rc;
    if (o.nargs != 1 || o.have_on || o.icb) {
        rc = cli_usage(app, "actions needs one PCN code: actions PCN [--days N] [--json]");
        free(o.args);
        return rc;
    }
    if (days_s && parse_i64(days_s, 0, 366, &days)) {
        rc = cli_usage(app, "--days: '%s' is not a number of days from 0 to 366", days_s);
        free(o.args);
        return rc;
    }
    arena_init(&a, 0);
    if (cli_open_db(app, &m) || deskdb_check_pcn(app->db, o.args[0], &m)) {
        rc = cli_fail(app, &m);
        goto out;
    }
    struct network_action *v;
    size_t n;
    if (network_actions_due(app->db, o.args[0], app->today, (int)days, &a, &v, &n, &m)) {
        rc = cli_fail(app, &m);
        goto out;
    }
    if (o.json) {
        json_t *j = json_array();
        for (size_t i = 0; i < n; i++)
            json_array_append_new(j, network_action_json(&v[i], app->today));
        cli_print_json(app, j);
        rc = EXIT_OK;
        goto out;
    }
    if (n == 0) {
        fprintf(app->out, "%s: no open actions due\n", o.args[0]);
        rc = EXIT_OK;
        goto out;
    }
    struct table t;
    table_init(&t, ">Id,Due,Action,Owner,Of,State");
    for (size_t i = 0; i < n; i++) {
        char iso[11];
        date_format_iso(v[i].due, iso);
        const char *cells[6] = {arena_printf(&a, "%" PRId64, v[i].id),
                                arena_strdup(&a, iso),
                                v[i].what,
                                v[i].owner,
                                v[i].area == NETWORK_BOARD ? "board" : "neighbourhood team",
                                v[i].due < app->today ? "overdue" : "due"};
        table_row(&t, cells);
    }
    table_print(&t, app->out);
    table_release(&t);
    rc = EXIT_OK;
out:
    free(o.args);
    arena_release(&a);
    return rc;
}

int cmd_vote(struct app *app, int argc, char **argv)
{
    struct pcn_msg m = {0};
    struct opts o = {0};
    const char *practice = NULL, *vote = NULL;
    const struct cli_flag flags[] = {{"--practice", &practice, NULL}, {"--vote", &vote, NULL}};
    int rc;
    int64_t id;
    enum vote_choice ch;
    if ((rc = cli_parse_flags(app, argc, argv, flags, ARRAY_SIZE(flags), &o)))
        return rc;
    if (o.nargs != 2 || !practice || !vote || o.have_on || o.icb || o.json) {
        rc = cli_usage(app, "vote PCN DECISION --practice CODE --vote for|against|abstain|none");
        free(o.args);
        return rc;
    }
    if (parse_i64(o.args[1], 1, INT64_MAX, &id)) {
        rc = cli_usage(app, "DECISION: '%s' is not a decision's number", o.args[1]);
        free(o.args);
        return rc;
    }
    if (strcmp(vote, "none") == 0)
        ch = VOTE_NONE;
    else if (vote_choice_parse(vote, &ch) || ch == VOTE_NONE) {
        rc = cli_usage(app, "--vote: '%s' is not for, against, abstain or none", vote);
        free(o.args);
        return rc;
    }
    if (cli_open_db(app, &m)) {
        rc = cli_fail(app, &m);
        free(o.args);
        return rc;
    }
    struct desk_actor w;
    struct desk_errs e = {0};
    deskdb_actor_cli(&w, time(NULL));
    rc = network_vote(app->db, &w, o.args[0], id, practice, ch, &e, &m);
    if (rc == PCN_EINVAL) {
        for (size_t i = 0; i < e.n; i++)
            fprintf(app->err, "pcnops: --%s: %s\n",
                    strcmp(e.e[i].field, "choice") == 0 ? "vote" : e.e[i].field, e.e[i].text);
        rc = EXIT_BAD;
    } else if (rc) {
        rc = cli_fail(app, &m);
    } else {
        struct arena a;
        struct network_decision x;
        arena_init(&a, 0);
        if (network_decision_get(app->db, o.args[0], id, &a, &x, &m) == 0)
            fprintf(app->out, "%s: %s. %s\n", x.title, vote_result_label(x.result), x.explanation);
        arena_release(&a);
        rc = EXIT_OK;
    }
    free(o.args);
    return rc;
}

static int report_errs(struct app *app, const struct desk_errs *e)
{
    for (size_t i = 0; i < e->n; i++)
        fprintf(app->err, "pcnops: --%s: %s\n", e->e[i].field, e->e[i].text);
    return EXIT_BAD;
}

/* meeting add PCN --date D --title T [--agenda A] [--neighbourhood] */
int cmd_meeting(struct app *app, int argc, char **argv)
{
    struct pcn_msg m = {0};
    struct opts o = {0};
    const char *date_s = NULL, *title = NULL, *agenda = NULL;
    bool nbhd = false;
    const struct cli_flag flags[] = {{"--date", &date_s, NULL},
                                     {"--title", &title, NULL},
                                     {"--agenda", &agenda, NULL},
                                     {"--neighbourhood", NULL, &nbhd}};
    int rc;
    if ((rc = cli_parse_flags(app, argc, argv, flags, ARRAY_SIZE(flags), &o)))
        return rc;
    if (o.nargs != 2 || strcmp(o.args[0], "add") || !date_s || !title || o.have_on || o.icb) {
        rc = cli_usage(app, "meeting add PCN --date YYYY-MM-DD --title TEXT [--agenda TEXT] "
                            "[--neighbourhood]");
        free(o.args);
        return rc;
    }
    struct network_meeting mt = {.area = nbhd ? NETWORK_NEIGHBOURHOOD : NETWORK_BOARD,
                                 .title = title,
                                 .agenda = agenda ? agenda : ""};
    if (date_parse_iso(date_s, strlen(date_s), &mt.date)) {
        rc = cli_usage(app, "--date: '%s' is not a date like 2026-11-20", date_s);
        free(o.args);
        return rc;
    }
    struct desk_actor w;
    struct desk_errs e = {0};
    int64_t id;
    deskdb_actor_cli(&w, time(NULL));
    if (cli_open_db(app, &m) || deskdb_check_pcn(app->db, o.args[1], &m)) {
        rc = cli_fail(app, &m);
    } else {
        rc = network_meeting_add(app->db, &w, o.args[1], &mt, app->today, &id, &e, &m);
        if (rc == PCN_EINVAL)
            rc = report_errs(app, &e);
        else if (rc)
            rc = cli_fail(app, &m);
        else
            fprintf(app->out, "Meeting %" PRId64 " added\n", id);
    }
    free(o.args);
    return rc;
}

/* decision add PCN --meeting ID --title T [--motion M] */
int cmd_decision(struct app *app, int argc, char **argv)
{
    struct pcn_msg m = {0};
    struct opts o = {0};
    const char *meeting = NULL, *title = NULL, *motion = NULL;
    const struct cli_flag flags[] = {
        {"--meeting", &meeting, NULL}, {"--title", &title, NULL}, {"--motion", &motion, NULL}};
    int rc;
    int64_t mid = 0, id;
    if ((rc = cli_parse_flags(app, argc, argv, flags, ARRAY_SIZE(flags), &o)))
        return rc;
    if (o.nargs != 2 || strcmp(o.args[0], "add") || !meeting || !title || o.have_on || o.icb ||
        parse_i64(meeting, 1, INT64_MAX, &mid)) {
        rc = cli_usage(app, "decision add PCN --meeting ID --title TEXT [--motion TEXT]");
        free(o.args);
        return rc;
    }
    struct desk_actor w;
    struct desk_errs e = {0};
    deskdb_actor_cli(&w, time(NULL));
    if (cli_open_db(app, &m) || deskdb_check_pcn(app->db, o.args[1], &m)) {
        rc = cli_fail(app, &m);
    } else {
        rc = network_decision_add(app->db, &w, o.args[1], mid, title, motion ? motion : "", &id, &e,
                                  &m);
        if (rc == PCN_EINVAL)
            rc = report_errs(app, &e);
        else if (rc)
            rc = cli_fail(app, &m);
        else
            fprintf(app->out, "Decision %" PRId64 " put to the member practices\n", id);
    }
    free(o.args);
    return rc;
}

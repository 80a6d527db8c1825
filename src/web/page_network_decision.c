/* page_network_decision.c: one decision of the network (network.h) under
 * /pcn/CODE/decisions/ID: each practice's vote, recording a vote and
 * closing the vote, and its JSON under /api/v1/pcns/CODE/decisions/ID; the
 * decisions log, the actions, the meetings and the board are in
 * page_network.c, what the two share in netweb.h.
 *
 * Who may vote (perm.h): the PCN's managers and clinical director (and
 * admins) may record any member's vote taken at a meeting; a practice user
 * records its own practice's vote only; an ICB user never votes. */
#include "common.h"
#include "deskview.h"
#include "deskweb.h"
#include "netweb.h"
#include "network.h"
#include "pages.h"
#include "perm.h"

#define ID(form, field) netweb_id(c, form, field)

static const char *const choice_values[] = {"for", "against", "abstain"};
static const char *const choice_labels[] = {"For", "Against", "Abstain"};

/* ---- one decision ------------------------------------------------------- */

/* The practice the user votes for: a practice user's own, when it is a
 * voter of the decision; NULL otherwise. */
static const char *own_voter(struct ctx *c, const struct net_page *p,
                             const struct network_decision *x)
{
    if (!c->user || c->user->role != ROLE_PRACTICE)
        return NULL;
    for (size_t i = 0; i < x->nvotes; i++)
        if (strcmp(x->votes[i].practice, c->user->org) == 0 &&
            perm_vote_network(c, p->pcn, c->user->org))
            return x->votes[i].practice;
    return NULL;
}

static void decision_page(struct ctx *c, const struct net_page *p, const struct network_decision *x,
                          const struct desk_errs *e)
{
    struct html h = {&c->r->body};
    netweb_begin(c, &h, p, x->title, "Network decisions", "Network decisions", p->base, e);
    const char *done = http_query(c->q, "done");
    if (done && !(e && e->n))
        deskweb_success(&h, strcmp(done, "close") == 0 ? "Vote closed" : "Vote recorded");
    ui_summary_begin(&h);
    ui_summary_row_open(&h, "Meeting");
    html_text(&h, x->meeting_title);
    HTML_LIT(&h, ", ");
    html_date(&h, x->meeting_date);
    ui_summary_row_end(&h);
    ui_summary_row(&h, "Motion", *x->motion ? x->motion : "Not recorded");
    ui_summary_row_open(&h, "Result");
    netweb_result_tag(&h, x);
    ui_summary_row_end(&h);
    ui_summary_row(&h, "How it was worked out", x->explanation);
    if (x->casting != VOTE_NONE)
        ui_summary_row(&h, "The chair's casting vote", vote_choice_label(x->casting));
    ui_summary_end(&h);
    HTML_LIT(&h, "<h2>The voting rule of this decision</h2>");
    netweb_policy_words(c, &h, &x->policy);
    HTML_LIT(&h, "<h2 id=\"votes\">Votes</h2>");
    bool weighted = x->policy.weight == VOTE_LIST_SIZE;
    ui_table_begin(&h, "Each member practice's vote",
                   weighted ? "Practice,>Registered patients,Vote" : "Practice,Vote");
    for (size_t i = 0; i < x->nvotes; i++) {
        ui_tr(&h);
        ui_td(&h, arena_printf(c->a, "%s (%s)", x->votes[i].practice_name, x->votes[i].practice));
        if (weighted)
            ui_td_count(&h, x->votes[i].list_size);
        ui_td(&h, vote_choice_label(x->votes[i].choice));
    }
    ui_table_end(&h);

    const char *mine = own_voter(c, p, x);
    bool can = (p->write || mine) && !x->closed;
    if (can) {
        HTML_LIT(&h, "<h2 id=\"vote\">Record a vote</h2><form action=\"");
        html_url(&h, arena_printf(c->a, "%s/%" PRId64 "/vote", p->base, x->id));
        HTML_LIT(&h, "\" method=\"post\" novalidate>");
        ui_csrf(c, &h);
        const struct desk_errs *fe = netweb_errs(c, "vote", e);
        const char *F = "vote";
        HTML_LIT(&h, "<input type=\"hidden\" name=\"form\" value=\"vote\">");
        if (p->write) {
            const char **v = ARENA_ARRAY(c->a, const char *, x->nvotes + 1);
            const char **l = ARENA_ARRAY(c->a, const char *, x->nvotes + 1);
            v[0] = "";
            l[0] = "Choose the practice";
            for (size_t i = 0; i < x->nvotes; i++) {
                v[i + 1] = x->votes[i].practice;
                l[i + 1] = arena_printf(c->a, "%s (%s)", x->votes[i].practice_name,
                                        x->votes[i].practice);
            }
            ui_select(&h, ID(F, "practice"), "Practice", v, l, x->nvotes + 1,
                      netweb_val(c, "vote", "practice"), deskweb_err(c, fe, ID(F, "practice")));
        } else {
            HTML_LIT(&h, "<input type=\"hidden\" name=\"vote_practice\" value=\"");
            html_attr(&h, mine);
            HTML_LIT(&h, "\">");
        }
        ui_radios(&h, ID(F, "choice"), mine && !p->write ? "Your practice's vote" : "Vote", NULL,
                  choice_values, choice_labels, 3, netweb_val(c, "vote", "choice"),
                  deskweb_err(c, fe, ID(F, "choice")));
        ui_button(&h, "Record the vote", false);
        HTML_LIT(&h, "</form>");
    }
    if (p->write && !x->closed) {
        const struct desk_errs *fe = netweb_errs(c, "close", e);
        const char *F = "close";
        HTML_LIT(&h, "<h2 id=\"close\">Close the vote</h2><p>Once closed, the decision takes no "
                     "more votes and its result stands.</p><form action=\"");
        html_url(&h, arena_printf(c->a, "%s/%" PRId64 "/close", p->base, x->id));
        HTML_LIT(&h, "\" method=\"post\" novalidate>");
        ui_csrf(c, &h);
        HTML_LIT(&h, "<input type=\"hidden\" name=\"form\" value=\"close\">");
        if (x->policy.tie == VOTE_TIE_CHAIR && x->result == VOTE_TIED) {
            static const char *const cv[] = {"for", "against"};
            static const char *const cl[] = {"For", "Against"};
            ui_radios(&h, ID(F, "casting"), "The chair's casting vote",
                      "The votes are tied and the chair has a casting vote", cv, cl, 2,
                      netweb_val(c, "close", "casting"), deskweb_err(c, fe, ID(F, "casting")));
        } else if (fe && desk_errs_get(fe, ID(F, "casting"))) {
            ui_input(&h, ID(F, "casting"), "Casting vote", NULL, "text", "", "nhsuk-input--width-5",
                     deskweb_err(c, fe, ID(F, "casting")));
        }
        ui_button(&h, "Close the vote", true);
        HTML_LIT(&h, "</form>");
    }
    netweb_end(c, &h);
}

static bool load_decision(struct ctx *c, const struct net_page *p, struct network_decision *x)
{
    struct pcn_msg m = {0};
    int64_t id;
    if (parse_i64(c->params[1], 1, INT64_MAX, &id)) {
        deskweb_not_found(c);
        return false;
    }
    int rc = network_decision_get(c->db, p->pcn, id, c->a, x, &m);
    if (deskweb_failed(c, rc, &m))
        return false;
    return true;
}

/* The opening of a decision's page, its vote and its API: netweb_open
 * for reading, then the decision numbered c->params[1]; false with the 404
 * or the failure written. */
static bool open_decision(struct ctx *c, struct net_page *p, struct network_decision *x)
{
    return netweb_open(c, "decisions", false, p) && load_decision(c, p, x);
}

void page_network_decision(struct ctx *c)
{
    struct net_page p;
    struct network_decision x;
    if (!open_decision(c, &p, &x))
        return;
    decision_page(c, &p, &x, NULL);
}

/* Records a vote; false (and the answer written) when refused. */
static int vote_from(struct ctx *c, const struct net_page *p, const struct network_decision *x,
                     const char *practice, const char *choice, struct desk_errs *e,
                     struct pcn_msg *m)
{
    struct desk_actor w;
    enum vote_choice ch = VOTE_CHOICE_COUNT;
    /* An ICB user, or anyone else who votes for no practice here, is refused
     * before the form is read. */
    bool some = perm_write_network(c, p->pcn) || (c->user && c->user->role == ROLE_PRACTICE &&
                                                  perm_vote_network(c, p->pcn, c->user->org));
    if (!some)
        return PCN_EPERM;
    if (!choice || !*choice || vote_choice_parse(choice, &ch) || ch == VOTE_NONE)
        ch = VOTE_CHOICE_COUNT; /* network_vote says so */
    if (!practice || !*practice) {
        desk_errs_add(e, "practice", "Choose the practice whose vote this is");
        if (ch == VOTE_CHOICE_COUNT)
            desk_errs_add(e, "choice", "Choose for, against or abstain");
        return PCN_EINVAL;
    }
    if (!perm_vote_network(c, p->pcn, practice))
        return PCN_EPERM;
    deskweb_actor(c, &w);
    return network_vote(c->db, &w, p->pcn, x->id, practice, ch, e, m);
}

/* The end of a POST of the decision's form `form` (vote, close): with
 * mistakes, the decision's page again with them; otherwise back to it. */
static void decision_end(struct ctx *c, const struct net_page *p, const struct network_decision *x,
                         const char *form, int rc, struct desk_errs *e, const struct pcn_msg *m)
{
    if (rc == PCN_EINVAL || e->n) {
        netweb_form_failed(c, form, e);
        decision_page(c, p, x, e);
        return;
    }
    deskweb_done(c, rc, m, arena_printf(c->a, "%s/%" PRId64 "?done=%s", p->base, x->id, form));
}

void page_network_vote(struct ctx *c)
{
    struct net_page p;
    struct network_decision x;
    struct desk_errs e = {0};
    struct pcn_msg m = {0};
    if (!open_decision(c, &p, &x))
        return;
    int rc = vote_from(c, &p, &x, netweb_in(c, "vote", "practice"), netweb_in(c, "vote", "choice"),
                       &e, &m);
    if (rc == PCN_EPERM) {
        netweb_refuse(c, &p);
        return;
    }
    decision_end(c, &p, &x, "vote", rc, &e, &m);
}

void page_network_close(struct ctx *c)
{
    struct net_page p;
    struct network_decision x;
    struct desk_errs e = {0};
    struct pcn_msg m = {0};
    struct desk_actor w;
    if (!netweb_open_post(c, "decisions", &p, &w) || !load_decision(c, &p, &x))
        return;
    enum vote_choice casting = VOTE_NONE;
    const char *cs = netweb_in(c, "close", "casting");
    if (cs && *cs && (vote_choice_parse(cs, &casting) || casting == VOTE_NONE))
        casting = VOTE_ABSTAIN; /* refused by network_decision_close */
    int rc = network_decision_close(c->db, &w, p.pcn, x.id, casting, &e, &m);
    decision_end(c, &p, &x, "close", rc, &e, &m);
}

/* ---- the API ------------------------------------------------------------ */

void api_network_decision(struct ctx *c)
{
    struct net_page p;
    struct network_decision x;
    if (!open_decision(c, &p, &x))
        return;
    deskweb_reply(c, 200, network_decision_json(&x));
}

/* POST /api/v1/pcns/CODE/decisions/ID/vote {"practice": "A10003", "vote": "for"}
 * with an API token: the decision after the vote, or every problem. */
void api_network_vote(struct ctx *c)
{
    struct net_page p;
    struct network_decision x;
    if (!open_decision(c, &p, &x))
        return;
    json_error_t jerr;
    json_t *body = json_loadb(c->q->body ? c->q->body : "", c->q->body_len, JSON_REJECT_DUPLICATES,
                              &jerr);
    const char *practice = NULL, *vote = NULL;
    if (!body || json_unpack_ex(body, &jerr, JSON_STRICT, "{s?s,s?s}", "practice", &practice,
                                "vote", &vote)) {
        api_error(c, 400,
                  arena_printf(c->a,
                               "the body must be {\"practice\": CODE, \"vote\": "
                               "\"for\", \"against\" or \"abstain\"}: %s",
                               jerr.text));
        json_decref(body);
        return;
    }
    practice = practice ? arena_strdup(c->a, practice) : NULL;
    vote = vote ? arena_strdup(c->a, vote) : NULL;
    json_decref(body);
    struct desk_errs e = {0};
    struct pcn_msg m = {0};
    int rc = vote_from(c, &p, &x, practice, vote, &e, &m);
    if (rc == PCN_EPERM) {
        netweb_refuse(c, &p);
        return;
    }
    if (rc == PCN_EINVAL || e.n) {
        json_t *a = json_array();
        for (size_t i = 0; i < e.n; i++) /* the body's key is "vote" */
            json_array_append_new(
                a, json_pack("{s:s,s:s}", "field",
                             strcmp(e.e[i].field, "choice") == 0 ? "vote" : e.e[i].field, "message",
                             e.e[i].text));
        deskweb_reply(c, 400,
                      json_pack("{s:{s:i,s:s,s:o}}", "error", "status", 400, "message",
                                "the vote was not recorded", "errors", a));
        return;
    }
    if (rc) {
        deskweb_fail(c, &m);
        return;
    }
    struct network_decision after;
    if (network_decision_get(c->db, p.pcn, x.id, c->a, &after, &m)) {
        deskweb_fail(c, &m);
        return;
    }
    deskweb_reply(c, 200, network_decision_json(&after));
}

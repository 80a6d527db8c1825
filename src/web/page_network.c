/* page_network.c: the network's decisions (network.h) under
 * /pcn/CODE/decisions: the decisions log, the actions, the meetings with
 * their agendas, the board (voting rule and representatives), and the JSON
 * under /api/v1/pcns/CODE/decisions; one decision with each practice's
 * vote is page_network_decision.c.
 *
 * Who sees what (perm.h): whoever may read the PCN reads all of it (its
 * member practices and its ICB too); its managers and clinical director
 * (and admins) change it and may record any member's vote taken at a
 * meeting; a practice user records its own practice's vote only; an ICB
 * user never votes. */
#include "common.h"
#include "deskview.h"
#include "deskweb.h"
#include "netweb.h"
#include "network.h"
#include "pages.h"
#include "perm.h"

#define ID(form, field) netweb_id(c, form, field)

static void votes_cell(struct html *h, const struct network_decision *x)
{
    long f = 0, ag = 0, ab = 0, none = 0;
    for (size_t i = 0; i < x->nvotes; i++) {
        switch (x->votes[i].choice) {
        case VOTE_FOR:
            f++;
            break;
        case VOTE_AGAINST:
            ag++;
            break;
        case VOTE_ABSTAIN:
            ab++;
            break;
        default:
            none++;
            break;
        }
    }
    html_textf(h, "%ld for, %ld against, %ld abstained, %ld not voted", f, ag, ab, none);
}

/* ---- forms -------------------------------------------------------------- */

static void meeting_form(struct ctx *c, struct html *h, const struct net_page *p,
                         const struct desk_errs *e)
{
    const struct desk_errs *fe = netweb_errs(c, "meeting", e);
    const char *F = "meeting";
    HTML_LIT(h, "<h3 id=\"add-meeting\">Add a board meeting</h3>");
    netweb_form_open(c, h, p, "meeting");
    deskweb_date_input(c, h, ID(F, "date"), "Date of the meeting", "For example, 23 11 2026",
                       fe ? DATE_NONE : c->today, fe);
    ui_input(h, ID(F, "title"), "Name of the meeting", "For example, Network board, December",
             "text", netweb_val(c, "meeting", "title"), "nhsuk-input--width-20",
             deskweb_err(c, fe, ID(F, "title")));
    ui_textarea(h, ID(F, "agenda"), "Agenda (optional)", "One item a line",
                netweb_val(c, "meeting", "agenda"), deskweb_err(c, fe, ID(F, "agenda")));
    ui_button(h, "Add the meeting", false);
    HTML_LIT(h, "</form>");
}

static void decision_form(struct ctx *c, struct html *h, const struct net_page *p,
                          const struct network_meeting *mt, size_t nmt, const struct desk_errs *e)
{
    const struct desk_errs *fe = netweb_errs(c, "decision", e);
    const char *F = "decision";
    HTML_LIT(h, "<h3 id=\"add-decision\">Put a decision to the practices</h3>");
    if (nmt == 0) {
        HTML_LIT(h, "<p>Add the meeting first, then put its decisions to the practices.</p>");
        return;
    }
    netweb_form_open(c, h, p, "decision");
    const char **v = ARENA_ARRAY(c->a, const char *, nmt + 1);
    const char **l = ARENA_ARRAY(c->a, const char *, nmt + 1);
    v[0] = "";
    l[0] = "Choose the meeting";
    for (size_t i = 0; i < nmt; i++) {
        struct buf b;
        buf_init(&b, 512);
        struct html hb = {&b};
        html_date(&hb, mt[i].date);
        v[i + 1] = arena_printf(c->a, "%" PRId64, mt[i].id);
        l[i + 1] = arena_printf(c->a, "%s, %s", b.buf, mt[i].title);
        buf_release(&b);
    }
    ui_select(h, ID(F, "meeting"), "Meeting", v, l, nmt + 1, netweb_val(c, "decision", "meeting"),
              deskweb_err(c, fe, ID(F, "meeting")));
    ui_input(h, ID(F, "title"), "Decision",
             "A short title, for example, Extended access rota for 2027", "text",
             netweb_val(c, "decision", "title"), "nhsuk-input--width-30",
             deskweb_err(c, fe, ID(F, "title")));
    ui_textarea(h, ID(F, "motion"), "The motion (optional)",
                "What the practices are asked to agree", netweb_val(c, "decision", "motion"),
                deskweb_err(c, fe, ID(F, "motion")));
    ui_button(h, "Put it to the practices", false);
    HTML_LIT(h, "</form>");
}

static void action_form(struct ctx *c, struct html *h, const struct net_page *p,
                        const struct network_meeting *mt, size_t nmt, const struct desk_errs *e)
{
    const struct desk_errs *fe = netweb_errs(c, "action", e);
    const char *F = "action";
    HTML_LIT(h, "<h3 id=\"add-action\">Add an action</h3>");
    netweb_form_open(c, h, p, "action");
    ui_textarea(h, ID(F, "what"), "What is to be done", NULL, netweb_val(c, "action", "what"),
                deskweb_err(c, fe, ID(F, "what")));
    ui_input(h, ID(F, "owner"), "Who owns it", "A person, or a practice", "text",
             netweb_val(c, "action", "owner"), "nhsuk-input--width-20",
             deskweb_err(c, fe, ID(F, "owner")));
    deskweb_date_input(c, h, ID(F, "due"), "Due", "For example, 15 1 2027", DATE_NONE, fe);
    const char **v = ARENA_ARRAY(c->a, const char *, nmt + 1);
    const char **l = ARENA_ARRAY(c->a, const char *, nmt + 1);
    v[0] = "";
    l[0] = "None";
    for (size_t i = 0; i < nmt; i++) {
        v[i + 1] = arena_printf(c->a, "%" PRId64, mt[i].id);
        l[i + 1] = mt[i].title;
    }
    ui_select(h, ID(F, "meeting"), "From the meeting (optional)", v, l, nmt + 1,
              netweb_val(c, "action", "meeting"), deskweb_err(c, fe, ID(F, "meeting")));
    ui_button(h, "Add the action", false);
    HTML_LIT(h, "</form>");
}

static void rep_form(struct ctx *c, struct html *h, const struct net_page *p,
                     const struct network_member *mem, size_t nmem, const struct desk_errs *e)
{
    const struct desk_errs *fe = netweb_errs(c, "rep", e);
    const char *F = "rep";
    HTML_LIT(h, "<h3 id=\"set-rep\">Name a practice's representative</h3>");
    netweb_form_open(c, h, p, "rep");
    const char **v = ARENA_ARRAY(c->a, const char *, nmem + 1);
    const char **l = ARENA_ARRAY(c->a, const char *, nmem + 1);
    v[0] = "";
    l[0] = "Choose the practice";
    for (size_t i = 0; i < nmem; i++) {
        v[i + 1] = mem[i].practice;
        l[i + 1] = arena_printf(c->a, "%s (%s)", mem[i].practice_name ? mem[i].practice_name : "",
                                mem[i].practice);
    }
    ui_select(h, ID(F, "practice"), "Practice", v, l, nmem + 1, netweb_val(c, "rep", "practice"),
              deskweb_err(c, fe, ID(F, "practice")));
    ui_input(h, ID(F, "name"), "Representative",
             "Leave empty to remove the practice's representative", "text",
             netweb_val(c, "rep", "name"), "nhsuk-input--width-20",
             deskweb_err(c, fe, ID(F, "name")));
    ui_input(h, ID(F, "role"), "Their role (optional)", "For example, GP partner", "text",
             netweb_val(c, "rep", "role"), "nhsuk-input--width-20",
             deskweb_err(c, fe, ID(F, "role")));
    ui_button(h, "Save the representative", false);
    HTML_LIT(h, "</form>");
}

static void board_form(struct ctx *c, struct html *h, const struct net_page *p,
                       const struct vote_policy *pol, const struct desk_errs *e)
{
    const struct desk_errs *fe = netweb_errs(c, "board", e);
    const char *F = "board";
    HTML_LIT(h, "<h3 id=\"set-rule\">Change the voting rule</h3>"
                "<p>The rule of the Network Agreement. Decisions already made keep the rule "
                "they were made under.</p><form action=\"");
    html_url(h, p->base);
    HTML_LIT(h, "\" method=\"post\" novalidate>");
    ui_csrf(c, h);
    HTML_LIT(h, "<input type=\"hidden\" name=\"form\" value=\"board\">");
    const char *wv[VOTE_WEIGHT_COUNT], *wl[VOTE_WEIGHT_COUNT];
    for (int i = 0; i < VOTE_WEIGHT_COUNT; i++) {
        wv[i] = vote_weight_id((enum vote_weight)i);
        wl[i] = vote_weight_label((enum vote_weight)i);
    }
    const char *wsel = fe ? netweb_val(c, "board", "weight") : vote_weight_id(pol->weight);
    ui_radios(h, ID(F, "weight"), "How votes count", NULL, wv, wl, VOTE_WEIGHT_COUNT, wsel,
              deskweb_err(c, fe, ID(F, "weight")));
    ui_input(h, ID(F, "quorum"), "Quorum: the share of the member practices that must take part",
             "A fraction, for example, 1/2 or 2/3", "text",
             fe ? netweb_val(c, "board", "quorum")
                : arena_printf(c->a, "%" PRId64 "/%" PRId64, pol->quorum.num, pol->quorum.den),
             "nhsuk-input--width-5", deskweb_err(c, fe, ID(F, "quorum")));
    ui_input(
        h, ID(F, "threshold"), "Share of the votes for and against needed to carry a motion",
        "A fraction, for example, 1/2 (a simple majority) or 2/3", "text",
        fe ? netweb_val(c, "board", "threshold")
           : arena_printf(c->a, "%" PRId64 "/%" PRId64, pol->threshold.num, pol->threshold.den),
        "nhsuk-input--width-5", deskweb_err(c, fe, ID(F, "threshold")));
    static const char *const av[] = {"more", "at_least"};
    static const char *const al[] = {"More than that share", "At least that share"};
    ui_radios(h, ID(F, "at_least"), "Is the share itself enough?", NULL, av, al, 2,
              fe              ? netweb_val(c, "board", "at_least")
              : pol->at_least ? "at_least"
                              : "more",
              deskweb_err(c, fe, ID(F, "at_least")));
    const char *tv[VOTE_TIE_COUNT], *tl[VOTE_TIE_COUNT];
    for (int i = 0; i < VOTE_TIE_COUNT; i++) {
        tv[i] = vote_tie_id((enum vote_tie)i);
        tl[i] = vote_tie_label((enum vote_tie)i);
    }
    ui_radios(h, ID(F, "tie"), "When the votes for and against are equal", NULL, tv, tl,
              VOTE_TIE_COUNT, fe ? netweb_val(c, "board", "tie") : vote_tie_id(pol->tie),
              deskweb_err(c, fe, ID(F, "tie")));
    ui_button(h, "Save the voting rule", false);
    HTML_LIT(h, "</form>");
}

/* ---- the page ----------------------------------------------------------- */

static void actions_table(struct ctx *c, struct html *h, const struct net_page *p,
                          const struct network_action *v, size_t n, const char *caption,
                          bool buttons)
{
    ui_table_begin(h, caption,
                   buttons ? "Action,Owner,Due,Status,Change" : "Action,Owner,Due,Status");
    for (size_t i = 0; i < n; i++) {
        ui_tr(h);
        ui_td(h, v[i].what);
        ui_td(h, v[i].owner);
        ui_td_open(h, false);
        html_date(h, v[i].due);
        ui_td_close(h);
        ui_td_open(h, false);
        if (v[i].done_on != DATE_NONE) {
            ui_tag(h, "Done");
            HTML_LIT(h, " ");
            html_date(h, v[i].done_on);
        } else {
            ui_tag(h, v[i].due < c->today    ? "Overdue"
                      : v[i].due == c->today ? "Due today"
                                             : "Open");
        }
        ui_td_close(h);
        if (buttons) {
            ui_td_open(h, false);
            if (v[i].done_on == DATE_NONE) {
                HTML_LIT(h, "<form action=\"");
                html_url(h, p->base);
                HTML_LIT(h, "\" method=\"post\">");
                ui_csrf(c, h);
                HTML_LIT(h, "<input type=\"hidden\" name=\"form\" value=\"action-done\">"
                            "<input type=\"hidden\" name=\"action-done_id\" value=\"");
                html_textf(h, "%" PRId64, v[i].id);
                HTML_LIT(h, "\"><button class=\"nhsuk-button nhsuk-button--secondary "
                            "nhsuk-button--small nhsuk-u-margin-bottom-0\" type=\"submit\">"
                            "Mark done<span class=\"nhsuk-u-visually-hidden\">: ");
                html_text(h, v[i].what);
                HTML_LIT(h, "</span></button></form>");
            }
            ui_td_close(h);
        }
    }
    ui_table_end(h);
}

/* The decisions log, newest first, each with its votes and result. */
static void decisions_log(struct ctx *c, struct html *h, const struct net_page *p,
                          const struct network_decision *dec, size_t ndec)
{
    HTML_LIT(h, "<h2 id=\"log\">Decisions log</h2>");
    if (ndec == 0) {
        HTML_LIT(h, "<p>No decisions recorded yet.</p>");
    } else {
        ui_table_begin(h, "Decisions, newest first", "Meeting,Decision,Votes,Result");
        for (size_t i = 0; i < ndec; i++) {
            ui_tr(h);
            ui_td_open(h, false);
            html_date(h, dec[i].meeting_date);
            HTML_LIT(h, "<br>");
            html_text(h, dec[i].meeting_title);
            ui_td_close(h);
            ui_td_open(h, false);
            HTML_LIT(h, "<a href=\"");
            html_url(h, arena_printf(c->a, "%s/%" PRId64, p->base, dec[i].id));
            HTML_LIT(h, "\">");
            html_text(h, dec[i].title);
            HTML_LIT(h, "</a>");
            ui_td_close(h);
            ui_td_open(h, false);
            votes_cell(h, &dec[i]);
            ui_td_close(h);
            ui_td_open(h, false);
            netweb_result_tag(h, &dec[i]);
            ui_td_close(h);
        }
        ui_table_end(h);
    }
}

/* The board's meetings, each with its agenda as a numbered list (a line an item). */
static void board_meetings(struct html *h, const struct network_meeting *mt, size_t nmt)
{
    HTML_LIT(h, "<h2 id=\"meetings\">Board meetings</h2>");
    if (nmt == 0)
        HTML_LIT(h, "<p>No meetings recorded yet.</p>");
    for (size_t i = 0; i < nmt; i++) {
        HTML_LIT(h, "<h3>");
        html_text(h, mt[i].title);
        HTML_LIT(h, ", ");
        html_date(h, mt[i].date);
        HTML_LIT(h, "</h3>");
        if (*mt[i].agenda) {
            HTML_LIT(h, "<p class=\"nhsuk-u-margin-bottom-2\">Agenda:</p><ol class=\"nhsuk-list "
                        "nhsuk-list--number\">");
            const char *s = mt[i].agenda;
            while (*s) {
                const char *nl = strchr(s, '\n');
                size_t len = nl ? (size_t)(nl - s) : strlen(s);
                size_t k = len;
                while (k && (s[k - 1] == '\r' || s[k - 1] == ' '))
                    k--;
                if (k) {
                    HTML_LIT(h, "<li>");
                    html_textn(h, s, k);
                    HTML_LIT(h, "</li>");
                }
                s += len + (nl ? 1 : 0);
            }
            HTML_LIT(h, "</ol>");
        } else {
            HTML_LIT(h, "<p>No agenda recorded.</p>");
        }
    }
}

/* The board: its voting rule, and the member practices with their representatives. */
static void board_section(struct ctx *c, struct html *h, const struct vote_policy *pol, bool stored,
                          const struct network_member *mem, size_t nmem)
{
    HTML_LIT(h, "<h2 id=\"board\">The board</h2><h3>Voting rule</h3>");
    if (!stored)
        HTML_LIT(h, "<p>No voting rule recorded for the Network Agreement: decisions use this "
                    "one until it is.</p>");
    netweb_policy_words(c, h, pol);
    HTML_LIT(h, "<h3>Member practices and their representatives</h3>");
    ui_table_begin(h, "Member practices today",
                   "Practice,>Registered patients,Representative,Role");
    for (size_t i = 0; i < nmem; i++) {
        ui_tr(h);
        ui_td(h, arena_printf(c->a, "%s (%s)", mem[i].practice_name ? mem[i].practice_name : "",
                              mem[i].practice));
        ui_td_count(h, mem[i].list_size);
        ui_td_open(h, false);
        if (*mem[i].rep_name)
            html_text(h, mem[i].rep_name);
        else
            ui_none(h, "None named");
        ui_td_close(h);
        ui_td_open(h, false);
        html_text(h, mem[i].rep_role);
        ui_td_close(h);
    }
    ui_table_end(h);
}

static void decisions_page(struct ctx *c, const struct net_page *p, const struct desk_errs *e)
{
    struct html h = {&c->r->body};
    struct pcn_msg m = {0};
    struct network_decision *dec;
    struct network_meeting *mt;
    struct network_action *act;
    struct network_member *mem;
    struct vote_policy pol;
    bool stored;
    size_t ndec, nmt, nact, nmem;
    if (network_decisions(c->db, p->pcn, c->a, &dec, &ndec, &m) ||
        network_meetings(c->db, p->pcn, NETWORK_BOARD, c->a, &mt, &nmt, &m) ||
        network_actions(c->db, p->pcn, NETWORK_BOARD, c->a, &act, &nact, &m) ||
        network_members(c->db, p->pcn, c->today, c->a, &mem, &nmem, &m) ||
        network_board_get(c->db, p->pcn, &pol, &stored, &m)) {
        deskweb_fail(c, &m);
        return;
    }
    netweb_begin(c, &h, p, "Network decisions", "Network decisions", NULL, NULL, e);
    const char *done = http_query(c->q, "done");
    if (done && !(e && e->n)) {
        static const struct {
            const char *k, *words;
        } said[] = {{"meeting", "Meeting added"},    {"decision", "Decision put to the practices"},
                    {"action", "Action added"},      {"action-done", "Action marked done"},
                    {"rep", "Representative saved"}, {"board", "Voting rule saved"}};
        for (size_t i = 0; i < ARRAY_SIZE(said); i++)
            if (strcmp(done, said[i].k) == 0)
                deskweb_success(&h, said[i].words);
    }
    HTML_LIT(&h, "<p>What the member practices decide together under the Network Agreement: "
                 "each decision with every practice's vote and the result the agreement's "
                 "voting rule gives, and the actions that follow.</p>");

    decisions_log(c, &h, p, dec, ndec);

    HTML_LIT(&h, "<h2 id=\"actions\">Actions</h2>");
    if (nact == 0)
        HTML_LIT(&h, "<p>No actions recorded yet.</p>");
    else
        actions_table(c, &h, p, act, nact, "Actions, open ones first by due date", p->write);

    board_meetings(&h, mt, nmt);

    board_section(c, &h, &pol, stored, mem, nmem);

    if (p->write) {
        HTML_LIT(&h, "<h2>Record the board's business</h2>");
        meeting_form(c, &h, p, e);
        decision_form(c, &h, p, mt, nmt, e);
        action_form(c, &h, p, mt, nmt, e);
        rep_form(c, &h, p, mem, nmem, e);
        board_form(c, &h, p, &pol, e);
    }
    netweb_end(c, &h);
}

void page_network(struct ctx *c)
{
    struct net_page p;
    if (!netweb_open(c, "decisions", false, &p))
        return;
    decisions_page(c, &p, NULL);
}

void page_network_post(struct ctx *c)
{
    struct net_page p;
    struct desk_errs e = {0};
    struct pcn_msg m = {0};
    struct desk_actor w;
    if (!netweb_open_post(c, "decisions", &p, &w))
        return;
    const char *form = netweb_str(c, "form");
    int rc;
    if (strcmp(form, "meeting") == 0) {
        struct network_meeting mt = {0};
        mt.date = netweb_form_date(c, form, "date", "The date of the meeting", &e);
        mt.title = netweb_str(c, ID(form, "title"));
        mt.agenda = netweb_str(c, ID(form, "agenda"));
        rc = network_meeting_add(c->db, &w, p.pcn, &mt, c->today, NULL, &e, &m);
    } else if (strcmp(form, "decision") == 0) {
        rc = network_decision_add(c->db, &w, p.pcn, netweb_form_id(c, ID(form, "meeting")),
                                  netweb_str(c, ID(form, "title")),
                                  netweb_str(c, ID(form, "motion")), NULL, &e, &m);
    } else if (strcmp(form, "action") == 0) {
        struct network_action a = {0};
        a.what = netweb_str(c, ID(form, "what"));
        a.owner = netweb_str(c, ID(form, "owner"));
        a.due = netweb_form_date(c, form, "due", "The due date", &e);
        a.meeting_id = netweb_form_id(c, ID(form, "meeting"));
        rc = network_action_add(c->db, &w, p.pcn, &a, c->today, NULL, &e, &m);
    } else if (strcmp(form, "action-done") == 0) {
        rc = network_action_done(c->db, &w, p.pcn, netweb_form_id(c, ID(form, "id")), c->today, &m);
        if (rc == PCN_ENOTFOUND || rc == PCN_EINVAL) {
            deskweb_not_found(c);
            return;
        }
    } else if (strcmp(form, "rep") == 0) {
        rc = network_rep_set(c->db, &w, p.pcn, netweb_str(c, ID(form, "practice")),
                             netweb_str(c, ID(form, "name")), netweb_str(c, ID(form, "role")),
                             c->today, &e, &m);
    } else if (strcmp(form, "board") == 0) {
        struct vote_policy pol;
        network_default_policy(&pol);
        if (vote_weight_parse(netweb_str(c, ID(form, "weight")), &pol.weight))
            desk_errs_add(&e, "weight", "Choose how votes count");
        if (vote_frac_parse(netweb_str(c, ID(form, "quorum")), &pol.quorum) ||
            pol.quorum.num > pol.quorum.den)
            desk_errs_add(&e, "quorum",
                          "Enter the quorum as a fraction of the practices from 0 to 1, like 1/2");
        if (vote_frac_parse(netweb_str(c, ID(form, "threshold")), &pol.threshold) ||
            pol.threshold.num < 1 || pol.threshold.num > pol.threshold.den)
            desk_errs_add(&e, "threshold",
                          "Enter the share of votes needed as a fraction more than 0 and at most "
                          "1, like 1/2 or 2/3");
        const char *al = netweb_str(c, ID(form, "at_least"));
        if (strcmp(al, "at_least") && strcmp(al, "more"))
            desk_errs_add(&e, "at_least", "Choose whether the share itself is enough");
        pol.at_least = strcmp(al, "at_least") == 0;
        if (vote_tie_parse(netweb_str(c, ID(form, "tie")), &pol.tie))
            desk_errs_add(&e, "tie", "Choose what happens when the votes are equal");
        rc = e.n ? PCN_EINVAL : network_board_set(c->db, &w, p.pcn, &pol, &e, &m);
    } else {
        desk_errs_add(&e, "form", "The form sent is not one of this page's");
        rc = PCN_EINVAL;
    }
    if (rc == PCN_EINVAL || e.n) {
        netweb_form_failed(c, form, &e);
        decisions_page(c, &p, &e);
        return;
    }
    deskweb_done(c, rc, &m, arena_printf(c->a, "%s?done=%s", p.base, form));
}

/* ---- the API ------------------------------------------------------------ */

/* Everything of the decisions page as JSON (also `pcnops decisions --json`). */
void api_network(struct ctx *c)
{
    struct net_page p;
    struct pcn_msg m = {0};
    if (!netweb_open(c, "decisions", false, &p))
        return;
    json_t *j = network_view_json(c->db, p.pcn, c->today, c->a, &m);
    if (!j) {
        deskweb_fail(c, &m);
        return;
    }
    deskweb_reply(c, 200, j);
}

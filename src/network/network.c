/* network.c: the network's decisions in the store (network.h). */
#include "common.h"
#include "audit.h"
#include "network.h"
#include "db.h"
#include "deskview.h"
#include "ods.h"
#include "registry.h"
#include "netboard.h"

/* ---- helpers ------------------------------------------------------------ */

static const char *who(const struct desk_actor *w)
{
    return w->email && *w->email ? w->email : "command line";
}

/* ---- JSON --------------------------------------------------------------- */

json_t *network_decision_json(const struct network_decision *x)
{
    json_t *votes = json_array();
    for (size_t i = 0; i < x->nvotes; i++) {
        const struct network_vote *v = &x->votes[i];
        json_array_append_new(
            votes,
            json_pack("{s:s,s:s,s:o,s:o,s:s}", "practice", v->practice, "name",
                      deskdb_or_empty(v->practice_name), "list_size",
                      network_size_json(v->list_size), "vote",
                      v->choice == VOTE_NONE ? json_null() : json_string(vote_choice_id(v->choice)),
                      "recorded_by", deskdb_or_empty(v->recorded_by)));
    }
    return json_pack(
        "{s:I,s:I,s:o,s:s,s:s,s:s,s:o,s:o,s:b,s:s,s:s,s:o}", "id", (json_int_t)x->id, "meeting_id",
        (json_int_t)x->meeting_id, "meeting_date", deskview_date(x->meeting_date), "meeting_title",
        deskdb_or_empty(x->meeting_title), "title", deskdb_or_empty(x->title), "motion",
        deskdb_or_empty(x->motion), "rule", network_policy_json(&x->policy), "casting_vote",
        x->casting == VOTE_NONE ? json_null() : json_string(vote_choice_id(x->casting)), "closed",
        x->closed, "result", vote_result_id(x->result), "explanation",
        deskdb_or_empty(x->explanation), "votes", votes);
}

json_t *network_action_json(const struct network_action *x, date_t today)
{
    const char *state = x->done_on != DATE_NONE ? "done" : x->due < today ? "overdue" : "open";
    return json_pack("{s:I,s:s,s:o,s:s,s:s,s:o,s:o,s:s}", "id", (json_int_t)x->id, "area",
                     network_area_id(x->area), "meeting_id",
                     x->meeting_id ? json_integer(x->meeting_id) : json_null(), "what",
                     deskdb_or_empty(x->what), "owner", deskdb_or_empty(x->owner), "due",
                     deskview_date(x->due), "done_on", deskview_date(x->done_on), "state", state);
}

/* ---- decisions ---------------------------------------------------------- */

#define DEC_COLS                                                                                   \
    "d.id, d.meeting_id, mt.meeting_date, mt.title, d.title, d.motion, d.weight, d.quorum_num, "   \
    "d.quorum_den, d.threshold_num, d.threshold_den, d.at_least, d.tie, d.casting, d.closed, "     \
    "d.result, d.explanation"
#define DEC_FROM " FROM network_decision d JOIN network_meeting mt ON mt.id = d.meeting_id "

static void dec_from_row(struct arena *a, struct db_stmt *st, void *out)
{
    struct network_decision *x = out;
    memset(x, 0, sizeof *x);
    x->id = db_col_int(st, 0);
    x->meeting_id = db_col_int(st, 1);
    x->meeting_date = db_col_date(st, 2);
    x->meeting_title = db_col_strdup_blank(a, st, 3);
    x->title = db_col_strdup_blank(a, st, 4);
    x->motion = db_col_strdup_blank(a, st, 5);
    network_policy_from_row(st, 6, &x->policy);
    if (vote_choice_parse(db_col_text(st, 13), &x->casting))
        x->casting = VOTE_NONE;
    x->closed = db_col_int(st, 14) != 0;
    if (vote_result_parse(db_col_text(st, 15), &x->result))
        x->result = VOTE_OPEN;
    x->explanation = db_col_strdup_blank(a, st, 16);
}

/* The votes of the decisions v[0..n) (all of the PCN's, or one). */
static int load_votes(struct db *db, const char *pcn, int64_t only, struct arena *a,
                      struct network_decision *v, size_t n, struct pcn_msg *m)
{
    struct db_stmt *st;
    int rc = db_cached(db,
                       "SELECT v.decision_id, v.practice_code, v.list_size, v.choice, "
                       "v.recorded_by, (SELECT ov.name FROM org_version ov WHERE ov.code = "
                       "v.practice_code ORDER BY ov.valid_from DESC LIMIT 1) FROM network_vote v "
                       "JOIN network_decision d ON d.id = v.decision_id WHERE d.pcn_code = ? AND "
                       "(? = 0 OR d.id = ?) ORDER BY v.decision_id, v.practice_code",
                       &st, m);
    if (rc)
        return rc;
    db_bind_text(st, 1, pcn);
    db_bind_int(st, 2, only);
    db_bind_int(st, 3, only);
    size_t cap[1] = {0};
    struct network_decision *cur = NULL;
    while ((rc = db_step(st, m)) == 1) {
        int64_t did = db_col_int(st, 0);
        if (!cur || cur->id != did) {
            cur = NULL;
            for (size_t i = 0; i < n; i++)
                if (v[i].id == did)
                    cur = &v[i];
            cap[0] = 0;
            if (!cur)
                continue;
        }
        if (cur->nvotes == cap[0])
            cur->votes = arena_grow(a, cur->votes, cur->nvotes, &cap[0], sizeof *cur->votes);
        struct network_vote *x = &cur->votes[cur->nvotes++];
        x->practice = db_col_strdup_blank(a, st, 1);
        x->list_size = db_col_null(st, 2) ? -1 : db_col_int(st, 2);
        if (vote_choice_parse(db_col_text(st, 3), &x->choice))
            x->choice = VOTE_NONE;
        x->recorded_by = db_col_strdup_blank(a, st, 4);
        x->practice_name = db_col_strdup_blank(a, st, 5);
    }
    db_reset(st);
    return rc < 0 ? rc : 0;
}

int network_decisions(struct db *db, const char *pcn, struct arena *a,
                      struct network_decision **out, size_t *n, struct pcn_msg *m)
{
    void *v;
    size_t k;
    int rc = db_rows_of(db,
                        "SELECT " DEC_COLS DEC_FROM "WHERE d.pcn_code = ? ORDER BY "
                        "mt.meeting_date DESC, d.id DESC",
                        pcn, a, sizeof **out, dec_from_row, &v, &k, m);
    if (rc || (rc = load_votes(db, pcn, 0, a, v, k, m)))
        return rc;
    *out = v;
    *n = k;
    return 0;
}

int network_decision_get(struct db *db, const char *pcn, int64_t id, struct arena *a,
                         struct network_decision *out, struct pcn_msg *m)
{
    bool found;
    int rc = db_row_of(db, "SELECT " DEC_COLS DEC_FROM "WHERE d.pcn_code = ? AND d.id = ?", pcn, id,
                       a, dec_from_row, out, &found, m);
    if (rc)
        return rc;
    if (!found)
        return msg_set(m, PCN_ENOTFOUND, "no decision %" PRId64 " in %s", id, pcn);
    return load_votes(db, pcn, id, a, out, 1, m);
}

/* Counts a decision's votes by its rule into x->result and x->explanation. */
static void recount(struct arena *a, struct network_decision *x)
{
    struct vote_ballot *b = ARENA_ARRAY(a, struct vote_ballot, x->nvotes + 1);
    for (size_t i = 0; i < x->nvotes; i++)
        b[i] = (struct vote_ballot){x->votes[i].practice, x->votes[i].list_size,
                                    x->votes[i].choice};
    struct vote_tally t;
    vote_count(&x->policy, b, x->nvotes, x->casting, a, &t);
    x->result = t.result;
    x->explanation = t.explanation;
}

static int store_result(struct db *db, const struct desk_actor *w, const char *pcn,
                        const struct network_decision *x, struct pcn_msg *m)
{
    struct db_stmt *st;
    int rc = db_cached(db,
                       "UPDATE network_decision SET result = ?, explanation = ?, casting = ?, "
                       "closed = ?, updated_at = ? WHERE id = ? AND pcn_code = ?",
                       &st, m);
    if (rc)
        return rc;
    db_bind_text(st, 1, vote_result_id(x->result));
    db_bind_text(st, 2, x->explanation);
    db_bind_text(st, 3, vote_choice_id(x->casting));
    db_bind_int(st, 4, x->closed);
    db_bind_int(st, 5, (int64_t)w->now);
    db_bind_int(st, 6, x->id);
    db_bind_text(st, 7, pcn);
    return db_run(st, m);
}

int network_decision_add(struct db *db, const struct desk_actor *w, const char *pcn,
                         int64_t meeting_id, const char *title, const char *motion, int64_t *id,
                         struct desk_errs *e, struct pcn_msg *m)
{
    struct arena a;
    struct network_meeting mt;
    struct network_member *mem = NULL;
    struct vote_policy p;
    struct db_stmt *st;
    size_t n = 0;
    bool found = false;
    int rc;
    arena_init(&a, 0);
    if (meeting_id > 0 && (rc = network_meeting_get(db, pcn, meeting_id, &a, &mt, &found, m)))
        goto done;
    if (!found || mt.area != NETWORK_BOARD)
        desk_errs_add(e, "meeting", "Choose the board meeting the decision is made at");
    desk_check_text(e, "title", "the decision's title", title, NETWORK_TITLE_MAX, true, false);
    desk_check_text(e, "motion", "the motion", motion, NETWORK_TEXT_MAX, false, true);
    found = found && mt.area == NETWORK_BOARD;
    if (found && (rc = network_members(db, pcn, mt.date, &a, &mem, &n, m))) {
        if (rc != PCN_ENOTFOUND) /* the PCN not yet in the registry then: no members */
            goto done;
        rc = 0;
        n = 0;
    }
    if (found && n == 0)
        desk_errs_add(e, "meeting",
                      "The PCN had no member practices on the date of this meeting, so nobody "
                      "could vote");
    if ((rc = deskdb_refuse(e, m)))
        goto done;
    if ((rc = network_board_get(db, pcn, &p, NULL, m)))
        goto done;
    struct network_decision x = {.meeting_id = meeting_id,
                                 .meeting_date = mt.date,
                                 .meeting_title = mt.title,
                                 .title = title,
                                 .motion = deskdb_or_empty(motion),
                                 .policy = p,
                                 .casting = VOTE_NONE};
    x.votes = ARENA_ARRAY(&a, struct network_vote, n + 1);
    x.nvotes = n;
    for (size_t i = 0; i < n; i++)
        x.votes[i] = (struct network_vote){mem[i].practice, mem[i].practice_name, mem[i].list_size,
                                           VOTE_NONE, ""};
    recount(&a, &x);
    if ((rc = db_begin_cached(
             db,
             "INSERT INTO network_decision (pcn_code, meeting_id, title, motion, "
             "weight, quorum_num, quorum_den, threshold_num, threshold_den, at_least, "
             "tie, casting, closed, result, explanation, created_at, updated_at) "
             "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '', 0, ?, ?, ?, ?) RETURNING id",
             &st, m)))
        goto done;
    db_bind_text(st, 1, pcn);
    db_bind_int(st, 2, meeting_id);
    db_bind_text(st, 3, title);
    db_bind_text(st, 4, x.motion);
    db_bind_text(st, 5, vote_weight_id(p.weight));
    db_bind_int(st, 6, p.quorum.num);
    db_bind_int(st, 7, p.quorum.den);
    db_bind_int(st, 8, p.threshold.num);
    db_bind_int(st, 9, p.threshold.den);
    db_bind_int(st, 10, p.at_least);
    db_bind_text(st, 11, vote_tie_id(p.tie));
    db_bind_text(st, 12, vote_result_id(x.result));
    db_bind_text(st, 13, x.explanation);
    db_bind_int(st, 14, (int64_t)w->now);
    db_bind_int(st, 15, (int64_t)w->now);
    if ((rc = db_run_id(st, &x.id, m)))
        goto out;
    if ((rc = db_cached(db,
                        "INSERT INTO network_vote (decision_id, practice_code, list_size, choice) "
                        "VALUES (?, ?, ?, '')",
                        &st, m)))
        goto out;
    for (size_t i = 0; i < n && !rc; i++) {
        db_bind_int(st, 1, x.id);
        db_bind_text(st, 2, x.votes[i].practice);
        if (x.votes[i].list_size < 0)
            db_bind_null(st, 3);
        else
            db_bind_int(st, 3, x.votes[i].list_size);
        rc = db_run(st, m);
    }
out:
    rc = deskdb_finish(db, w, pcn, rc, "network-decision-add", "decision", x.id, NULL,
                       network_decision_json(&x), m);
    if (!rc && id)
        *id = x.id;
done:
    arena_release(&a);
    return rc;
}

int network_vote(struct db *db, const struct desk_actor *w, const char *pcn, int64_t decision_id,
                 const char *practice, enum vote_choice choice, struct desk_errs *e,
                 struct pcn_msg *m)
{
    struct arena a;
    struct network_decision x;
    struct network_vote *v = NULL;
    struct db_stmt *st;
    int rc;
    arena_init(&a, 0);
    if ((rc = network_decision_get(db, pcn, decision_id, &a, &x, m)))
        goto done;
    for (size_t i = 0; i < x.nvotes; i++)
        if (practice && strcmp(x.votes[i].practice, practice) == 0)
            v = &x.votes[i];
    if (!v)
        desk_errs_add(e, "practice",
                      "Choose a practice that was a member of the PCN on the date of the meeting");
    if ((unsigned)choice >= VOTE_CHOICE_COUNT)
        desk_errs_add(e, "choice", "Choose for, against or abstain");
    else if (x.closed)
        desk_errs_add(e, "choice", "The vote on this decision is closed: it takes no more votes");
    if ((rc = deskdb_refuse(e, m)))
        goto done;
    if ((rc = db_begin_cached(db,
                              "UPDATE network_vote SET choice = ?, recorded_by = ?, "
                              "recorded_at = ? WHERE decision_id = ? AND practice_code = ?",
                              &st, m)))
        goto done;
    json_t *before = network_decision_json(&x);
    v->choice = choice;
    v->recorded_by = choice == VOTE_NONE ? "" : who(w);
    recount(&a, &x);
    db_bind_text(st, 1, vote_choice_id(choice));
    db_bind_text(st, 2, v->recorded_by);
    if (choice == VOTE_NONE)
        db_bind_null(st, 3);
    else
        db_bind_int(st, 3, (int64_t)w->now);
    db_bind_int(st, 4, x.id);
    db_bind_text(st, 5, v->practice);
    if (!(rc = db_run(st, m)))
        rc = store_result(db, w, pcn, &x, m);
    json_t *d = audit_change_json("decision", x.id, before, network_decision_json(&x));
    json_object_set_new(d, "practice", json_string(v->practice));
    json_object_set_new(d, "vote", json_string(vote_choice_id(choice)));
    rc = deskdb_finish_detail(db, w, pcn, rc, "network-vote", d, m);
done:
    arena_release(&a);
    return rc;
}

int network_decision_close(struct db *db, const struct desk_actor *w, const char *pcn,
                           int64_t decision_id, enum vote_choice casting, struct desk_errs *e,
                           struct pcn_msg *m)
{
    struct arena a;
    struct network_decision x;
    int rc;
    arena_init(&a, 0);
    if ((rc = network_decision_get(db, pcn, decision_id, &a, &x, m)))
        goto done;
    if (x.closed)
        desk_errs_add(e, "casting", "The vote on this decision is already closed");
    if (casting != VOTE_NONE && casting != VOTE_FOR && casting != VOTE_AGAINST)
        desk_errs_add(e, "casting", "A casting vote is for or against");
    else if (casting != VOTE_NONE && x.policy.tie != VOTE_TIE_CHAIR)
        desk_errs_add(e, "casting",
                      "The voting rule gives the chair no casting vote: leave it empty");
    else if (casting != VOTE_NONE && x.result != VOTE_TIED)
        desk_errs_add(e, "casting", "The vote is not tied, so there is no casting vote to cast");
    if ((rc = deskdb_refuse(e, m)))
        goto done;
    if ((rc = db_begin(db, m)))
        goto done;
    json_t *before = network_decision_json(&x);
    x.casting = casting;
    x.closed = true;
    recount(&a, &x);
    rc = deskdb_finish(db, w, pcn, store_result(db, w, pcn, &x, m), "network-decision-close",
                       "decision", x.id, before, network_decision_json(&x), m);
done:
    arena_release(&a);
    return rc;
}

/* ---- actions ------------------------------------------------------------ */

#define ACT_COLS "id, meeting_id, what, owner, due, done_on, area"

static void action_from_row(struct arena *a, struct db_stmt *st, void *out)
{
    struct network_action *x = out;
    *x = (struct network_action){db_col_int(st, 0),
                                 db_col_null(st, 1) ? 0 : db_col_int(st, 1),
                                 NETWORK_BOARD,
                                 db_col_strdup_blank(a, st, 2),
                                 db_col_strdup_blank(a, st, 3),
                                 db_col_date(st, 4),
                                 db_col_date(st, 5)};
    if (network_area_parse(db_col_text(st, 6), &x->area))
        x->area = NETWORK_BOARD;
}

static int read_actions(struct db_stmt *st, struct arena *a, struct network_action **out, size_t *n,
                        struct pcn_msg *m)
{
    void *v;
    int rc = db_rows(st, a, sizeof **out, action_from_row, &v, n, m);
    *out = v;
    return rc;
}

int network_actions(struct db *db, const char *pcn, enum network_area area, struct arena *a,
                    struct network_action **out, size_t *n, struct pcn_msg *m)
{
    struct db_stmt *st;
    int rc = db_cached(db,
                       "SELECT " ACT_COLS " FROM network_action WHERE pcn_code = ? AND area = ? "
                       "ORDER BY "
                       "(done_on IS NOT NULL), CASE WHEN done_on IS NULL THEN due END, "
                       "done_on DESC, id",
                       &st, m);
    if (rc)
        return rc;
    db_bind_text(st, 1, pcn);
    db_bind_text(st, 2, network_area_id(area));
    return read_actions(st, a, out, n, m);
}

int network_actions_due(struct db *db, const char *pcn, date_t today, int days_ahead,
                        struct arena *a, struct network_action **out, size_t *n, struct pcn_msg *m)
{
    struct db_stmt *st;
    if (days_ahead < 0)
        days_ahead = 0;
    int rc = db_cached(db,
                       "SELECT " ACT_COLS " FROM network_action WHERE pcn_code = ? AND "
                       "done_on IS NULL AND due <= ? ORDER BY due, id",
                       &st, m);
    if (rc)
        return rc;
    db_bind_text(st, 1, pcn);
    db_bind_date(st, 2, today + days_ahead);
    return read_actions(st, a, out, n, m);
}

int network_action_add(struct db *db, const struct desk_actor *w, const char *pcn,
                       const struct network_action *act, date_t today, int64_t *id,
                       struct desk_errs *e, struct pcn_msg *m)
{
    struct arena a;
    struct db_stmt *st;
    int rc = 0;
    arena_init(&a, 0);
    desk_check_text(e, "what", "what is to be done", act->what, NETWORK_TEXT_MAX, true, true);
    desk_check_text(e, "owner", "who owns it", act->owner, NETWORK_NAME_MAX, true, false);
    if (!desk_errs_get(e, "due"))
        desk_check_date(e, "due", "the due date", act->due, today);
    if (act->meeting_id) {
        struct network_meeting mt;
        bool found;
        if ((rc = network_meeting_get(db, pcn, act->meeting_id, &a, &mt, &found, m)))
            goto done;
        if (!found || mt.area != act->area)
            desk_errs_add(e, "meeting", "Choose one of the PCN's meetings, or none");
    }
    if ((rc = deskdb_refuse(e, m)))
        goto done;
    int64_t aid = 0;
    if ((rc = db_begin_cached(db,
                              "INSERT INTO network_action (pcn_code, meeting_id, what, owner, "
                              "due, done_on, created_at, area) VALUES (?, ?, ?, ?, ?, NULL, ?, "
                              "?) RETURNING id",
                              &st, m)))
        goto done;
    db_bind_text(st, 1, pcn);
    if (act->meeting_id)
        db_bind_int(st, 2, act->meeting_id);
    else
        db_bind_null(st, 2);
    db_bind_text(st, 3, act->what);
    db_bind_text(st, 4, act->owner);
    db_bind_date(st, 5, act->due);
    db_bind_int(st, 6, (int64_t)w->now);
    db_bind_text(st, 7, network_area_id(act->area));
    rc = db_run_id(st, &aid, m);
    struct network_action now = *act;
    now.id = aid;
    now.done_on = DATE_NONE;
    rc = deskdb_finish(db, w, pcn, rc, "network-action-add", "action", aid, NULL,
                       network_action_json(&now, today), m);
    if (!rc && id)
        *id = aid;
done:
    arena_release(&a);
    return rc;
}

int network_action_done(struct db *db, const struct desk_actor *w, const char *pcn, int64_t id,
                        date_t on, struct pcn_msg *m)
{
    struct arena a;
    struct network_action act, *x = &act;
    bool found;
    int rc;
    arena_init(&a, 0);
    if ((rc = db_row_of(db, "SELECT " ACT_COLS " FROM network_action WHERE pcn_code = ? AND id = ?",
                        pcn, id, &a, action_from_row, x, &found, m)))
        goto done;
    if (!found) {
        rc = msg_set(m, PCN_ENOTFOUND, "no action %" PRId64 " in %s", id, pcn);
        goto done;
    }
    if (x->done_on != DATE_NONE) {
        rc = msg_set(m, PCN_EINVAL, "action %" PRId64 " is already done", id);
        goto done;
    }
    json_t *before = network_action_json(x, on);
    x->done_on = on;
    rc = deskdb_mark_done(
        db, w, pcn, "UPDATE network_action SET done_on = ? WHERE id = ? AND pcn_code = ?", id, on,
        "network-action-done", "action", before, network_action_json(x, on), m);
done:
    arena_release(&a);
    return rc;
}

json_t *network_view_json(struct db *db, const char *pcn, date_t today, struct arena *a,
                          struct pcn_msg *m)
{
    struct network_decision *dec;
    struct network_meeting *mt;
    struct network_action *act;
    struct network_member *mem;
    struct vote_policy pol;
    struct org_info info;
    enum org_kind kind;
    bool stored;
    size_t ndec, nmt, nact, nmem;
    if (registry_kind(db, pcn, &kind, m))
        return NULL;
    if (kind != ORG_PCN) {
        msg_set(m, PCN_ENOTFOUND, "%s is not a PCN in the registry", pcn);
        return NULL;
    }
    if (network_decisions(db, pcn, a, &dec, &ndec, m) ||
        network_meetings(db, pcn, NETWORK_BOARD, a, &mt, &nmt, m) ||
        network_actions(db, pcn, NETWORK_BOARD, a, &act, &nact, m) ||
        network_members(db, pcn, today, a, &mem, &nmem, m) ||
        network_board_get(db, pcn, &pol, &stored, m))
        return NULL;
    struct pcn_msg m2 = {0};
    const char *name = registry_org(db, pcn, today, a, &info, &m2) == 0 && info.name ? info.name
                                                                                     : pcn;
    json_t *jd = json_array(), *jm = json_array(), *ja = json_array(), *jr = json_array();
    for (size_t i = 0; i < ndec; i++)
        json_array_append_new(jd, network_decision_json(&dec[i]));
    for (size_t i = 0; i < nmt; i++)
        json_array_append_new(jm, network_meeting_json(&mt[i]));
    for (size_t i = 0; i < nact; i++)
        json_array_append_new(ja, network_action_json(&act[i], today));
    for (size_t i = 0; i < nmem; i++)
        json_array_append_new(jr, network_member_json(&mem[i]));
    return json_pack("{s:s,s:s,s:o,s:b,s:o,s:o,s:o,s:o}", "pcn", pcn, "name", name, "rule",
                     network_policy_json(&pol), "rule_recorded", stored, "members", jr, "meetings",
                     jm, "decisions", jd, "actions", ja);
}

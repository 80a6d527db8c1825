/* netboard.c: the network's board and meetings in the store (netboard.h). */
#include "common.h"
#include "netboard.h"
#include "audit.h"
#include "db.h"
#include "deskview.h"
#include "ods.h"
#include "registry.h"

static const char *const area_ids[] = {"board", "neighbourhood"};

const char *network_area_id(enum network_area a)
{
    return (unsigned)a < NETWORK_AREA_COUNT ? area_ids[a] : "";
}

int network_area_parse(const char *s, enum network_area *out)
{
    for (int i = 0; s && i < NETWORK_AREA_COUNT; i++)
        if (strcmp(s, area_ids[i]) == 0) {
            *out = (enum network_area)i;
            return 0;
        }
    return -1;
}

json_t *network_policy_json(const struct vote_policy *p)
{
    return json_pack("{s:s,s:s,s:I,s:I,s:I,s:I,s:b,s:s,s:s}", "weight", vote_weight_id(p->weight),
                     "weight_label", vote_weight_label(p->weight), "quorum_num",
                     (json_int_t)p->quorum.num, "quorum_den", (json_int_t)p->quorum.den,
                     "threshold_num", (json_int_t)p->threshold.num, "threshold_den",
                     (json_int_t)p->threshold.den, "at_least", p->at_least, "tie",
                     vote_tie_id(p->tie), "tie_label", vote_tie_label(p->tie));
}

json_t *network_size_json(int64_t v)
{
    return v < 0 ? json_null() : json_integer(v);
}

json_t *network_member_json(const struct network_member *x)
{
    return json_pack(
        "{s:s,s:s,s:o,s:s,s:s}", "practice", x->practice, "name", deskdb_or_empty(x->practice_name),
        "list_size", network_size_json(x->list_size), "representative",
        deskdb_or_empty(x->rep_name), "representative_role", deskdb_or_empty(x->rep_role));
}

json_t *network_meeting_json(const struct network_meeting *x)
{
    return json_pack("{s:I,s:s,s:o,s:s,s:s}", "id", (json_int_t)x->id, "area",
                     network_area_id(x->area), "date", deskview_date(x->date), "title",
                     deskdb_or_empty(x->title), "agenda", deskdb_or_empty(x->agenda));
}

/* ---- the board ---------------------------------------------------------- */

void network_default_policy(struct vote_policy *p)
{
    *p = (struct vote_policy){.weight = VOTE_ONE_EACH,
                              .quorum = {1, 2},
                              .threshold = {1, 2},
                              .at_least = false,
                              .tie = VOTE_TIE_FAILS};
}

/* Columns weight, quorum_num, quorum_den, threshold_num, threshold_den,
 * at_least, tie from column `at`. */
void network_policy_from_row(struct db_stmt *st, int at, struct vote_policy *p)
{
    network_default_policy(p);
    if (vote_weight_parse(db_col_text(st, at), &p->weight))
        p->weight = VOTE_ONE_EACH;
    p->quorum.num = db_col_int(st, at + 1);
    p->quorum.den = db_col_int(st, at + 2);
    p->threshold.num = db_col_int(st, at + 3);
    p->threshold.den = db_col_int(st, at + 4);
    p->at_least = db_col_int(st, at + 5) != 0;
    if (vote_tie_parse(db_col_text(st, at + 6), &p->tie))
        p->tie = VOTE_TIE_FAILS;
}

int network_board_get(struct db *db, const char *pcn, struct vote_policy *out, bool *stored,
                      struct pcn_msg *m)
{
    struct db_stmt *st;
    int rc = db_cached(db,
                       "SELECT weight, quorum_num, quorum_den, threshold_num, threshold_den, "
                       "at_least, tie FROM network_board WHERE pcn_code = ?",
                       &st, m);
    if (rc)
        return rc;
    db_bind_text(st, 1, pcn);
    rc = db_step(st, m);
    if (rc == 1)
        network_policy_from_row(st, 0, out);
    else
        network_default_policy(out);
    if (stored)
        *stored = rc == 1;
    db_reset(st);
    return rc < 0 ? rc : 0;
}

int network_board_set(struct db *db, const struct desk_actor *w, const char *pcn,
                      const struct vote_policy *p, struct desk_errs *e, struct pcn_msg *m)
{
    const char *why;
    struct vote_policy old;
    bool stored;
    struct db_stmt *st;
    int rc;
    if (!vote_policy_check(p, &why)) {
        const char *field = strstr(why, "quorum")  ? "quorum"
                            : strstr(why, "tie")   ? "tie"
                            : strstr(why, "weigh") ? "weight"
                                                   : "threshold";
        desk_errs_add(e, field, "%s", why);
        return msg_set(m, PCN_EINVAL, "%s", why);
    }
    if ((rc = network_board_get(db, pcn, &old, &stored, m)))
        return rc;
    if ((rc = db_begin_cached(
             db,
             "INSERT INTO network_board (pcn_code, weight, quorum_num, quorum_den, "
             "threshold_num, threshold_den, at_least, tie, updated_at) VALUES "
             "(?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (pcn_code) DO UPDATE SET "
             "weight = excluded.weight, quorum_num = excluded.quorum_num, "
             "quorum_den = excluded.quorum_den, threshold_num = excluded.threshold_num, "
             "threshold_den = excluded.threshold_den, at_least = excluded.at_least, "
             "tie = excluded.tie, updated_at = excluded.updated_at",
             &st, m)))
        return rc;
    db_bind_text(st, 1, pcn);
    db_bind_text(st, 2, vote_weight_id(p->weight));
    db_bind_int(st, 3, p->quorum.num);
    db_bind_int(st, 4, p->quorum.den);
    db_bind_int(st, 5, p->threshold.num);
    db_bind_int(st, 6, p->threshold.den);
    db_bind_int(st, 7, p->at_least);
    db_bind_text(st, 8, vote_tie_id(p->tie));
    db_bind_int(st, 9, (int64_t)w->now);
    return deskdb_finish(db, w, pcn, db_run(st, m), "network-board-set", "voting rule", 0,
                         stored ? network_policy_json(&old) : NULL, network_policy_json(p), m);
}

int network_members(struct db *db, const char *pcn, date_t on, struct arena *a,
                    struct network_member **out, size_t *n, struct pcn_msg *m)
{
    struct pcn_detail d;
    struct db_stmt *st;
    int rc = registry_pcn(db, pcn, on, a, &d, m);
    if (rc)
        return rc;
    struct network_member *v = ARENA_ARRAY(a, struct network_member, d.npractices + 1);
    for (size_t i = 0; i < d.npractices; i++)
        v[i] = (struct network_member){d.practices[i].code, d.practices[i].name,
                                       d.practices[i].registered_patients, "", ""};
    if ((rc = db_cached(db,
                        "SELECT practice_code, name, role_title FROM network_rep WHERE "
                        "pcn_code = ?",
                        &st, m)))
        return rc;
    db_bind_text(st, 1, pcn);
    while ((rc = db_step(st, m)) == 1) {
        for (size_t i = 0; i < d.npractices; i++)
            if (strcmp(v[i].practice, db_col_text(st, 0)) == 0) {
                v[i].rep_name = db_col_strdup_blank(a, st, 1);
                v[i].rep_role = db_col_strdup_blank(a, st, 2);
            }
    }
    db_reset(st);
    *out = v;
    *n = d.npractices;
    return rc < 0 ? rc : 0;
}

int network_rep_set(struct db *db, const struct desk_actor *w, const char *pcn,
                    const char *practice, const char *name, const char *role, date_t today,
                    struct desk_errs *e, struct pcn_msg *m)
{
    struct arena a;
    struct network_member *mem, *x = NULL;
    struct db_stmt *st;
    size_t n;
    int rc;
    arena_init(&a, 0);
    if ((rc = network_members(db, pcn, today, &a, &mem, &n, m)))
        goto done;
    for (size_t i = 0; i < n; i++)
        if (practice && strcmp(mem[i].practice, practice) == 0)
            x = &mem[i];
    if (!x)
        desk_errs_add(e, "practice", "Choose one of the PCN's member practices");
    desk_check_text(e, "name", "the representative's name", name, NETWORK_NAME_MAX, false, false);
    desk_check_text(e, "role", "their role", role, NETWORK_NAME_MAX, false, false);
    if ((rc = deskdb_refuse(e, m)))
        goto done;
    bool removing = !name || !*name;
    if ((rc = db_begin_cached(
             db,
             removing ? "DELETE FROM network_rep WHERE pcn_code = ? AND practice_code = ?"
                      : "INSERT INTO network_rep (pcn_code, practice_code, name, role_title, "
                        "updated_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (pcn_code, "
                        "practice_code) DO UPDATE SET name = excluded.name, role_title = "
                        "excluded.role_title, updated_at = excluded.updated_at",
             &st, m)))
        goto done;
    json_t *before = *x->rep_name ? network_member_json(x) : NULL;
    db_bind_text(st, 1, pcn);
    db_bind_text(st, 2, x->practice);
    if (!removing) {
        db_bind_text(st, 3, name);
        db_bind_text(st, 4, deskdb_or_empty(role));
        db_bind_int(st, 5, (int64_t)w->now);
    }
    rc = db_run(st, m);
    x->rep_name = removing ? "" : name;
    x->rep_role = removing ? "" : deskdb_or_empty(role);
    rc = deskdb_finish(db, w, pcn, rc, "network-rep-set", "representative", 0, before,
                       removing ? NULL : network_member_json(x), m);
done:
    arena_release(&a);
    return rc;
}

/* ---- meetings ----------------------------------------------------------- */

static void meeting_from_row(struct arena *a, struct db_stmt *st, void *out)
{
    struct network_meeting *x = out;
    *x = (struct network_meeting){db_col_int(st, 0), NETWORK_BOARD, db_col_date(st, 1),
                                  db_col_strdup_blank(a, st, 2), db_col_strdup_blank(a, st, 3)};
    if (network_area_parse(db_col_text(st, 4), &x->area))
        x->area = NETWORK_BOARD;
}

int network_meetings(struct db *db, const char *pcn, enum network_area area, struct arena *a,
                     struct network_meeting **out, size_t *n, struct pcn_msg *m)
{
    struct db_stmt *st;
    int rc = db_cached(db,
                       "SELECT id, meeting_date, title, agenda, area FROM network_meeting WHERE "
                       "pcn_code = ? AND area = ? ORDER BY meeting_date DESC, id DESC",
                       &st, m);
    if (rc)
        return rc;
    db_bind_text(st, 1, pcn);
    db_bind_text(st, 2, network_area_id(area));
    void *v;
    rc = db_rows(st, a, sizeof **out, meeting_from_row, &v, n, m);
    *out = v;
    return rc;
}

int network_meeting_get(struct db *db, const char *pcn, int64_t id, struct arena *a,
                        struct network_meeting *out, bool *found, struct pcn_msg *m)
{
    return db_row_of(db,
                     "SELECT id, meeting_date, title, agenda, area FROM network_meeting WHERE "
                     "pcn_code = ? AND id = ?",
                     pcn, id, a, meeting_from_row, out, found, m);
}

int network_meeting_add(struct db *db, const struct desk_actor *w, const char *pcn,
                        const struct network_meeting *mt, date_t today, int64_t *id,
                        struct desk_errs *e, struct pcn_msg *m)
{
    struct db_stmt *st;
    int rc;
    if (!desk_errs_get(e, "date")) /* a form's "not a real date" already said */
        desk_check_date(e, "date", "the date of the meeting", mt->date, today);
    desk_check_text(e, "title", "the meeting's name", mt->title, NETWORK_TITLE_MAX, true, false);
    desk_check_text(e, "agenda", "the agenda", mt->agenda, NETWORK_TEXT_MAX, false, true);
    if (e->n)
        return deskdb_refuse(e, m);
    int64_t mid = 0;
    if ((rc = db_begin_cached(db,
                              "INSERT INTO network_meeting (pcn_code, meeting_date, title, "
                              "agenda, created_at, area) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                              &st, m)))
        return rc;
    db_bind_text(st, 1, pcn);
    db_bind_date(st, 2, mt->date);
    db_bind_text(st, 3, mt->title);
    db_bind_text(st, 4, deskdb_or_empty(mt->agenda));
    db_bind_int(st, 5, (int64_t)w->now);
    db_bind_text(st, 6, network_area_id(mt->area));
    rc = db_run_id(st, &mid, m);
    struct network_meeting now = *mt;
    now.id = mid;
    now.agenda = deskdb_or_empty(mt->agenda);
    rc = deskdb_finish(db, w, pcn, rc, "network-meeting-add", "meeting", mid, NULL,
                       network_meeting_json(&now), m);
    if (!rc && id)
        *id = mid;
    return rc;
}

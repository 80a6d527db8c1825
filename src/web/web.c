#include "common.h"
#include "web.h"
#include "audit.h"
#include "rulestore.h"
#include "rules.h"
#include "clock.h"
#include "deskrules.h"

#include <dirent.h>
#include <sys/stat.h>

/* A loaded rules directory, shared by the requests that use it. */
struct rules_snap {
    struct arena a;
    struct rules r;
    struct deskrules dr;    /* cd_time.csv and supervision.csv, read with r */
    const char *dr_problem; /* their first problem, or NULL */
    fy_t fy;                /* today's year when read: the years rules_load
                             makes up to the next one change with it */
    int refs;               /* guarded by web.rules_lock */
};

static const struct {
    const char *name, *label;
} roles[] = {
    [ROLE_NONE] = {"none", "No role"},
    [ROLE_ADMIN] = {"admin", "Administrator"},
    [ROLE_ICB] = {"icb", "ICB primary care team"},
    [ROLE_PCN_MANAGER] = {"pcn-manager", "PCN manager"},
    [ROLE_CLINICAL_DIRECTOR] = {"clinical-director", "Clinical director"},
    [ROLE_PRACTICE] = {"practice", "Practice"},
};

const char *role_name(enum role r)
{
    return roles[r].name;
}
const char *role_label(enum role r)
{
    return roles[r].label;
}

enum role role_parse(const char *s)
{
    for (size_t i = 1; i < ARRAY_SIZE(roles); i++)
        if (s && strcmp(s, roles[i].name) == 0)
            return (enum role)i;
    return ROLE_NONE;
}

time_t web_now(const struct web *w)
{
    return w->clock ? w->clock(w->clock_ctx) : time(NULL);
}

void web_base_init(struct web *w, const char *db_path)
{
    memset(w, 0, sizeof *w);
    w->db_path = db_path;
    w->rules_dir = rules_dir_default(NULL);
    pthread_mutex_init(&w->rules_lock, NULL);
}

static void snap_put(struct web *w, struct rules_snap *s)
{
    bool last;
    if (!s)
        return;
    pthread_mutex_lock(&w->rules_lock);
    last = --s->refs == 0;
    pthread_mutex_unlock(&w->rules_lock);
    if (last) {
        arena_release(&s->a);
        free(s);
    }
}

void web_base_release(struct web *w)
{
    snap_put(w, w->rules);
    w->rules = NULL;
    pthread_mutex_destroy(&w->rules_lock);
}

/* The newest modification time of the rules directory's files (one level of
 * year directories). */
static time_t rules_newest(const char *dir)
{
    time_t newest = 0;
    DIR *d = opendir(dir);
    struct dirent *e;
    if (!d)
        return 0;
    while ((e = readdir(d))) {
        char path[1024];
        struct stat st;
        if (e->d_name[0] == '.')
            continue;
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        if (stat(path, &st) != 0)
            continue;
        if (st.st_mtime > newest)
            newest = st.st_mtime;
        if (S_ISDIR(st.st_mode)) {
            time_t inner = rules_newest(path);
            if (inner > newest)
                newest = inner;
        }
    }
    closedir(d);
    return newest;
}

/* Brings the rules folder up to date with the changes the store records
 * (made on this server or another); *written says whether a file was
 * written.  Called with rules_lock held. */
static int pull_changes(struct ctx *c, bool *written, struct pcn_msg *m)
{
    struct web *w = c->w;
    *written = false;
    if (!c->db)
        return 0;
    int64_t head;
    int rc = rulestore_head(c->db, &head, m);
    if (rc || (w->rules_synced && head == w->rules_seq))
        return rc;
    struct arena a;
    arena_init(&a, 64 * 1024);
    int64_t seq = w->rules_synced ? w->rules_seq : 0;
    int n = 0;
    rc = rulestore_pull(c->db, &a, w->rules_dir, !w->rules_synced, &seq, &n, m);
    arena_release(&a);
    if (rc)
        return rc;
    w->rules_seq = seq;
    w->rules_synced = true;
    *written = n > 0;
    return 0;
}

/* As pull_changes, for the check web_rules makes: with the store
 * unreachable the folder stays as it is and the next check tries again. */
static bool pulled(struct ctx *c)
{
    struct pcn_msg pm = {0};
    bool written;
    if (pull_changes(c, &written, &pm))
        fprintf(stderr, "pcnops: rules changes from the store: %s\n", pm.text);
    return written;
}

const struct rules *web_rules(struct ctx *c, struct pcn_msg *m)
{
    struct web *w = c->w;
    if (c->rules)
        return &c->rules->r;
    time_t now = web_now(w);
    pthread_mutex_lock(&w->rules_lock);
    bool stale = !w->rules;
    date_t today;
    fy_t fy = clock_today(&today) == 0 ? fy_of(today) : 0;
    if (!w->rules_synced || now - w->rules_checked >= 2)
        stale = pulled(c) || stale;
    if (!stale && now - w->rules_checked >= 2) {
        w->rules_checked = now;
        stale = rules_newest(w->rules_dir) != w->rules_mtime || w->rules->fy != fy;
    }
    if (stale) {
        struct rules_snap *s = xcalloc(1, sizeof *s);
        struct rules_diag d = {0};
        arena_init(&s->a, 256 * 1024);
        time_t mtime = rules_newest(w->rules_dir);
        int rc = rules_load(w->rules_dir, &s->a, &s->r, &d, m);
        s->fy = fy;
        struct pcn_msg dm = {0};
        if (!rc && deskrules_load(w->rules_dir, &s->a, &s->dr, &dm))
            s->dr_problem = arena_strdup(&s->a, dm.text);
        if (rc) {
            pthread_mutex_unlock(&w->rules_lock);
            arena_release(&s->a);
            free(s);
            fprintf(stderr, "pcnops: rules: %s\n", m->text);
            return NULL;
        }
        s->refs = 1; /* the web's own reference */
        struct rules_snap *old = w->rules;
        w->rules = s;
        w->rules_mtime = mtime;
        w->rules_checked = now;
        if (old && --old->refs == 0) {
            arena_release(&old->a);
            free(old);
        }
    }
    c->rules = w->rules;
    c->rules->refs++;
    pthread_mutex_unlock(&w->rules_lock);
    return &c->rules->r;
}

const struct deskrules *web_deskrules(struct ctx *c, const char **problem, struct pcn_msg *m)
{
    *problem = NULL;
    if (!web_rules(c, m))
        return NULL;
    *problem = c->rules->dr_problem;
    return &c->rules->dr;
}

void web_rules_stale(struct web *w)
{
    pthread_mutex_lock(&w->rules_lock);
    w->rules_checked = 0;
    w->rules_mtime = -1;
    pthread_mutex_unlock(&w->rules_lock);
}

int web_rules_changed(struct ctx *c, struct pcn_msg *m)
{
    struct web *w = c->w;
    pthread_mutex_lock(&w->rules_lock);
    bool written;
    int rc = pull_changes(c, &written, m);
    w->rules_checked = 0;
    w->rules_mtime = -1; /* no directory has this time: it differs */
    pthread_mutex_unlock(&w->rules_lock);
    return rc;
}
void web_request_done(struct ctx *c)
{
    snap_put(c->w, c->rules);
    c->rules = NULL;
}

int audit_ctx(struct ctx *c, const char *action, const char *target_kind, const char *target_code,
              json_t *detail)
{
    struct pcn_msg m = {0};
    struct audit_entry e = {
        .at = c->q->now,
        .ip = c->q->remote,
        .action = action,
        .target_kind = target_kind,
        .target_code = target_code,
    };
    if (c->user) {
        e.user_id = c->user->id;
        e.user_email = c->user->email;
        e.role = role_name(c->user->role);
        e.org_code = c->user->org;
    }
    char *text = detail ? json_dumps(detail, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
    json_decref(detail);
    e.detail = text;
    int rc = audit_write(c->db, &e, &m);
    free(text);
    if (rc)
        fprintf(stderr, "pcnops: audit log: %s\n", m.text);
    return rc;
}

void audit_note_ctx(struct audit_entry *e, struct ctx *c, const char *action,
                    const char *target_kind, const char *target_code, json_t *detail)
{
    *e = (struct audit_entry){.at = c->q->now,
                              .ip = c->q->remote,
                              .action = action,
                              .target_kind = target_kind,
                              .target_code = target_code};
    if (c->user) {
        e->user_id = c->user->id;
        e->user_email = c->user->email;
        e->role = role_name(c->user->role);
        e->org_code = c->user->org;
    }
    if (detail) {
        char *text = json_dumps(detail, JSON_COMPACT | JSON_PRESERVE_ORDER);
        json_decref(detail);
        e->detail = text ? arena_strdup(c->a, text) : NULL;
        free(text);
    }
}

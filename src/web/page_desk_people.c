/* page_desk_people.c: the stakeholder register with its influence and
 * interest grid, and the engagement log with its follow-ups. */
#include "common.h"
#include "buf.h"
#include "deskdb.h"
#include "deskweb.h"
#include "demo.h"
#include "demoweb.h"
#include "mps.h"
#include "nbhd.h"
#include "pages.h"
#include "svg.h"

#define MPS_SHOWN 25 /* search results listed at most */

static const char *const grid_values[] = {"1", "2", "3", "4", "5"};
static const char *const grid_inf[] = {"1 (low)", "2", "3", "4", "5 (high)"};

/* The add form's values for an MP chosen from the list (?mp=CODE). */
struct prefill {
    const char *name, *organisation, *kind, *role_title, *notes;
};

static const char *pre(const struct prefill *p, const char *name)
{
    if (!p)
        return NULL;
    if (strcmp(name, "name") == 0)
        return p->name;
    if (strcmp(name, "organisation") == 0)
        return p->organisation;
    if (strcmp(name, "kind") == 0)
        return p->kind;
    if (strcmp(name, "role_title") == 0)
        return p->role_title;
    if (strcmp(name, "notes") == 0)
        return p->notes;
    return NULL;
}

static void stakeholder_form(struct ctx *c, struct html *h, const struct desk_page *d,
                             const struct desk_errs *e, const struct prefill *pf)
{
    bool post = e != NULL && strcmp(http_form_str(c->q, "form") ? http_form_str(c->q, "form") : "",
                                    "stakeholder") == 0;
    const struct desk_errs *fe = post ? e : NULL;
#define VAL(name) (post ? http_form_str(c->q, name) : pre(pf, name))
    HTML_LIT(h, "<h2 id=\"add\">Add a stakeholder</h2>");
    if (pf && !post) {
        HTML_LIT(h, "<p>Filled in from the list of MPs: choose their influence and interest, "
                    "then add them.</p>");
    }
    HTML_LIT(h, "<form action=\"");
    html_url(h, arena_printf(c->a, "%s/stakeholders", d->base));
    HTML_LIT(h, "\" method=\"post\" novalidate>");
    ui_csrf(c, h);
    HTML_LIT(h, "<input type=\"hidden\" name=\"form\" value=\"stakeholder\">");
    ui_input(h, "name", "Name", "A person, or an organisation", "text", VAL("name"),
             "nhsuk-input--width-20", deskweb_err(c, fe, "name"));
    ui_input(h, "organisation", "Organisation (optional)", NULL, "text", VAL("organisation"),
             "nhsuk-input--width-20", deskweb_err(c, fe, "organisation"));
    const char *kv[SH_COUNT], *kl[SH_COUNT];
    for (int i = 0; i < SH_COUNT; i++) {
        kv[i] = desk_sh_kind_id((enum desk_sh_kind)i);
        kl[i] = desk_sh_kind_label((enum desk_sh_kind)i);
    }
    ui_select(h, "kind", "Kind", kv, kl, SH_COUNT, VAL("kind"), deskweb_err(c, fe, "kind"));
    ui_input(h, "role_title", "Their role (optional)", "For example, Director of primary care",
             "text", VAL("role_title"), "nhsuk-input--width-20", deskweb_err(c, fe, "role_title"));
    ui_radios(h, "influence", "Influence over the PCN's work", "1 is low and 5 is high",
              grid_values, grid_inf, 5, VAL("influence"), deskweb_err(c, fe, "influence"));
    ui_radios(h, "interest", "Interest in the PCN's work", "1 is low and 5 is high", grid_values,
              grid_inf, 5, VAL("interest"), deskweb_err(c, fe, "interest"));
    ui_textarea(h, "notes", "Notes (optional)", NULL, VAL("notes"), deskweb_err(c, fe, "notes"));
    ui_button(h, "Add the stakeholder", false);
    HTML_LIT(h, "</form>");
#undef VAL
}

static void engagement_form(struct ctx *c, struct html *h, const struct desk_page *d,
                            const struct desk_stakeholder *sh, size_t nsh,
                            const struct desk_errs *e)
{
    bool post = e != NULL && strcmp(http_form_str(c->q, "form") ? http_form_str(c->q, "form") : "",
                                    "engagement") == 0;
    const struct desk_errs *fe = post ? e : NULL;
#define VAL(name) (post ? http_form_str(c->q, name) : NULL)
    HTML_LIT(h, "<h2 id=\"add-engagement\">Record a meeting or contact</h2>");
    if (nsh == 0) {
        HTML_LIT(h, "<p>Add the stakeholder first, then record your meetings with them.</p>");
        return;
    }
    HTML_LIT(h, "<form action=\"");
    html_url(h, arena_printf(c->a, "%s/engagements", d->base));
    HTML_LIT(h, "\" method=\"post\" novalidate>");
    ui_csrf(c, h);
    HTML_LIT(h, "<input type=\"hidden\" name=\"form\" value=\"engagement\">");
    deskweb_date_input(c, h, "date", "Date", "For example, 23 11 2026", post ? DATE_NONE : c->today,
                       fe);
    const char **v = ARENA_ARRAY(c->a, const char *, nsh + 1);
    const char **l = ARENA_ARRAY(c->a, const char *, nsh + 1);
    v[0] = "";
    l[0] = "Choose who";
    for (size_t i = 0; i < nsh; i++) {
        v[i + 1] = arena_printf(c->a, "%" PRId64, sh[i].id);
        l[i + 1] = *sh[i].organisation
                       ? arena_printf(c->a, "%s, %s", sh[i].name, sh[i].organisation)
                       : sh[i].name;
    }
    ui_select(h, "stakeholder", "Who it was with", v, l, nsh + 1, VAL("stakeholder"),
              deskweb_err(c, fe, "stakeholder"));
    ui_textarea(h, "purpose", "Purpose", NULL, VAL("purpose"), deskweb_err(c, fe, "purpose"));
    ui_textarea(h, "asks", "Asks made (optional)", "What the PCN asked of them", VAL("asks"),
                deskweb_err(c, fe, "asks"));
    ui_textarea(h, "commitments", "Commitments (optional)", "What each side agreed to do",
                VAL("commitments"), deskweb_err(c, fe, "commitments"));
    deskweb_date_input(c, h, "follow_up", "Follow-up due (optional)", "For example, 7 12 2026",
                       DATE_NONE, fe);
    ui_button(h, "Record the meeting", false);
    HTML_LIT(h, "</form>");
#undef VAL
}

/* Find an MP: a search of the bundled list (GET ?mp_q=...#mps), each result
 * one link to the add form filled in (?mp=CODE#add). */
static void mp_finder(struct ctx *c, struct html *h, const struct desk_page *d,
                      const struct mp_list *l, const char *load_error)
{
    const char *q = http_query(c->q, "mp_q");
    HTML_LIT(h, "<h2 id=\"mps\">Find an MP</h2>");
    if (load_error) {
        HTML_LIT(h, "<div class=\"nhsuk-inset-text\"><p>The list of MPs could not be read: ");
        html_text(h, deskweb_for_people(c, load_error));
        HTML_LIT(h, ". Add the MP with the form below instead.</p></div>");
        return;
    }
    bool too_long = q && strlen(q) > MPS_QUERY_MAX;
    struct ui_error qe = {"mp_q", "Search with 100 characters or fewer", NULL};
    HTML_LIT(h, "<p>The sitting MPs of the ");
    html_count(h, (int64_t)l->n);
    HTML_LIT(h, " Westminster constituencies, as the UK Parliament listed them on " MPS_AS_OF
                " (Open Parliament Licence v3.0).</p><form action=\"");
    html_url(h, arena_printf(c->a, "%s/stakeholders#mps", d->base));
    HTML_LIT(h, "\" method=\"get\" novalidate>");
    ui_input(h, "mp_q", "Constituency, MP, party or local authority",
             "For example, Leeds, or Rushmoor", "search", too_long ? NULL : q,
             "nhsuk-input--width-20", too_long ? &qe : NULL);
    ui_button(h, "Search", true);
    HTML_LIT(h, "</form>");
    if (!q || !*q || too_long)
        return;
    size_t found = 0;
    for (size_t i = 0; i < l->n; i++)
        found += mps_match(&l->v[i], q);
    if (found == 0) {
        HTML_LIT(h, "<p>No MP or constituency matches \"");
        html_text(h, q);
        HTML_LIT(h, "\".</p>");
        return;
    }
    HTML_LIT(h, "<p>");
    buf_add_count(h->b, (int64_t)found, "constituency matches", "constituencies match");
    if (found > MPS_SHOWN)
        buf_printf(h->b, ": the first %d are shown, add a word to narrow the search", MPS_SHOWN);
    HTML_LIT(h, ".</p>");
    ui_table_begin(h, "MPs found", "Constituency,MP,Party,Email,Add");
    size_t shown = 0;
    for (size_t i = 0; i < l->n && shown < MPS_SHOWN; i++) {
        const struct mp *mp = &l->v[i];
        if (!mps_match(mp, q))
            continue;
        shown++;
        ui_tr(h);
        ui_td_open(h, false);
        html_text(h, mp->pcon_name);
        HTML_LIT(h, "<br><span class=\"nhsuk-body-s\">");
        html_text(h, *mp->local_authorities ? mp->local_authorities : mp->region);
        HTML_LIT(h, "</span>");
        ui_td_close(h);
        ui_td(h, mp->full_title);
        ui_td(h, mp->party);
        ui_td_open(h, false);
        if (*mp->email) {
            HTML_LIT(h, "<a href=\"mailto:");
            html_attr(h, mp->email);
            HTML_LIT(h, "\">");
            html_text(h, mp->email);
            HTML_LIT(h, "</a>");
        } else {
            ui_none(h, "Not known");
        }
        ui_td_close(h);
        ui_td_open(h, false);
        HTML_LIT(h, "<a href=\"");
        html_url(h, arena_printf(c->a, "%s/stakeholders?mp=%s#add", d->base, mp->pcon_code));
        HTML_LIT(h, "\">Add<span class=\"nhsuk-u-visually-hidden\"> ");
        html_text(h, mp->full_title);
        HTML_LIT(h, " as a stakeholder</span></a>");
        ui_td_close(h);
    }
    ui_table_end(h);
}

/* A stakeholder's cell: the name (with the demo tag), role and
 * organisation, the neighbourhood team's partner it is with, and for an MP
 * the link to a brief. */
static void name_cell(struct ctx *c, struct html *h, const struct desk_page *d,
                      const struct desk_stakeholder *x, const struct demoweb_ids *demo,
                      const struct nbhd_link *links, size_t nlinks)
{
    ui_td_open(h, false);
    html_text(h, x->name);
    demoweb_tag_if(h, demo, x->id);
    if (*x->role_title || *x->organisation) {
        HTML_LIT(h, "<br><span class=\"nhsuk-body-s\">");
        html_text(h, x->role_title);
        if (*x->role_title && *x->organisation)
            HTML_LIT(h, ", ");
        html_text(h, x->organisation);
        HTML_LIT(h, "</span>");
    }
    for (size_t k = 0; k < nlinks; k++)
        if (links[k].stakeholder_id == x->id) {
            HTML_LIT(h, "<br><span class=\"nhsuk-body-s\">Partner of the "
                        "neighbourhood team: ");
            html_text(h, links[k].partner_name);
            HTML_LIT(h, "</span>");
        }
    if (x->kind == SH_MP) {
        HTML_LIT(h, "<br><a class=\"nhsuk-body-s\" href=\"");
        html_url(h, arena_printf(c->a, "%s/brief?audience=mp&with=%" PRId64, d->base, x->id));
        HTML_LIT(h, "\">Brief for a meeting<span class=\"nhsuk-u-visually-hidden\"> "
                    "with ");
        html_text(h, x->name);
        HTML_LIT(h, "</span></a>");
    }
    ui_td_close(h);
}

/* The register and its influence and interest grid. */
static void stakeholders_section(struct ctx *c, struct html *h, const struct desk_page *d,
                                 const struct desk_stakeholder *sh, size_t nsh)
{
    HTML_LIT(h, "<h2>Influence and interest</h2>");
    if (nsh == 0) {
        HTML_LIT(h, "<p>No stakeholders are recorded yet.</p>");
    } else {
        struct svg_grid_point *pts = ARENA_ARRAY(c->a, struct svg_grid_point, nsh);
        for (size_t i = 0; i < nsh; i++)
            pts[i] = (struct svg_grid_point){sh[i].interest, sh[i].influence,
                                             arena_printf(c->a, "%zu", i + 1)};
        static const char *const quadrants[4] = {"Monitor", "Keep informed", "Keep satisfied",
                                                 "Manage closely"};
        svg_grid_chart(h, "grid", "Stakeholders by influence and interest",
                       "Each numbered point is a stakeholder of the table below, placed by its "
                       "interest (across) and influence (up).",
                       "Interest", "Influence", DESK_GRID_MAX, DESK_GRID_HIGH - 1, quadrants, pts,
                       nsh);
        /* which partner of the neighbourhood team each belongs to (nbhd.h) */
        struct nbhd_link *links = NULL;
        size_t nlinks = 0;
        struct pcn_msg lm = {0};
        if (nbhd_links(c->db, d->pcn, c->a, &links, &nlinks, &lm)) {
            fprintf(stderr, "pcnops: stakeholders' partners: %s\n", lm.text);
            nlinks = 0;
        }
        ui_table_begin(h, "Stakeholders", ">Number,Name,Kind,>Influence,>Interest,Approach");
        struct demoweb_ids demo = demoweb_ids(c, d->pcn, DEMO_STAKEHOLDER);
        for (size_t i = 0; i < nsh; i++) {
            ui_tr(h);
            ui_td_count(h, (int64_t)i + 1);
            name_cell(c, h, d, &sh[i], &demo, links, nlinks);
            ui_td(h, desk_sh_kind_label(sh[i].kind));
            ui_td_count(h, sh[i].influence);
            ui_td_count(h, sh[i].interest);
            ui_td(h, desk_quadrant_label(desk_quadrant_of(sh[i].influence, sh[i].interest)));
        }
        ui_table_end(h);
    }
}

/* A meeting's follow-up: none, or its due date and state, with the button
 * that marks it done while it is not. */
static void followup_cell(struct ctx *c, struct html *h, const struct desk_page *d,
                          const struct desk_engagement *x, enum desk_followup fu)
{
    ui_td_open(h, false);
    if (fu == FU_NONE) {
        ui_none(h, "None");
    } else {
        HTML_LIT(h, "Due ");
        html_date(h, x->follow_up_due);
        HTML_LIT(h, " ");
        ui_tag(h, desk_followup_label(fu));
        if (fu != FU_DONE) {
            HTML_LIT(h, "<form action=\"");
            html_url(h, arena_printf(c->a, "%s/engagements/%" PRId64 "/done", d->base, x->id));
            HTML_LIT(h, "\" method=\"post\" novalidate>");
            ui_csrf(c, h);
            HTML_LIT(h, "<button class=\"nhsuk-button nhsuk-button--secondary "
                        "nhsuk-button--small pcnops-table-button\" "
                        "data-module=\"nhsuk-button\" type=\"submit\">Mark as done"
                        "<span class=\"nhsuk-u-visually-hidden\">: follow-up with ");
            html_text(h, x->stakeholder_name);
            HTML_LIT(h, "</span></button></form>");
        }
    }
    ui_td_close(h);
}

/* The engagement log, overdue follow-ups first. */
static void engagement_section(struct ctx *c, struct html *h, const struct desk_page *d,
                               const struct desk_engagement *g, size_t ng)
{
    HTML_LIT(h, "<h2 id=\"engagement\">Engagement log</h2>");
    if (ng == 0) {
        HTML_LIT(h, "<p>No meetings are recorded yet.</p>");
    } else {
        ui_table_begin(h, "Meetings and contacts, overdue follow-ups first",
                       "Date,With,Purpose and asks,Follow-up");
        struct demoweb_ids demo_g = demoweb_ids(c, d->pcn, DEMO_ENGAGEMENT);
        for (size_t i = 0; i < ng; i++) {
            enum desk_followup fu = desk_followup_state(&g[i], c->today);
            ui_tr(h);
            ui_td_open(h, false);
            html_date(h, g[i].date);
            ui_td_close(h);
            ui_td(h, g[i].stakeholder_name);
            ui_td_open(h, false);
            html_text(h, g[i].purpose);
            demoweb_tag_if(h, &demo_g, g[i].id);
            if (*g[i].asks) {
                HTML_LIT(h, "<br><span class=\"nhsuk-body-s\">Asks: ");
                html_text(h, g[i].asks);
                HTML_LIT(h, "</span>");
            }
            if (*g[i].commitments) {
                HTML_LIT(h, "<br><span class=\"nhsuk-body-s\">Commitments: ");
                html_text(h, g[i].commitments);
                HTML_LIT(h, "</span>");
            }
            ui_td_close(h);
            followup_cell(c, h, d, &g[i], fu);
        }
        ui_table_end(h);
    }
}

static void people_page(struct ctx *c, const struct desk_page *d, const struct desk_errs *e)
{
    struct mp_list mps = {0};
    struct pcn_msg mm = {0};
    const char *mps_error = NULL;
    struct prefill pf, *pfp = NULL;
    if (mps_load(mps_path(c->a, c->w->rules_dir), c->a, &mps, &mm))
        mps_error = arena_strndup(c->a, mm.text, strlen(mm.text));
    const struct mp *chosen = mps_error ? NULL : mps_find(&mps, http_query(c->q, "mp"));
    if (chosen) {
        struct mp_stakeholder st;
        mps_stakeholder(chosen, c->a, &st);
        pf = (struct prefill){.name = st.name,
                              .organisation = st.organisation,
                              .kind = desk_sh_kind_id(SH_MP),
                              .role_title = st.role_title,
                              .notes = st.notes};
        pfp = &pf;
    }
    struct html h = {&c->r->body};
    struct pcn_msg m = {0};
    struct desk_stakeholder *sh;
    struct desk_engagement *g;
    size_t nsh, ng;
    if (deskdb_stakeholders(c->db, d->pcn, c->a, &sh, &nsh, &m) ||
        deskdb_engagements(c->db, d->pcn, c->today, c->a, &g, &ng, &m)) {
        deskweb_fail(c, &m);
        return;
    }
    deskweb_begin(c, &h, d, "Stakeholders and engagement", "stakeholders", e);
    const char *done = http_query(c->q, "done");
    if (!e && done)
        deskweb_success(&h, strcmp(done, "engagement") == 0 ? "Meeting recorded"
                            : strcmp(done, "followup") == 0 ? "Follow-up marked as done"
                                                            : "Stakeholder added");
    HTML_LIT(&h, "<p>The people and organisations you speak to for the network: the ICB, "
                 "place, Integrated Neighbourhood Team (INT) partners, community and mental "
                 "health trusts, the local authority, the Local Medical Committee (LMC), the "
                 "training hub, MPs and candidates, and the voluntary sector.</p>");
    HTML_LIT(&h, "<p>A stakeholder who works for one of the neighbourhood team's partners can "
                 "be put with it on the <a href=\"");
    html_url(&h, arena_printf(c->a, "/pcn/%s/neighbourhood#link-stakeholder", d->pcn));
    HTML_LIT(&h, "\">neighbourhood team's page</a>.</p>");
    stakeholders_section(c, &h, d, sh, nsh);
    engagement_section(c, &h, d, g, ng);
    engagement_form(c, &h, d, sh, nsh, e);
    mp_finder(c, &h, d, &mps, mps_error);
    stakeholder_form(c, &h, d, e, pfp);
    deskweb_end(c, &h);
}

void page_desk_people(struct ctx *c)
{
    deskweb_show(c, false, people_page);
}

static int grid_value(struct ctx *c, const char *name)
{
    int64_t v;
    const char *s = http_form_str(c->q, name);
    return s && parse_i64(s, 1, 5, &v) == 0 ? (int)v : 0;
}

void page_desk_people_post(struct ctx *c)
{
    struct desk_post p;
    if (!deskweb_open_post(c, &p))
        return;
    struct desk_stakeholder s = {0};
    s.name = http_form_str(c->q, "name");
    s.organisation = http_form_str(c->q, "organisation");
    s.role_title = http_form_str(c->q, "role_title");
    s.notes = http_form_str(c->q, "notes");
    if (desk_sh_kind_parse(http_form_str(c->q, "kind"), &s.kind))
        s.kind = SH_COUNT;
    s.influence = grid_value(c, "influence");
    s.interest = grid_value(c, "interest");
    if (!s.organisation)
        s.organisation = "";
    if (!s.role_title)
        s.role_title = "";
    if (!s.notes)
        s.notes = "";
    int rc = deskdb_save_stakeholder(c->db, &p.w, p.d.pcn, &s, NULL, &p.e, &p.m);
    deskweb_post_end(c, &p, rc, people_page, "/stakeholders?done=stakeholder");
}

void page_desk_engagement_post(struct ctx *c)
{
    struct desk_post p;
    if (!deskweb_open_post(c, &p))
        return;
    struct desk_engagement g = {0};
    g.date = deskweb_form_date(c, "date", "The date", &p.e);
    g.follow_up_due = deskweb_form_date(c, "follow_up", "The follow-up date", &p.e);
    g.follow_up_done = DATE_NONE;
    const char *sid = http_form_str(c->q, "stakeholder");
    if (sid && *sid && parse_i64(sid, 1, INT64_MAX, &g.stakeholder_id))
        g.stakeholder_id = 0;
    g.purpose = http_form_str(c->q, "purpose");
    g.asks = http_form_str(c->q, "asks");
    g.commitments = http_form_str(c->q, "commitments");
    if (!g.asks)
        g.asks = "";
    if (!g.commitments)
        g.commitments = "";
    int rc = deskdb_add_engagement(c->db, &p.w, p.d.pcn, &g, c->today, NULL, &p.e, &p.m);
    deskweb_post_end(c, &p, rc, people_page, "/stakeholders?done=engagement#engagement");
}

void page_desk_followup_done(struct ctx *c)
{
    struct desk_post p;
    int64_t id;
    if (!deskweb_open_post_record(c, &p, &id))
        return;
    int rc = deskdb_followup_done(c->db, &p.w, p.d.pcn, id, c->today, &p.m);
    if (rc == PCN_ENOTFOUND || rc == PCN_EINVAL) {
        deskweb_not_found(c);
        return;
    }
    deskweb_done(c, rc, &p.m,
                 arena_printf(c->a, "%s/stakeholders?done=followup#engagement", p.d.base));
}

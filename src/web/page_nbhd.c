/* page_nbhd.c: the neighbourhood team (nbhd.h) under /pcn/CODE/neighbourhood:
 * the organisation's contract over time, the six core components of
 * neighbourhood health, the partner organisations and their leads, the
 * PCNs and practices sharing the footprint, the team's meetings and actions
 * (network.h, NETWORK_NEIGHBOURHOOD), and, for the clinical director and
 * PCN managers only (perm_read_desk), which of the desk's stakeholders
 * belong to which partner; and the JSON under
 * /api/v1/pcns/CODE/neighbourhood.  Whoever may read the PCN reads the
 * page; its managers and clinical director (and admins) change it. */
#include "common.h"
#include "deskdb.h"
#include "deskview.h"
#include "deskweb.h"
#include "nbhd.h"
#include "netweb.h"
#include "network.h"
#include "pages.h"
#include "perm.h"

#define ID(form, field) netweb_id(c, form, field)

/* Everything the page shows. */
struct nbhd_view {
    struct nbhd_list components_file, contracts_file;
    const char *problem; /* a data file could not be read */
    struct nbhd_contract *contracts;
    struct nbhd_component *components;
    struct nbhd_partner *partners;
    struct nbhd_lead *leads;
    struct nbhd_shared *shared;
    struct network_meeting *meetings;
    struct network_action *actions;
    struct nbhd_link *links;
    struct desk_stakeholder *stakeholders;
    size_t ncontracts, ncomponents, npartners, nleads, nshared, nmeetings, nactions, nlinks,
        nstakeholders;
    bool desk; /* the user sees the desk's stakeholders */
};

static void load_file(struct ctx *c, const char *file, struct nbhd_list *out, const char **problem)
{
    struct pcn_msg m = {0};
    if (nbhd_items_load(nbhd_data_path(c->a, c->w->rules_dir ? c->w->rules_dir : "rules", file),
                        c->a, out, &m)) {
        memset(out, 0, sizeof *out);
        if (!*problem)
            *problem = deskweb_for_people(c, m.text);
    }
}

static int gather(struct ctx *c, const char *pcn, struct nbhd_view *v, struct pcn_msg *m)
{
    memset(v, 0, sizeof *v);
    load_file(c, "components.csv", &v->components_file, &v->problem);
    load_file(c, "contracts.csv", &v->contracts_file, &v->problem);
    v->desk = perm_read_desk(c, pcn);
    int rc = nbhd_contracts(c->db, pcn, &v->contracts_file, c->a, &v->contracts, &v->ncontracts, m);
    if (!rc)
        rc = nbhd_components(c->db, pcn, &v->components_file, c->a, &v->components, &v->ncomponents,
                             m);
    if (!rc)
        rc = nbhd_partners(c->db, pcn, c->a, &v->partners, &v->npartners, m);
    if (!rc)
        rc = nbhd_leads(c->db, pcn, c->a, &v->leads, &v->nleads, m);
    if (!rc)
        rc = nbhd_footprint(c->db, pcn, c->today, c->a, &v->shared, &v->nshared, m);
    if (!rc)
        rc = network_meetings(c->db, pcn, NETWORK_NEIGHBOURHOOD, c->a, &v->meetings, &v->nmeetings,
                              m);
    if (!rc)
        rc = network_actions(c->db, pcn, NETWORK_NEIGHBOURHOOD, c->a, &v->actions, &v->nactions, m);
    if (!rc && v->desk)
        rc = nbhd_links(c->db, pcn, c->a, &v->links, &v->nlinks, m);
    if (!rc && v->desk)
        rc = deskdb_stakeholders(c->db, pcn, c->a, &v->stakeholders, &v->nstakeholders, m);
    return rc;
}

static void form_open(struct ctx *c, struct html *h, const struct net_page *p, const char *form,
                      const char *heading, const char *id)
{
    HTML_LIT(h, "<h3 id=\"");
    html_attr(h, id);
    HTML_LIT(h, "\">");
    html_text(h, heading);
    HTML_LIT(h, "</h3>");
    netweb_form_open(c, h, p, form);
}

/* A small form with one button that posts form=FORM and id=ID. */
static void button_form(struct ctx *c, struct html *h, const struct net_page *p, const char *form,
                        const char *id, const char *text, const char *hidden)
{
    HTML_LIT(h, "<form action=\"");
    html_url(h, p->base);
    HTML_LIT(h, "\" method=\"post\">");
    ui_csrf(c, h);
    HTML_LIT(h, "<input type=\"hidden\" name=\"form\" value=\"");
    html_attr(h, form);
    HTML_LIT(h, "\"><input type=\"hidden\" name=\"");
    html_attr(h, netweb_id(c, form, "id"));
    HTML_LIT(h, "\" value=\"");
    html_attr(h, id);
    HTML_LIT(h, "\"><button class=\"nhsuk-button nhsuk-button--secondary nhsuk-button--small "
                "nhsuk-u-margin-bottom-0\" type=\"submit\">");
    html_text(h, text);
    HTML_LIT(h, "<span class=\"nhsuk-u-visually-hidden\">: ");
    html_text(h, hidden);
    HTML_LIT(h, "</span></button></form>");
}

static const char **item_values(struct ctx *c, const struct nbhd_list *l, bool labels,
                                const char *first)
{
    const char **v = ARENA_ARRAY(c->a, const char *, l->n + 1);
    size_t k = 0;
    if (first)
        v[k++] = labels ? first : "";
    for (size_t i = 0; i < l->n; i++)
        v[k++] = labels ? l->v[i].name : l->v[i].code;
    return v;
}

/* Today's contract and the contracts over time. */
static void contract_section(struct ctx *c, struct html *h, const struct nbhd_view *v)
{
    HTML_LIT(h, "<h2 id=\"contract\">Contract</h2>");
    const struct nbhd_contract *now = nbhd_contract_on(v->contracts, v->ncontracts, c->today);
    if (now) {
        HTML_LIT(h, "<p>Today the organisation holds the ");
        html_text(h, now->name);
        HTML_LIT(h, ", from ");
        html_date(h, now->from);
        HTML_LIT(h, ".</p>");
    } else {
        HTML_LIT(h, "<p>No contract recorded for today.</p>");
    }
    if (v->ncontracts) {
        ui_table_begin(h, "Contracts over time, oldest first", "From,Contract,Note");
        for (size_t i = 0; i < v->ncontracts; i++) {
            ui_tr(h);
            ui_td_open(h, false);
            html_date(h, v->contracts[i].from);
            ui_td_close(h);
            ui_td(h, v->contracts[i].name);
            ui_td_open(h, false);
            html_text(h, v->contracts[i].note);
            ui_td_close(h);
        }
        ui_table_end(h);
    }
}

/* The six core components: each one's status, owner and next step. */
static void components_section(struct html *h, const struct nbhd_view *v)
{
    HTML_LIT(h, "<h2 id=\"components\">The core components of neighbourhood health</h2>");
    if (v->ncomponents) {
        HTML_LIT(h, "<p>As named by NHS England's neighbourhood health guidelines.</p>");
        ui_table_begin(h, "Each component's status, owner and next step",
                       "Component,Status,Owner,Next step");
        for (size_t i = 0; i < v->ncomponents; i++) {
            ui_tr(h);
            ui_td(h, v->components[i].name);
            ui_td_open(h, false);
            ui_tag(h, nbhd_status_label(v->components[i].status));
            ui_td_close(h);
            ui_td_open(h, false);
            html_text(h, v->components[i].owner);
            ui_td_close(h);
            ui_td_open(h, false);
            html_text(h, v->components[i].next_step);
            ui_td_close(h);
        }
        ui_table_end(h);
    }
}

/* The partner organisations and the named leads. */
static void partners_section(struct ctx *c, struct html *h, const struct net_page *p,
                             const struct nbhd_view *v)
{
    HTML_LIT(h, "<h2 id=\"partners\">Partner organisations</h2>");
    if (!v->npartners) {
        HTML_LIT(h, "<p>No partners recorded yet.</p>");
    } else {
        ui_table_begin(h, "Partner organisations", "Organisation,Kind,ODS code,Notes");
        for (size_t i = 0; i < v->npartners; i++) {
            ui_tr(h);
            ui_td(h, v->partners[i].name);
            ui_td(h, nbhd_kind_label(v->partners[i].kind));
            ui_td_open(h, false);
            if (*v->partners[i].ods_code)
                html_text(h, v->partners[i].ods_code);
            else
                ui_none(h, "None");
            ui_td_close(h);
            ui_td_open(h, false);
            html_text(h, v->partners[i].notes);
            ui_td_close(h);
        }
        ui_table_end(h);
    }
    HTML_LIT(h, "<h2 id=\"leads\">Named leads</h2>");
    if (!v->nleads) {
        HTML_LIT(h, "<p>No leads named yet.</p>");
    } else {
        ui_table_begin(h, "Named leads and their roles",
                       p->write ? "Name,Role,For,Change" : "Name,Role,For");
        for (size_t i = 0; i < v->nleads; i++) {
            ui_tr(h);
            ui_td(h, v->leads[i].name);
            ui_td(h, v->leads[i].role_title);
            ui_td(h, v->leads[i].partner_id ? v->leads[i].partner_name : p->pcn_name);
            if (p->write) {
                ui_td_open(h, false);
                button_form(c, h, p, "lead-remove", arena_printf(c->a, "%" PRId64, v->leads[i].id),
                            "Remove", v->leads[i].name);
                ui_td_close(h);
            }
        }
        ui_table_end(h);
    }
}

/* The other PCNs and practices sharing the footprint. */
static void footprint_section(struct ctx *c, struct html *h, const struct net_page *p,
                              const struct nbhd_view *v)
{
    HTML_LIT(h, "<h2 id=\"footprint\">Sharing the footprint</h2>");
    if (!v->nshared) {
        HTML_LIT(h, "<p>No other PCNs or practices recorded in this neighbourhood.</p>");
    } else {
        ui_table_begin(h, "Other PCNs and practices in the neighbourhood",
                       p->write ? "Organisation,Kind,Note,Change" : "Organisation,Kind,Note");
        for (size_t i = 0; i < v->nshared; i++) {
            ui_tr(h);
            ui_td(h, arena_printf(c->a, "%s (%s)", v->shared[i].name, v->shared[i].code));
            ui_td(h, org_kind_label(v->shared[i].kind));
            ui_td_open(h, false);
            html_text(h, v->shared[i].note);
            ui_td_close(h);
            if (p->write) {
                ui_td_open(h, false);
                button_form(c, h, p, "footprint-remove", v->shared[i].code, "Remove",
                            v->shared[i].code);
                ui_td_close(h);
            }
        }
        ui_table_end(h);
    }
}

/* The neighbourhood team's meetings and actions. */
static void meetings_section(struct ctx *c, struct html *h, const struct net_page *p,
                             const struct nbhd_view *v)
{
    HTML_LIT(h, "<h2 id=\"meetings\">Meetings and actions</h2>");
    if (!v->nmeetings)
        HTML_LIT(h, "<p>No meetings of the neighbourhood team recorded yet.</p>");
    else {
        ui_table_begin(h, "Meetings of the neighbourhood team, newest first", "Date,Meeting,Notes");
        for (size_t i = 0; i < v->nmeetings; i++) {
            ui_tr(h);
            ui_td_open(h, false);
            html_date(h, v->meetings[i].date);
            ui_td_close(h);
            ui_td(h, v->meetings[i].title);
            ui_td_open(h, false);
            html_text(h, v->meetings[i].agenda);
            ui_td_close(h);
        }
        ui_table_end(h);
    }
    if (v->nactions) {
        ui_table_begin(h, "Actions, open ones first by due date",
                       p->write ? "Action,Owner,Due,Status,Change" : "Action,Owner,Due,Status");
        for (size_t i = 0; i < v->nactions; i++) {
            const struct network_action *x = &v->actions[i];
            ui_tr(h);
            ui_td(h, x->what);
            ui_td(h, x->owner);
            ui_td_open(h, false);
            html_date(h, x->due);
            ui_td_close(h);
            ui_td_open(h, false);
            ui_tag(h, x->done_on != DATE_NONE ? "Done"
                      : x->due < c->today     ? "Overdue"
                      : x->due == c->today    ? "Due today"
                                              : "Open");
            ui_td_close(h);
            if (p->write) {
                ui_td_open(h, false);
                if (x->done_on == DATE_NONE)
                    button_form(c, h, p, "action-done", arena_printf(c->a, "%" PRId64, x->id),
                                "Mark done", x->what);
                ui_td_close(h);
            }
        }
        ui_table_end(h);
    }
}

/* The desk's stakeholders by partner: the clinical director's and the
 * managers' only. */
static void stakeholders_section(struct html *h, const struct nbhd_view *v)
{
    if (v->desk) {
        HTML_LIT(h, "<h2 id=\"stakeholders\">Stakeholders of each partner</h2><p>From the "
                    "clinical director's stakeholder register; only the clinical director and "
                    "PCN managers see this.</p>");
        if (!v->nlinks) {
            HTML_LIT(h, "<p>No stakeholder is with a partner yet.</p>");
        } else {
            ui_table_begin(h, "Stakeholders by partner", "Partner,Stakeholder");
            for (size_t i = 0; i < v->nlinks; i++) {
                ui_tr(h);
                ui_td(h, v->links[i].partner_name);
                ui_td(h, v->links[i].stakeholder_name);
            }
            ui_table_end(h);
        }
    }
}

/* The partners as a select's values and labels, `first` (value "") on top. */
static void partner_choices(struct ctx *c, const struct nbhd_view *v, const char *first,
                            const char ***pv, const char ***pl)
{
    const char **vv = ARENA_ARRAY(c->a, const char *, v->npartners + 1);
    const char **ll = ARENA_ARRAY(c->a, const char *, v->npartners + 1);
    vv[0] = "";
    ll[0] = first;
    for (size_t i = 0; i < v->npartners; i++) {
        vv[i + 1] = arena_printf(c->a, "%" PRId64, v->partners[i].id);
        ll[i + 1] = v->partners[i].name;
    }
    *pv = vv;
    *pl = ll;
}

static void contract_form(struct ctx *c, struct html *h, const struct net_page *p,
                          const struct nbhd_view *v, const struct desk_errs *e)
{
    const struct desk_errs *fe = netweb_errs(c, "contract", e);
    const char *F = "contract";
    form_open(c, h, p, "contract", "Record the contract", "set-contract");
    deskweb_date_input(c, h, ID(F, "from"), "Held from", "For example, 1 4 2027",
                       fe ? DATE_NONE : c->today, fe);
    ui_radios(h, ID(F, "contract"), "Contract", NULL,
              item_values(c, &v->contracts_file, false, NULL),
              item_values(c, &v->contracts_file, true, NULL), v->contracts_file.n,
              netweb_val(c, "contract", "contract"), deskweb_err(c, fe, ID(F, "contract")));
    ui_textarea(h, ID(F, "note"), "Note (optional)", NULL, netweb_val(c, "contract", "note"),
                deskweb_err(c, fe, ID(F, "note")));
    ui_button(h, "Save the contract", false);
    HTML_LIT(h, "</form>");
}

static void component_form(struct ctx *c, struct html *h, const struct net_page *p,
                           const struct nbhd_view *v, const struct desk_errs *e)
{
    const struct desk_errs *fe = netweb_errs(c, "component", e);
    const char *F = "component";
    form_open(c, h, p, "component", "Update a component", "set-component");
    ui_select(h, ID(F, "component"), "Component",
              item_values(c, &v->components_file, false, "Choose the component"),
              item_values(c, &v->components_file, true, "Choose the component"),
              v->components_file.n + 1, netweb_val(c, "component", "component"),
              deskweb_err(c, fe, ID(F, "component")));
    const char *sv[NS_COUNT], *sl[NS_COUNT];
    for (int i = 0; i < NS_COUNT; i++) {
        sv[i] = nbhd_status_id((enum nbhd_status)i);
        sl[i] = nbhd_status_label((enum nbhd_status)i);
    }
    ui_radios(h, ID(F, "status"), "Status", NULL, sv, sl, NS_COUNT,
              netweb_val(c, "component", "status"), deskweb_err(c, fe, ID(F, "status")));
    ui_input(h, ID(F, "owner"), "Owner (optional)", NULL, "text",
             netweb_val(c, "component", "owner"), "nhsuk-input--width-20",
             deskweb_err(c, fe, ID(F, "owner")));
    ui_textarea(h, ID(F, "next_step"), "Next step (optional)", NULL,
                netweb_val(c, "component", "next_step"), deskweb_err(c, fe, ID(F, "next_step")));
    ui_button(h, "Save the component", false);
    HTML_LIT(h, "</form>");
}

static void partner_form(struct ctx *c, struct html *h, const struct net_page *p,
                         const struct desk_errs *e)
{
    const struct desk_errs *fe = netweb_errs(c, "partner", e);
    const char *F = "partner";
    form_open(c, h, p, "partner", "Add a partner organisation", "add-partner");
    ui_input(h, ID(F, "name"), "Organisation", NULL, "text", netweb_val(c, "partner", "name"),
             "nhsuk-input--width-30", deskweb_err(c, fe, ID(F, "name")));
    const char *kv[NK_COUNT + 1], *kl[NK_COUNT + 1];
    kv[0] = "";
    kl[0] = "Choose the kind";
    for (int i = 0; i < NK_COUNT; i++) {
        kv[i + 1] = nbhd_kind_id((enum nbhd_kind)i);
        kl[i + 1] = nbhd_kind_label((enum nbhd_kind)i);
    }
    ui_select(h, ID(F, "kind"), "Kind of organisation", kv, kl, NK_COUNT + 1,
              netweb_val(c, "partner", "kind"), deskweb_err(c, fe, ID(F, "kind")));
    ui_input(h, ID(F, "ods_code"), "ODS code (optional)",
             "For example, RYJ for an NHS trust or FA008 for a pharmacy; leave it empty if "
             "it has none",
             "text", netweb_val(c, "partner", "ods_code"), "nhsuk-input--width-10",
             deskweb_err(c, fe, ID(F, "ods_code")));
    ui_textarea(h, ID(F, "notes"), "Notes (optional)", NULL, netweb_val(c, "partner", "notes"),
                deskweb_err(c, fe, ID(F, "notes")));
    ui_button(h, "Add the partner", false);
    HTML_LIT(h, "</form>");
}

static void lead_form(struct ctx *c, struct html *h, const struct net_page *p,
                      const struct nbhd_view *v, const struct desk_errs *e)
{
    const struct desk_errs *fe = netweb_errs(c, "lead", e);
    const char *F = "lead";
    form_open(c, h, p, "lead", "Name a lead", "add-lead");
    ui_input(h, ID(F, "name"), "Name", NULL, "text", netweb_val(c, "lead", "name"),
             "nhsuk-input--width-20", deskweb_err(c, fe, ID(F, "name")));
    ui_input(h, ID(F, "role"), "Role", "For example, INT lead or Community nursing lead", "text",
             netweb_val(c, "lead", "role"), "nhsuk-input--width-20",
             deskweb_err(c, fe, ID(F, "role")));
    const char **pv, **pl;
    partner_choices(c, v, p->pcn_name, &pv, &pl);
    ui_select(h, ID(F, "partner"), "Lead for", pv, pl, v->npartners + 1,
              netweb_val(c, "lead", "partner"), deskweb_err(c, fe, ID(F, "partner")));
    ui_button(h, "Add the lead", false);
    HTML_LIT(h, "</form>");
}

static void footprint_form(struct ctx *c, struct html *h, const struct net_page *p,
                           const struct desk_errs *e)
{
    const struct desk_errs *fe = netweb_errs(c, "footprint", e);
    const char *F = "footprint";
    form_open(c, h, p, "footprint", "Add a PCN or practice sharing the footprint", "add-footprint");
    ui_input(h, ID(F, "code"), "ODS code of the PCN or GP practice",
             "For example, U12345 or K82070", "text", netweb_val(c, "footprint", "code"),
             "nhsuk-input--width-10", deskweb_err(c, fe, ID(F, "code")));
    ui_textarea(h, ID(F, "note"), "Note (optional)", NULL, netweb_val(c, "footprint", "note"),
                deskweb_err(c, fe, ID(F, "note")));
    ui_button(h, "Add it", false);
    HTML_LIT(h, "</form>");
}

static void meeting_form(struct ctx *c, struct html *h, const struct net_page *p,
                         const struct desk_errs *e)
{
    const struct desk_errs *fe = netweb_errs(c, "meeting", e);
    const char *F = "meeting";
    form_open(c, h, p, "meeting", "Record a meeting of the neighbourhood team", "add-meeting");
    deskweb_date_input(c, h, ID(F, "date"), "Date of the meeting", "For example, 23 11 2026",
                       fe ? DATE_NONE : c->today, fe);
    ui_input(h, ID(F, "title"), "Meeting", "For example, INT board", "text",
             netweb_val(c, "meeting", "title"), "nhsuk-input--width-20",
             deskweb_err(c, fe, ID(F, "title")));
    ui_textarea(h, ID(F, "agenda"), "What was discussed and agreed (optional)", NULL,
                netweb_val(c, "meeting", "agenda"), deskweb_err(c, fe, ID(F, "agenda")));
    ui_button(h, "Record the meeting", false);
    HTML_LIT(h, "</form>");
}

static void action_form(struct ctx *c, struct html *h, const struct net_page *p,
                        const struct desk_errs *e)
{
    const struct desk_errs *fe = netweb_errs(c, "action", e);
    const char *F = "action";
    form_open(c, h, p, "action", "Add an action", "add-action");
    ui_textarea(h, ID(F, "what"), "What is to be done", NULL, netweb_val(c, "action", "what"),
                deskweb_err(c, fe, ID(F, "what")));
    ui_input(h, ID(F, "owner"), "Who owns it", "A person, or a partner", "text",
             netweb_val(c, "action", "owner"), "nhsuk-input--width-20",
             deskweb_err(c, fe, ID(F, "owner")));
    deskweb_date_input(c, h, ID(F, "due"), "Due", "For example, 15 1 2027", DATE_NONE, fe);
    ui_button(h, "Add the action", false);
    HTML_LIT(h, "</form>");
}

static void link_form(struct ctx *c, struct html *h, const struct net_page *p,
                      const struct nbhd_view *v, const struct desk_errs *e)
{
    const struct desk_errs *fe = netweb_errs(c, "link", e);
    const char *F = "link";
    form_open(c, h, p, "link", "Put a stakeholder with a partner", "link-stakeholder");
    const char **sv2 = ARENA_ARRAY(c->a, const char *, v->nstakeholders + 1);
    const char **sl2 = ARENA_ARRAY(c->a, const char *, v->nstakeholders + 1);
    sv2[0] = "";
    sl2[0] = "Choose the stakeholder";
    for (size_t i = 0; i < v->nstakeholders; i++) {
        sv2[i + 1] = arena_printf(c->a, "%" PRId64, v->stakeholders[i].id);
        sl2[i + 1] = v->stakeholders[i].name;
    }
    ui_select(h, ID(F, "stakeholder"), "Stakeholder", sv2, sl2, v->nstakeholders + 1,
              netweb_val(c, "link", "stakeholder"), deskweb_err(c, fe, ID(F, "stakeholder")));
    const char **pv, **pl;
    partner_choices(c, v, "None", &pv, &pl);
    ui_select(h, ID(F, "partner"), "Partner", pv, pl, v->npartners + 1,
              netweb_val(c, "link", "partner"), deskweb_err(c, fe, ID(F, "partner")));
    ui_button(h, "Save", false);
    HTML_LIT(h, "</form>");
}

static void page(struct ctx *c, const struct net_page *p, const struct desk_errs *e)
{
    struct html h = {&c->r->body};
    struct pcn_msg m = {0};
    struct nbhd_view v;
    if (gather(c, p->pcn, &v, &m)) {
        deskweb_fail(c, &m);
        return;
    }
    netweb_begin(c, &h, p, "Neighbourhood team", "Neighbourhood team", NULL, NULL, e);
    const char *done = http_query(c->q, "done");
    if (done && !(e && e->n))
        deskweb_success(&h, "Saved");
    HTML_LIT(&h, "<p>The neighbourhood the PCN works in: its partner organisations and leads, "
                 "who else shares the footprint, and how far each of the six core components "
                 "of neighbourhood health has come.</p>");
    if (v.problem)
        deskweb_warning(&h, "The list of components or contracts could not be read", v.problem);

    contract_section(c, &h, &v);
    components_section(&h, &v);
    partners_section(c, &h, p, &v);
    footprint_section(c, &h, p, &v);
    meetings_section(c, &h, p, &v);
    stakeholders_section(&h, &v);
    if (p->write) {
        HTML_LIT(&h, "<h2>Record the neighbourhood</h2>");
        contract_form(c, &h, p, &v, e);
        component_form(c, &h, p, &v, e);
        partner_form(c, &h, p, e);
        lead_form(c, &h, p, &v, e);
        footprint_form(c, &h, p, e);
        meeting_form(c, &h, p, e);
        action_form(c, &h, p, e);
        if (v.desk && v.nstakeholders && v.npartners)
            link_form(c, &h, p, &v, e);
    }
    netweb_end(c, &h);
}

void page_nbhd(struct ctx *c)
{
    struct net_page p;
    if (!netweb_open(c, "neighbourhood", false, &p))
        return;
    page(c, &p, NULL);
}

void page_nbhd_post(struct ctx *c)
{
    struct net_page p;
    struct desk_errs e = {0};
    struct pcn_msg m = {0};
    struct desk_actor w;
    if (!netweb_open_post(c, "neighbourhood", &p, &w))
        return;
    const char *form = netweb_str(c, "form");
    const char *problem = NULL;
    struct nbhd_list comps, contracts;
    load_file(c, "components.csv", &comps, &problem);
    load_file(c, "contracts.csv", &contracts, &problem);
    int rc;
    if (strcmp(form, "contract") == 0) {
        date_t from = netweb_form_date(c, form, "from", "The date it holds from", &e);
        rc = nbhd_set_contract(c->db, &w, p.pcn, &contracts, from,
                               netweb_str(c, ID(form, "contract")), netweb_str(c, ID(form, "note")),
                               c->today, &e, &m);
    } else if (strcmp(form, "component") == 0) {
        struct nbhd_component x = {.code = netweb_str(c, ID(form, "component")),
                                   .status = NS_COUNT,
                                   .owner = netweb_str(c, ID(form, "owner")),
                                   .next_step = netweb_str(c, ID(form, "next_step"))};
        if (nbhd_status_parse(netweb_str(c, ID(form, "status")), &x.status))
            x.status = NS_COUNT;
        rc = nbhd_set_component(c->db, &w, p.pcn, &comps, &x, &e, &m);
    } else if (strcmp(form, "partner") == 0) {
        struct nbhd_partner x = {.name = netweb_str(c, ID(form, "name")),
                                 .kind = NK_COUNT,
                                 .ods_code = netweb_str(c, ID(form, "ods_code")),
                                 .notes = netweb_str(c, ID(form, "notes"))};
        if (nbhd_kind_parse(netweb_str(c, ID(form, "kind")), &x.kind))
            x.kind = NK_COUNT;
        rc = nbhd_save_partner(c->db, &w, p.pcn, &x, NULL, &e, &m);
    } else if (strcmp(form, "lead") == 0) {
        struct nbhd_lead x = {.partner_id = netweb_form_id(c, ID(form, "partner")),
                              .name = netweb_str(c, ID(form, "name")),
                              .role_title = netweb_str(c, ID(form, "role"))};
        if (*netweb_str(c, ID(form, "partner")) && !x.partner_id)
            x.partner_id = -1;
        rc = nbhd_add_lead(c->db, &w, p.pcn, &x, NULL, &e, &m);
    } else if (strcmp(form, "lead-remove") == 0) {
        rc = nbhd_remove_lead(c->db, &w, p.pcn, netweb_form_id(c, ID(form, "id")), &m);
    } else if (strcmp(form, "footprint") == 0) {
        rc = nbhd_add_footprint(c->db, &w, p.pcn, netweb_str(c, ID(form, "code")),
                                netweb_str(c, ID(form, "note")), c->today, &e, &m);
    } else if (strcmp(form, "footprint-remove") == 0) {
        rc = nbhd_remove_footprint(c->db, &w, p.pcn, netweb_str(c, ID(form, "id")), &m);
    } else if (strcmp(form, "meeting") == 0) {
        struct network_meeting mt = {.area = NETWORK_NEIGHBOURHOOD,
                                     .title = netweb_str(c, ID(form, "title")),
                                     .agenda = netweb_str(c, ID(form, "agenda"))};
        mt.date = netweb_form_date(c, form, "date", "The date of the meeting", &e);
        rc = network_meeting_add(c->db, &w, p.pcn, &mt, c->today, NULL, &e, &m);
    } else if (strcmp(form, "action") == 0) {
        struct network_action x = {.area = NETWORK_NEIGHBOURHOOD,
                                   .what = netweb_str(c, ID(form, "what")),
                                   .owner = netweb_str(c, ID(form, "owner"))};
        x.due = netweb_form_date(c, form, "due", "The due date", &e);
        rc = network_action_add(c->db, &w, p.pcn, &x, c->today, NULL, &e, &m);
    } else if (strcmp(form, "action-done") == 0) {
        rc = network_action_done(c->db, &w, p.pcn, netweb_form_id(c, ID(form, "id")), c->today, &m);
        if (rc == PCN_EINVAL)
            rc = PCN_ENOTFOUND;
    } else if (strcmp(form, "link") == 0) {
        if (!perm_write_desk(c, p.pcn)) {
            netweb_refuse(c, &p);
            return;
        }
        int64_t part = netweb_form_id(c, ID(form, "partner"));
        if (*netweb_str(c, ID(form, "partner")) && !part)
            part = -1;
        rc = nbhd_link_stakeholder(c->db, &w, p.pcn, netweb_form_id(c, ID(form, "stakeholder")),
                                   part, &e, &m);
    } else {
        desk_errs_add(&e, "form", "The form sent is not one of this page's");
        rc = PCN_EINVAL;
    }
    if (rc == PCN_ENOTFOUND && !e.n) {
        deskweb_not_found(c);
        return;
    }
    if (rc == PCN_EINVAL || e.n) {
        netweb_form_failed(c, form, &e);
        page(c, &p, &e);
        return;
    }
    deskweb_done(c, rc, &m, arena_printf(c->a, "%s?done=%s", p.base, form));
}

void api_nbhd(struct ctx *c)
{
    struct net_page p;
    struct pcn_msg m = {0};
    struct nbhd_view v;
    if (!netweb_open(c, "neighbourhood", false, &p))
        return;
    if (gather(c, p.pcn, &v, &m)) {
        deskweb_fail(c, &m);
        return;
    }
    json_t *jc = json_array(), *jk = json_array(), *jp = json_array(), *jl = json_array(),
           *jf = json_array(), *jm = json_array(), *ja = json_array();
    for (size_t i = 0; i < v.ncontracts; i++)
        json_array_append_new(jc, nbhd_contract_json(&v.contracts[i]));
    for (size_t i = 0; i < v.ncomponents; i++)
        json_array_append_new(jk, nbhd_component_json(&v.components[i]));
    for (size_t i = 0; i < v.npartners; i++)
        json_array_append_new(jp, nbhd_partner_json(&v.partners[i]));
    for (size_t i = 0; i < v.nleads; i++)
        json_array_append_new(jl, nbhd_lead_json(&v.leads[i]));
    for (size_t i = 0; i < v.nshared; i++)
        json_array_append_new(jf, nbhd_shared_json(&v.shared[i]));
    for (size_t i = 0; i < v.nmeetings; i++)
        json_array_append_new(jm, network_meeting_json(&v.meetings[i]));
    for (size_t i = 0; i < v.nactions; i++)
        json_array_append_new(ja, network_action_json(&v.actions[i], c->today));
    const struct nbhd_contract *now = nbhd_contract_on(v.contracts, v.ncontracts, c->today);
    json_t *j = json_pack("{s:s,s:s,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o}", "pcn", p.pcn, "name",
                          p.pcn_name, "contract_today", now ? nbhd_contract_json(now) : json_null(),
                          "contracts", jc, "components", jk, "partners", jp, "leads", jl,
                          "footprint", jf, "meetings", jm, "actions", ja);
    json_object_set_new(j, "data_problem", v.problem ? json_string(v.problem) : json_null());
    deskweb_reply(c, 200, j);
}

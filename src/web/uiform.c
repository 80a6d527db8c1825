/* uiform.c: the form fields of the NHS design system (uiform.h). */
#include "common.h"
#include "uiform.h"
#include "http.h"

static bool field_has_error(const struct ui_error *err, const char *id)
{
    return err && err->field && strcmp(err->field, id) == 0;
}

static void error_message(struct html *h, const char *id, const struct ui_error *err)
{
    HTML_LIT(h, "<span class=\"nhsuk-error-message\" id=\"");
    html_attr(h, id);
    HTML_LIT(h, "-error\"><span class=\"nhsuk-u-visually-hidden\">Error:</span> ");
    html_text(h, err->text);
    HTML_LIT(h, "</span>");
}

/* The start of a form group: the caller closes the class attribute. */
static void group_open(struct html *h, bool bad)
{
    HTML_LIT(h, "<div class=\"nhsuk-form-group");
    if (bad)
        HTML_LIT(h, " nhsuk-form-group--error");
}

static void hint_div(struct html *h, const char *id, const char *hint)
{
    if (hint) {
        HTML_LIT(h, "<div class=\"nhsuk-hint\" id=\"");
        html_attr(h, id);
        HTML_LIT(h, "-hint\">");
        html_text(h, hint);
        HTML_LIT(h, "</div>");
    }
}

static void label_hint(struct html *h, const char *id, const char *label, const char *hint)
{
    HTML_LIT(h, "<label class=\"nhsuk-label\" for=\"");
    html_attr(h, id);
    HTML_LIT(h, "\">");
    html_text(h, label);
    HTML_LIT(h, "</label>");
    hint_div(h, id, hint);
}

/* A form group with its label, hint and error message (err NULL: none). */
static void field_open(struct html *h, const char *id, const char *label, const char *hint,
                       const struct ui_error *err)
{
    group_open(h, err != NULL);
    HTML_LIT(h, "\">");
    label_hint(h, id, label, hint);
    if (err)
        error_message(h, id, err);
}

static void legend_hint(struct html *h, const char *id, const char *legend, const char *hint)
{
    HTML_LIT(h, "><legend class=\"nhsuk-fieldset__legend nhsuk-fieldset__legend--s\">");
    html_text(h, legend);
    HTML_LIT(h, "</legend>");
    hint_div(h, id, hint);
}

static void described_by(struct html *h, const char *id, bool hint, bool bad)
{
    if (!hint && !bad)
        return;
    HTML_LIT(h, " aria-describedby=\"");
    if (hint) {
        html_attr(h, id);
        HTML_LIT(h, "-hint");
    }
    if (bad) {
        if (hint)
            HTML_LIT(h, " ");
        html_attr(h, id);
        HTML_LIT(h, "-error");
    }
    HTML_LIT(h, "\"");
}

static void input_field(struct html *h, const char *id, const char *label, const char *hint,
                        const char *type, const char *value, const char *width_class,
                        const char *autocomplete, const struct ui_error *err, bool money)
{
    bool bad = field_has_error(err, id);
    field_open(h, id, label, hint, bad ? err : NULL);
    if (money)
        HTML_LIT(h, "<div class=\"nhsuk-input-wrapper\"><div class=\"nhsuk-input-wrapper__prefix\" "
                    "aria-hidden=\"true\">\xC2\xA3</div>");
    HTML_LIT(h, "<input class=\"nhsuk-input");
    if (width_class) {
        HTML_LIT(h, " ");
        html_attr(h, width_class);
    }
    if (bad)
        HTML_LIT(h, " nhsuk-input--error");
    HTML_LIT(h, "\" id=\"");
    html_attr(h, id);
    HTML_LIT(h, "\" name=\"");
    html_attr(h, id);
    HTML_LIT(h, "\" type=\"");
    html_attr(h, type);
    HTML_LIT(h, "\" value=\"");
    html_attr(h, value ? value : "");
    HTML_LIT(h, "\"");
    if (autocomplete) {
        HTML_LIT(h, " autocomplete=\"");
        html_attr(h, autocomplete);
        HTML_LIT(h, "\"");
    }
    if (money)
        HTML_LIT(h, " inputmode=\"decimal\"");
    described_by(h, id, hint != NULL, bad);
    HTML_LIT(h, ">");
    if (money)
        HTML_LIT(h, "</div>");
    HTML_LIT(h, "</div>");
}

void ui_input(struct html *h, const char *id, const char *label, const char *hint, const char *type,
              const char *value, const char *width_class, const struct ui_error *err)
{
    input_field(h, id, label, hint, type, value, width_class, NULL, err, false);
}

void ui_input_auto(struct html *h, const char *id, const char *label, const char *hint,
                   const char *type, const char *value, const char *autocomplete,
                   const char *width_class, const struct ui_error *err)
{
    input_field(h, id, label, hint, type, value, width_class, autocomplete, err, false);
}

void ui_input_money(struct html *h, const char *id, const char *label, const char *hint,
                    const char *value, const struct ui_error *err)
{
    input_field(h, id, label, hint, "text", value, "nhsuk-input--width-10", NULL, err, true);
}

/* A select after its label: the options, selected chosen, and the end of
 * the form group. */
static void select_body(struct html *h, const char *id, const char *const *values,
                        const char *const *labels, size_t n, const char *selected, bool bad)
{
    HTML_LIT(h, "<select class=\"nhsuk-select");
    if (bad)
        HTML_LIT(h, " nhsuk-select--error");
    HTML_LIT(h, "\" id=\"");
    html_attr(h, id);
    HTML_LIT(h, "\" name=\"");
    html_attr(h, id);
    HTML_LIT(h, "\"");
    described_by(h, id, false, bad);
    HTML_LIT(h, ">");
    for (size_t i = 0; i < n; i++) {
        HTML_LIT(h, "<option value=\"");
        html_attr(h, values[i]);
        HTML_LIT(h, "\"");
        if (selected && strcmp(selected, values[i]) == 0)
            HTML_LIT(h, " selected");
        HTML_LIT(h, ">");
        html_text(h, labels[i]);
        HTML_LIT(h, "</option>");
    }
    HTML_LIT(h, "</select></div>");
}

void ui_select(struct html *h, const char *id, const char *label, const char *const *values,
               const char *const *labels, size_t n, const char *selected,
               const struct ui_error *err)
{
    bool bad = field_has_error(err, id);
    field_open(h, id, label, NULL, bad ? err : NULL);
    select_body(h, id, values, labels, n, selected, bad);
}

void ui_select_in_table(struct html *h, const char *id, const char *label,
                        const char *const *values, const char *const *labels, size_t n,
                        const char *selected, const struct ui_error *err)
{
    bool bad = field_has_error(err, id);
    group_open(h, bad);
    HTML_LIT(h, " pcnops-table-field\"><label class=\"nhsuk-label nhsuk-u-visually-hidden\" "
                "for=\"");
    html_attr(h, id);
    HTML_LIT(h, "\">");
    html_text(h, label);
    HTML_LIT(h, "</label>");
    if (bad)
        error_message(h, id, err);
    select_body(h, id, values, labels, n, selected, bad);
}

void ui_date_input(struct html *h, const char *id, const char *legend, const char *hint,
                   const char *day, const char *month, const char *year, const struct ui_error *err)
{
    bool bad = field_has_error(err, id);
    static const char *const parts[3] = {"day", "month", "year"};
    static const char *const names[3] = {"Day", "Month", "Year"};
    const char *vals[3] = {day, month, year};
    group_open(h, bad);
    HTML_LIT(h, "\"><fieldset class=\"nhsuk-fieldset\" role=\"group\"");
    described_by(h, id, hint != NULL, bad);
    legend_hint(h, id, legend, hint);
    if (bad)
        error_message(h, id, err);
    HTML_LIT(h, "<div class=\"nhsuk-date-input\" id=\"");
    html_attr(h, id);
    HTML_LIT(h, "\">");
    for (int i = 0; i < 3; i++) {
        HTML_LIT(h, "<div class=\"nhsuk-date-input__item\"><div class=\"nhsuk-form-group\">"
                    "<label class=\"nhsuk-label nhsuk-date-input__label\" for=\"");
        html_attr(h, id);
        HTML_LIT(h, "-");
        html_attr(h, parts[i]);
        HTML_LIT(h, "\">");
        html_text(h, names[i]);
        HTML_LIT(h, "</label><input class=\"nhsuk-input nhsuk-date-input__input ");
        HTML_LIT(h, "nhsuk-input--width-");
        html_text(h, i == 2 ? "4" : "2");
        if (bad)
            HTML_LIT(h, " nhsuk-input--error");
        HTML_LIT(h, "\" id=\"");
        html_attr(h, id);
        HTML_LIT(h, "-");
        html_attr(h, parts[i]);
        HTML_LIT(h, "\" name=\"");
        html_attr(h, id);
        HTML_LIT(h, "-");
        html_attr(h, parts[i]);
        HTML_LIT(h, "\" type=\"text\" inputmode=\"numeric\" value=\"");
        html_attr(h, vals[i] ? vals[i] : "");
        HTML_LIT(h, "\"></div></div>");
    }
    HTML_LIT(h, "</div></fieldset></div>");
}

int ui_form_date(struct http_req *q, const char *id, date_t *out, bool *empty)
{
    char name[96];
    const char *v[3];
    static const char *const parts[3] = {"day", "month", "year"};
    int64_t n[3];
    *empty = true;
    for (int i = 0; i < 3; i++) {
        snprintf(name, sizeof name, "%s-%s", id, parts[i]);
        v[i] = http_form_str(q, name);
        if (v[i] && *v[i])
            *empty = false;
    }
    if (*empty)
        return PCN_EINVAL;
    for (int i = 0; i < 3; i++)
        if (!v[i] || parse_i64(v[i], 1, 9999, &n[i]))
            return PCN_EINVAL;
    if (!date_valid_ymd((int)n[2], (int)n[1], (int)n[0]))
        return PCN_EINVAL;
    *out = date_from_ymd((int)n[2], (int)n[1], (int)n[0]);
    return 0;
}

void ui_date_parts(struct arena *a, date_t t, const char **day, const char **month,
                   const char **year)
{
    int y, m, d;
    if (t == DATE_NONE) {
        *day = *month = *year = NULL;
        return;
    }
    date_to_ymd(t, &y, &m, &d);
    *day = arena_printf(a, "%d", d);
    *month = arena_printf(a, "%d", m);
    *year = arena_printf(a, "%d", y);
}

/* ---- choices, text areas and buttons ------------------------------------ */

void ui_textarea(struct html *h, const char *id, const char *label, const char *hint,
                 const char *value, const struct ui_error *err)
{
    bool bad = err != NULL;
    field_open(h, id, label, hint, bad ? err : NULL);
    HTML_LIT(h, "<textarea class=\"nhsuk-textarea");
    if (bad)
        HTML_LIT(h, " nhsuk-textarea--error");
    HTML_LIT(h, "\" id=\"");
    html_attr(h, id);
    HTML_LIT(h, "\" name=\"");
    html_attr(h, id);
    HTML_LIT(h, "\" rows=\"3\"");
    described_by(h, id, hint != NULL, bad);
    HTML_LIT(h, ">");
    html_text(h, value ? value : "");
    HTML_LIT(h, "</textarea></div>");
}

static void fieldset_begin(struct html *h, const char *id, const char *legend, const char *hint,
                           const struct ui_error *err)
{
    group_open(h, err != NULL);
    HTML_LIT(h, "\"><fieldset class=\"nhsuk-fieldset\"");
    described_by(h, id, hint != NULL, err != NULL);
    legend_hint(h, id, legend, hint);
    if (err)
        error_message(h, id, err);
}

/* The first input of a group carries the group's id, so the error summary
 * links to it; the others are id-2, id-3, ... */
static const char *item_id(struct arena *a, const char *id, size_t i)
{
    return i == 0 ? id : arena_printf(a, "%s-%zu", id, i + 1);
}

static void choice_items(struct html *h, struct arena *a, const char *id, const char *type,
                         const char *const *values, const char *const *labels, size_t n,
                         const char *const *checked, size_t nchecked)
{
    bool radio = strcmp(type, "radio") == 0;
    if (radio)
        HTML_LIT(h, "<div class=\"nhsuk-radios\" data-module=\"nhsuk-radios\">");
    else
        HTML_LIT(h, "<div class=\"nhsuk-checkboxes\" data-module=\"nhsuk-checkboxes\">");
    for (size_t i = 0; i < n; i++) {
        bool on = false;
        for (size_t k = 0; k < nchecked; k++)
            if (checked[k] && strcmp(checked[k], values[i]) == 0)
                on = true;
        const char *iid = item_id(a, id, i);
        if (radio)
            HTML_LIT(
                h, "<div class=\"nhsuk-radios__item\"><input class=\"nhsuk-radios__input\" id=\"");
        else
            HTML_LIT(h, "<div class=\"nhsuk-checkboxes__item\"><input "
                        "class=\"nhsuk-checkboxes__input\" id=\"");
        html_attr(h, iid);
        HTML_LIT(h, "\" name=\"");
        html_attr(h, id);
        HTML_LIT(h, "\" type=\"");
        html_attr(h, type);
        HTML_LIT(h, "\" value=\"");
        html_attr(h, values[i]);
        HTML_LIT(h, "\"");
        if (on)
            HTML_LIT(h, " checked");
        if (radio)
            HTML_LIT(h, "><label class=\"nhsuk-label nhsuk-radios__label\" for=\"");
        else
            HTML_LIT(h, "><label class=\"nhsuk-label nhsuk-checkboxes__label\" for=\"");
        html_attr(h, iid);
        HTML_LIT(h, "\">");
        html_text(h, labels[i]);
        HTML_LIT(h, "</label></div>");
    }
    HTML_LIT(h, "</div></fieldset></div>");
}

void ui_radios(struct html *h, const char *id, const char *legend, const char *hint,
               const char *const *values, const char *const *labels, size_t n, const char *selected,
               const struct ui_error *err)
{
    struct arena a;
    arena_init(&a, 0);
    fieldset_begin(h, id, legend, hint, err);
    choice_items(h, &a, id, "radio", values, labels, n, &selected, selected ? 1 : 0);
    arena_release(&a);
}

void ui_checkboxes(struct html *h, const char *id, const char *legend, const char *hint,
                   const char *const *values, const char *const *labels, size_t n,
                   const char *const *checked, size_t nchecked, const struct ui_error *err)
{
    struct arena a;
    arena_init(&a, 0);
    fieldset_begin(h, id, legend, hint, err);
    choice_items(h, &a, id, "checkbox", values, labels, n, checked, nchecked);
    arena_release(&a);
}

size_t ui_form_all(struct ctx *c, const char *name, const char ***out)
{
    http_form(c->q, name); /* parses the body on first use */
    const char **v = ARENA_ARRAY(c->a, const char *, c->q->nform + 1);
    size_t n = 0;
    for (size_t i = 0; i < c->q->nform; i++)
        if (strcmp(c->q->form[i].name, name) == 0)
            v[n++] = c->q->form[i].value;
    *out = v;
    return n;
}

void ui_button(struct html *h, const char *text, bool secondary)
{
    if (secondary)
        HTML_LIT(h, "<button class=\"nhsuk-button nhsuk-button--secondary\" "
                    "data-module=\"nhsuk-button\" type=\"submit\">");
    else
        HTML_LIT(h, "<button class=\"nhsuk-button\" data-module=\"nhsuk-button\" "
                    "type=\"submit\">");
    html_text(h, text);
    HTML_LIT(h, "</button>");
}

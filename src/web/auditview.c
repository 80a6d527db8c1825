#include <jansson.h>

#include "common.h"
#include "auditview.h"
#include "buf.h"
#include "jsonfmt.h"
#include "ui.h"

#define MAX_FIELDS 256 /* rows of one before-and-after table */

static void field_name(struct html *h, const char *key)
{
    size_t n = strlen(key);
    char *s = xmalloc(n + 1);
    for (size_t i = 0; i <= n; i++)
        s[i] = key[i] == '_' ? ' ' : key[i];
    html_text(h, s);
    free(s);
}

/* A value in a cell: scalars as text, a list of scalars joined, anything
 * nested as its keys and values, every level shown. */
static void value(struct html *h, json_t *v)
{
    if (!v || json_is_null(v)) {
        ui_none(h, "None");
    } else if (json_is_string(v)) {
        if (*json_string_value(v))
            html_text(h, json_string_value(v));
        else
            ui_none(h, "Empty");
    } else if (json_is_true(v) || json_is_false(v)) {
        html_text(h, json_is_true(v) ? "Yes" : "No");
    } else if (json_is_integer(v)) {
        html_textf(h, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
    } else if (json_is_real(v)) {
        char *s = json_dumps(v, JSON_ENCODE_ANY | PCN_JSON_DUMP);
        html_text(h, s);
        free(s);
    } else if (json_is_array(v)) {
        size_t i;
        json_t *x;
        if (json_array_size(v) == 0)
            ui_none(h, "None");
        json_array_foreach(v, i, x)
        {
            if (i && json_is_object(x))
                HTML_LIT(h, "<br>");
            else if (i)
                HTML_LIT(h, ", ");
            value(h, x);
        }
    } else if (json_is_object(v)) {
        const char *k;
        json_t *x;
        bool first = true;
        json_object_foreach(v, k, x)
        {
            if (!first)
                HTML_LIT(h, "<br>");
            first = false;
            field_name(h, k);
            HTML_LIT(h, ": ");
            value(h, x);
        }
        if (first)
            ui_none(h, "None");
    }
}

static bool same(json_t *a, json_t *b)
{
    if (!a)
        a = json_null();
    if (!b)
        b = json_null();
    return json_equal(a, b);
}

struct row {
    const char *name;
    json_t *before, *after;
};

static void add_row(struct row *rows, size_t *n, const char *name, json_t *before, json_t *after,
                    bool is_before)
{
    for (size_t i = 0; i < *n; i++)
        if (strcmp(rows[i].name, name) == 0) {
            if (is_before)
                rows[i].before = before;
            else
                rows[i].after = after;
            return;
        }
    if (*n == MAX_FIELDS)
        return;
    rows[(*n)++] = (struct row){name, before, after};
}

static const char *suffix_of(const char *k, const char *suffix, struct arena *a)
{
    size_t n = strlen(k), s = strlen(suffix);
    if (n <= s || strcmp(k + n - s, suffix) != 0)
        return NULL;
    return arena_strndup(a, k, n - s);
}

void auditview_detail(struct html *h, struct arena *a, const char *json)
{
    if (!json || !*json) {
        ui_none(h, "None");
        return;
    }
    json_error_t err;
    json_t *root = json_loads(json, JSON_DECODE_ANY, &err);
    if (!root || !json_is_object(root)) {
        if (root && !json_is_object(root))
            value(h, root);
        else
            html_text(h, json);
        json_decref(root);
        return;
    }
    json_t *before = json_object_get(root, "before"), *after = json_object_get(root, "after");
    bool has_change = before || after;
    struct row *rows = ARENA_ARRAY(a, struct row, MAX_FIELDS);
    size_t nrows = 0;
    /* the record as a whole: its fields, or one value */
    if (has_change) {
        bool objects = (json_is_object(before) || json_is_null(before) || !before) &&
                       (json_is_object(after) || json_is_null(after) || !after) &&
                       (json_is_object(before) || json_is_object(after));
        if (objects) {
            const char *k;
            json_t *x;
            if (json_is_object(after))
                json_object_foreach(after, k, x) add_row(rows, &nrows, k, NULL, x, false);
            if (json_is_object(before))
                json_object_foreach(before, k, x) add_row(rows, &nrows, k, x, NULL, true);
        } else {
            add_row(rows, &nrows, "value", before, after, false);
            rows[nrows - 1].before = before;
        }
    }
    /* NAME_before and NAME_after pairs */
    const char *k;
    json_t *x;
    json_object_foreach(root, k, x)
    {
        const char *name;
        if ((name = suffix_of(k, "_before", a)))
            add_row(rows, &nrows, name, x, NULL, true);
        else if ((name = suffix_of(k, "_after", a)))
            add_row(rows, &nrows, name, NULL, x, false);
    }
    /* everything else: what the change was about */
    bool any = false;
    json_object_foreach(root, k, x)
    {
        if (strcmp(k, "before") == 0 || strcmp(k, "after") == 0 || suffix_of(k, "_before", a) ||
            suffix_of(k, "_after", a))
            continue;
        if (!any)
            HTML_LIT(h, "<dl class=\"nhsuk-summary-list pcnops-audit-about\">");
        any = true;
        HTML_LIT(h,
                 "<div class=\"nhsuk-summary-list__row\"><dt class=\"nhsuk-summary-list__key\">");
        field_name(h, k);
        HTML_LIT(h, "</dt><dd class=\"nhsuk-summary-list__value\">");
        value(h, x);
        HTML_LIT(h, "</dd></div>");
    }
    if (any)
        HTML_LIT(h, "</dl>");
    if (nrows) {
        HTML_LIT(h, "<table class=\"nhsuk-table pcnops-audit-change\"><caption "
                    "class=\"nhsuk-u-visually-hidden\">Before and after</caption><thead "
                    "class=\"nhsuk-table__head\"><tr class=\"nhsuk-table__row\">"
                    "<th scope=\"col\" class=\"nhsuk-table__header\">Field</th>"
                    "<th scope=\"col\" class=\"nhsuk-table__header\">Before</th>"
                    "<th scope=\"col\" class=\"nhsuk-table__header\">After</th></tr></thead>"
                    "<tbody class=\"nhsuk-table__body\">");
        for (size_t i = 0; i < nrows; i++) {
            bool changed = !same(rows[i].before, rows[i].after);
            HTML_LIT(h, "<tr class=\"nhsuk-table__row\"><th scope=\"row\" "
                        "class=\"nhsuk-table__header\">");
            if (changed)
                HTML_LIT(h, "<strong>");
            field_name(h, rows[i].name);
            if (changed)
                HTML_LIT(h, "</strong><span class=\"nhsuk-u-visually-hidden\"> (changed)</span>");
            HTML_LIT(h, "</th><td class=\"nhsuk-table__cell\">");
            value(h, rows[i].before);
            HTML_LIT(h, "</td><td class=\"nhsuk-table__cell\">");
            value(h, rows[i].after);
            HTML_LIT(h, "</td></tr>");
        }
        HTML_LIT(h, "</tbody></table>");
    }
    if (!any && !nrows)
        ui_none(h, "None");
    json_decref(root);
}

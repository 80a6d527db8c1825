/* The home page's gathering (home.h) on the handler tests' store
 * (webfix.h: Priya Shah, clinical pharmacist of U10002 from 2025-04-01;
 * Tom Green, social prescribing link worker of U10001 from 2025-06-01):
 * an ICB's set-based glance agrees with each of its PCNs' own "needs
 * doing", claims move items off, April reads March's year, and the rules'
 * deadlines come by date with passed ones last. */
#include "webfix.h"

#include "home.h"
#include "network.h"

static struct rules *load_rules(struct arena *a)
{
    struct rules *r = arena_zalloc(a, sizeof *r);
    struct rules_diag d = {0};
    struct pcn_msg m = {0};
    if (rules_load("rules", a, r, &d, &m))
        fail_msg("rules: %s", m.text);
    return r;
}

/* Whatever the day, the ICB's row of a PCN says what the PCN's own home
 * says about last month's claims. */
static void agree(struct webfix *f, const struct rules *r, date_t today, const int64_t want[2])
{
    struct arena a;
    struct pcn_msg m = {0};
    struct home_icb icb;
    arena_init(&a, 0);
    if (home_icb(f->db, r, "QAA", today, &a, &icb, &m))
        fail_msg("%s", m.text);
    assert_int_equal(icb.n, 2);
    for (size_t i = 0; i < icb.n; i++) {
        struct home_pcn p;
        if (home_pcn(f->db, r, NULL, icb.rows[i].pcn, today, &a, &p, &m))
            fail_msg("%s", m.text);
        if (p.claims_to_submit != icb.rows[i].to_submit || p.claims_to_submit != want[i])
            fail_msg("%s: the PCN says %lld to submit, the ICB %lld, expected %lld",
                     icb.rows[i].pcn, (long long)p.claims_to_submit,
                     (long long)icb.rows[i].to_submit, (long long)want[i]);
        assert_int_equal(icb.rows[i].posts, 1);
    }
    arena_release(&a);
}

static void test_claims(void **state)
{
    struct webfix *f = *state;
    struct arena ra;
    struct pcn_msg m = {0};
    arena_init(&ra, 0);
    const struct rules *r = load_rules(&ra);
    date_t nov = date_from_ymd(2026, 11, 23), apr = date_from_ymd(2027, 4, 10);
    long drafted, unknown;

    /* U10001 then U10002, each with October's claim to submit */
    agree(f, r, nov, (const int64_t[]){1, 1});
    /* October's claim of U10002 drafted: still to submit; submitted: done */
    assert_int_equal(claims_draft(f->db, r, "U10002", 2026, 10, NULL, &drafted, &unknown, &m), 0);
    agree(f, r, nov, (const int64_t[]){1, 1});
    assert_int_equal(claims_advance(f->db, 1, 2026, 10, CLAIM_SUBMITTED, nov, -1, NULL, &m), 0);
    agree(f, r, nov, (const int64_t[]){1, 0});

    struct arena a;
    struct home_icb icb;
    struct home_pcn p;
    arena_init(&a, 0);
    assert_int_equal(home_icb(f->db, r, "QAA", nov, &a, &icb, &m), 0);
    /* U10002: April to November's month before, 7 post-months, October submitted */
    assert_string_equal(icb.rows[1].pcn, "U10002");
    assert_int_equal(icb.rows[1].unclaimed_months, 6);
    assert_int_equal(icb.rows[1].awaiting, 1);
    assert_true(icb.rows[1].awaiting_pence > 0);
    assert_int_equal(icb.rows[1].claimed, icb.rows[1].awaiting_pence);
    assert_true(icb.rows[1].risk);
    assert_int_equal(icb.rows[0].unclaimed_months, 7);
    assert_int_equal(icb.to_submit, 1);
    assert_int_equal(icb.awaiting, 1);
    assert_int_equal(home_pcn(f->db, r, NULL, "U10002", nov, &a, &p, &m), 0);
    bool waiting = false;
    for (size_t i = 0; i < p.n; i++)
        if (p.items[i].section == HS_CLAIMS && p.items[i].amount == icb.rows[1].awaiting_pence)
            waiting = strstr(p.items[i].text, "1 claim submitted or approved") != NULL;
    assert_true(waiting);

    /* In April, last month is March of the year before: its claims count. */
    agree(f, r, apr, (const int64_t[]){1, 1});
    assert_int_equal(claims_draft(f->db, r, "U10001", 2027, 3, NULL, &drafted, &unknown, &m), 0);
    assert_int_equal(claims_advance(f->db, 2, 2027, 3, CLAIM_SUBMITTED, apr, -1, NULL, &m), 0);
    agree(f, r, apr, (const int64_t[]){0, 1});
    assert_int_equal(home_icb(f->db, r, "QAA", apr, &a, &icb, &m), 0);
    assert_int_equal(icb.rows[0].awaiting, 1);         /* March's, of 2026/27 */
    assert_int_equal(icb.rows[0].claimed, 0);          /* nothing yet for 2027/28 */
    assert_int_equal(icb.rows[0].unclaimed_months, 0); /* no month of 2027/28 is due yet */
    arena_release(&a);
    arena_release(&ra);
}

/* The year's deadlines from the rules: still to come first, by date, each
 * with its rules row; a day after one, it is passed. */
static void test_deadlines(void **state)
{
    struct webfix *f = *state;
    struct arena a;
    struct pcn_msg m = {0};
    struct deskrules dr;
    struct home_pcn p;
    arena_init(&a, 0);
    const struct rules *r = load_rules(&a);
    if (deskrules_load("rules", &a, &dr, &m))
        fail_msg("%s", m.text);
    assert_int_equal(home_pcn(f->db, r, &dr, "U10001", date_from_ymd(2026, 8, 31), &a, &p, &m), 0);
    date_t last = DATE_NONE;
    bool passed = false;
    size_t n = 0;
    for (size_t i = 0; i < p.n; i++) {
        const struct home_item *x = &p.items[i];
        if (x->section != HS_DEADLINES)
            continue;
        n++;
        bool is_passed = strcmp(x->state, "Passed") == 0;
        assert_true(!passed || is_passed); /* passed ones last */
        if (!is_passed && last != DATE_NONE)
            assert_true(x->due >= last);
        if (!is_passed)
            last = x->due;
        passed |= is_passed;
        assert_non_null(strstr(x->source, "rules/2026-27/deadlines.csv:"));
        /* 31 August 2026 is the IIF approvals' last day: open on it */
        if (x->due == date_from_ymd(2026, 8, 31))
            assert_string_equal(x->state, "Open");
    }
    assert_int_equal(n, 4);
    assert_int_equal(p.count[HS_DEADLINES], 3); /* the opt-out window has passed */
    assert_int_equal(home_pcn(f->db, r, &dr, "U10001", date_from_ymd(2026, 9, 1), &a, &p, &m), 0);
    assert_int_equal(p.count[HS_DEADLINES], 2);
    /* another year's rules hold none */
    assert_int_equal(home_pcn(f->db, r, &dr, "U10001", date_from_ymd(2025, 9, 1), &a, &p, &m), 0);
    assert_int_equal(p.count[HS_DEADLINES], 0);
    arena_release(&a);
}

/* A code that is not in the registry: not found, nothing made up. */
static void test_unknown(void **state)
{
    struct webfix *f = *state;
    struct arena a;
    struct pcn_msg m = {0};
    struct home_pcn p;
    struct home_icb icb;
    arena_init(&a, 0);
    assert_int_equal(home_pcn(f->db, NULL, NULL, "U99999", date_from_ymd(2026, 11, 23), &a, &p, &m),
                     PCN_ENOTFOUND);
    assert_int_equal(home_icb(f->db, NULL, "QZZ", date_from_ymd(2026, 11, 23), &a, &icb, &m),
                     PCN_ENOTFOUND);
    /* without the rules, what needs no rules is still said, and why the rest is not */
    assert_int_equal(home_pcn(f->db, NULL, NULL, "U10001", date_from_ymd(2026, 11, 23), &a, &p, &m),
                     0);
    assert_non_null(p.problem);
    assert_int_equal(p.claims_to_submit, 1);
    arena_release(&a);
}

/* The network's actions come onto the home when due: a table of actions
 * (due relative to today) and whether each is listed, with its state. */
static void test_actions(void **state)
{
    struct webfix *f = *state;
    static const struct {
        const char *what;
        enum network_area area;
        int due_in;        /* days from today */
        const char *state; /* NULL: not on the home */
    } acts[] = {
        {"Agree the rota", NETWORK_BOARD, -3, "Overdue"},
        {"Send the minutes", NETWORK_BOARD, 0, "Due today"},
        {"Invite the trust", NETWORK_NEIGHBOURHOOD, 7, "Coming up"},
        {"Plan the spring", NETWORK_BOARD, 8, NULL},
    };
    date_t today = date_from_ymd(2026, 11, 23);
    struct desk_actor w = fx_actor(f, CD);
    struct pcn_msg m = {0};
    for (size_t i = 0; i < sizeof acts / sizeof acts[0]; i++) {
        struct desk_errs e = {0};
        struct network_action x = {.area = acts[i].area,
                                   .what = acts[i].what,
                                   .owner = "Dr Hill",
                                   .due = today + acts[i].due_in};
        if (network_action_add(f->db, &w, "U10001", &x, today - 10, NULL, &e, &m))
            fail_msg("%s: %s", acts[i].what, m.text);
    }
    struct arena a;
    struct home_pcn p;
    arena_init(&a, 0);
    assert_int_equal(home_pcn(f->db, NULL, NULL, "U10001", today, &a, &p, &m), 0);
    for (size_t i = 0; i < sizeof acts / sizeof acts[0]; i++) {
        const struct home_item *found = NULL;
        for (size_t k = 0; k < p.n; k++)
            if (p.items[k].section == HS_ACTIONS && strstr(p.items[k].text, acts[i].what))
                found = &p.items[k];
        if (!acts[i].state) {
            if (found)
                fail_msg("%s is on the home, not due within the week", acts[i].what);
            continue;
        }
        if (!found)
            fail_msg("%s is not on the home", acts[i].what);
        assert_string_equal(found->state, acts[i].state);
        assert_int_equal(found->due, today + acts[i].due_in);
    }
    assert_int_equal(p.count[HS_ACTIONS], 3);
    arena_release(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_claims, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_deadlines, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_unknown, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_actions, fx_setup, fx_teardown),
    };
    return cmocka_run_group_tests_name("home", tests, NULL, NULL);
}

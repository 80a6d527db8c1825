/* The clinical director's desk, its pure rules (desk.h), as tables:
 * categories and their shares, durations, week boundaries, funded time and
 * the alerts.  Requests, follow-ups, delegation, supervision and pending
 * calendar events are in test_desk_requests.c. */
#include "testutil.h"

#include "arena.h"
#include "buf.h"
#include "desk.h"

/* ---- categories --------------------------------------------------------- */

static void test_categories(void **state)
{
    (void)state;
    static const struct {
        const char *id;
        enum desk_side side;
        bool system;
    } want[DC_COUNT] = {
        {"practices", SIDE_INTERNAL, false},
        {"pcn_operations", SIDE_INTERNAL, false},
        {"system_meetings", SIDE_EXTERNAL, true},
        {"place_int", SIDE_EXTERNAL, true},
        {"lmc", SIDE_EXTERNAL, false},
        {"mp_engagement", SIDE_EXTERNAL, false},
        {"clinical_leadership", SIDE_INTERNAL, false},
        {"training_hub", SIDE_EXTERNAL, false},
        {"other", SIDE_OTHER, false},
    };
    for (int i = 0; i < DC_COUNT; i++) {
        enum desk_category c;
        assert_string_equal(desk_category_id((enum desk_category)i), want[i].id);
        assert_int_equal(desk_category_parse(want[i].id, &c), 0);
        assert_int_equal(c, i);
        assert_int_equal(desk_category_side(c), want[i].side);
        assert_int_equal(desk_category_is_system(c), want[i].system);
    }
    enum desk_category c;
    assert_int_equal(desk_category_parse("System_meetings", &c), PCN_EINVAL);
    assert_int_equal(desk_category_parse("", &c), PCN_EINVAL);
    assert_int_equal(desk_category_parse(NULL, &c), PCN_EINVAL);

    static const struct {
        const char *title;
        enum desk_category want;
    } guesses[] = {
        {"ICB primary care board", DC_SYSTEM_MEETINGS},
        {"LMC liaison", DC_LMC},
        {"Meeting with Jane Smith MP", DC_MP_ENGAGEMENT},
        {"Quality improvement session", DC_OTHER}, /* "improvement" is not "mp" */
        {"INT programme group", DC_PLACE_INT},
        {"Interview panel", DC_OTHER}, /* "interview" is not "INT" */
        {"Practice managers' meeting", DC_PRACTICES},
        {"PCN board", DC_PCN_OPERATIONS},
        {"Training hub: supervisors", DC_TRAINING_HUB},
        {"ARRS pharmacist supervision", DC_CLINICAL_LEADERSHIP},
        {"", DC_OTHER},
    };
    for (size_t i = 0; i < sizeof guesses / sizeof *guesses; i++)
        if (desk_category_guess(guesses[i].title) != guesses[i].want)
            fail_msg("'%s' guessed %s, expected %s", guesses[i].title,
                     desk_category_id(desk_category_guess(guesses[i].title)),
                     desk_category_id(guesses[i].want));
}

/* ---- durations ---------------------------------------------------------- */

static void test_hours(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        int rc;
        int64_t minutes;
        const char *msg;
    } cases[] = {
        {"1.5", 0, 90, NULL},
        {"0.25", 0, 15, NULL},
        {"2", 0, 120, NULL},
        {" 1.75 ", 0, 105, NULL},
        {"1:30", 0, 90, NULL},
        {"0:05", 0, 5, NULL},
        {"24", 0, 1440, NULL},
        {"25", 0, 1500, NULL}, /* parsed; the checks refuse it */
        {"0", 0, 0, NULL},
        {"1.05", 0, 63, NULL},
        {"1.33", PCN_EINVAL, 0, "Enter the time to the nearest minute, like 1.25 or 1:20"},
        {"-1", PCN_EINVAL, 0, "Time spent must be more than 0"},
        {"-0.5", PCN_EINVAL, 0, "Time spent must be more than 0"},
        {"", PCN_EINVAL, 0, "Enter the time spent, in hours"},
        {"  ", PCN_EINVAL, 0, "Enter the time spent, in hours"},
        {"two", PCN_EINVAL, 0,
         "Enter the time in hours, like 1.5, or hours and minutes, like 1:30"},
        {"1:60", PCN_EINVAL, 0,
         "Enter the time in hours, like 1.5, or hours and minutes, like 1:30"},
        {"1:5", PCN_EINVAL, 0,
         "Enter the time in hours, like 1.5, or hours and minutes, like 1:30"},
        {"1.505", PCN_EINVAL, 0,
         "Enter the time in hours, like 1.5, or hours and minutes, like 1:30"},
        {"1h", PCN_EINVAL, 0, "Enter the time in hours, like 1.5, or hours and minutes, like 1:30"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        struct pcn_msg m = {0};
        int64_t min = -1;
        int rc = desk_parse_hours(cases[i].in, &min, &m);
        if (rc != cases[i].rc || (rc == 0 && min != cases[i].minutes) ||
            (cases[i].msg && strcmp(m.text, cases[i].msg) != 0))
            fail_msg("'%s': rc %d minutes %" PRId64 " '%s'", cases[i].in, rc, min, m.text);
    }
    static const struct {
        const char *in;
        int rc, v;
    } pct[] = {{"25", 0, 25},          {"100%", 0, 100},      {"0", 0, 0},
               {"101", PCN_EINVAL, 0}, {"-1", PCN_EINVAL, 0}, {"", PCN_EINVAL, 0},
               {"12.5", PCN_EINVAL, 0}};
    for (size_t i = 0; i < sizeof pct / sizeof *pct; i++) {
        int v = -1;
        int rc = desk_parse_percent(pct[i].in, &v);
        if (rc != pct[i].rc || (rc == 0 && v != pct[i].v))
            fail_msg("percent '%s': rc %d v %d", pct[i].in, rc, v);
    }
    struct buf b;
    buf_init(&b, 256);
    static const struct {
        int64_t min;
        const char *words;
    } dur[] = {{90, "1 hour 30 minutes"}, {60, "1 hour"},     {1, "1 minute"},
               {0, "0 minutes"},          {1500, "25 hours"}, {121, "2 hours 1 minute"}};
    for (size_t i = 0; i < sizeof dur / sizeof *dur; i++) {
        buf_reset(&b);
        desk_add_duration(&b, dur[i].min);
        assert_string_equal(b.buf, dur[i].words);
    }
    static const struct {
        int64_t mmin;
        const char *text;
    } hours[] = {{562500, "9.38"}, {90000, "1.50"}, {0, "0.00"},
                 {599, "0.01"},    {299, "0.00"},   {60000000, "1,000.00"}};
    for (size_t i = 0; i < sizeof hours / sizeof *hours; i++) {
        buf_reset(&b);
        desk_add_hours(&b, hours[i].mmin);
        assert_string_equal(b.buf, hours[i].text);
    }
    buf_release(&b);
}

/* ---- checks of an activity ---------------------------------------------- */

static void test_check_activity(void **state)
{
    (void)state;
    date_t today = test_day("2026-11-23");
    static const struct {
        const char *date;
        int64_t minutes, day_minutes;
        const char *field, *msg; /* NULL: valid */
    } cases[] = {
        {"2026-11-23", 90, 0, NULL, NULL},
        {"2019-07-01", 1440, 0, NULL, NULL},
        {"2027-11-24", 60, 0, NULL, NULL},
        {"2026-11-23", 0, 0, "hours", "Time spent must be more than 0"},
        {"2026-11-23", -30, 0, "hours", "Time spent must be more than 0"},
        {"2026-11-23", 1441, 0, "hours", "Time spent must be 24 hours or less"},
        {"2026-11-23", 60, 1400, "hours",
         "The time logged on 23 November 2026 would come to more than 24 hours: 23 hours 20 "
         "minutes is already logged that day"},
        {"2026-11-23", 40, 1400, NULL, NULL},
        {"2019-06-30", 60, 0, "date", "The date must be on or after 1 July 2019"},
        {"2027-11-25", 60, 0, "date", "The date must be on or before 24 November 2027"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        struct desk_activity a = {.date = test_day(cases[i].date),
                                  .minutes = cases[i].minutes,
                                  .cat = DC_PRACTICES,
                                  .title = "",
                                  .note = ""};
        struct desk_errs e = {0};
        bool ok = desk_check_activity(&a, today, cases[i].day_minutes, &e);
        if (!cases[i].field) {
            if (!ok)
                fail_msg("case %zu: refused: %s: %s", i, e.e[0].field, e.e[0].text);
            continue;
        }
        if (ok || strcmp(e.e[0].field, cases[i].field) || strcmp(e.e[0].text, cases[i].msg))
            fail_msg("case %zu: %s '%s'", i, ok ? "accepted" : e.e[0].field, ok ? "" : e.e[0].text);
    }
    /* Text: a title on one line, a note within its length; all errors at once. */
    struct desk_activity a = {
        .date = DATE_NONE, .minutes = 0, .cat = DC_COUNT, .title = "two\nlines", .note = ""};
    struct desk_errs e = {0};
    assert_false(desk_check_activity(&a, today, 0, &e));
    assert_int_equal(e.n, 4);
    assert_string_equal(desk_errs_get(&e, "date"), "Enter the date");
    assert_string_equal(desk_errs_get(&e, "hours"), "Time spent must be more than 0");
    assert_string_equal(desk_errs_get(&e, "category"), "Select a category");
    assert_string_equal(desk_errs_get(&e, "title"), "A title must be on one line");
}

/* ---- weeks -------------------------------------------------------------- */

static void test_week_start(void **state)
{
    (void)state;
    static const struct {
        const char *day, *monday;
    } cases[] = {
        {"2026-11-23", "2026-11-23"},                               /* Monday */
        {"2026-11-29", "2026-11-23"},                               /* Sunday */
        {"2026-11-30", "2026-11-30"}, {"2026-01-01", "2025-12-29"}, /* across a year */
        {"2024-03-03", "2024-02-26"},                               /* across a leap February */
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        assert_int_equal(desk_week_start(test_day(cases[i].day)), test_day(cases[i].monday));
}

/* ---- funded time -------------------------------------------------------- */

static const struct desk_cd_rule rules_2425_2526[] = {
    {2024, 0, 0, 2500, 50000, 2250, CONF_UNCONFIRMED, "rules/2024-25/cd_time.csv:2", ""},
    {2025, 0, 0, 2500, 50000, 2250, CONF_UNCONFIRMED, "rules/2025-26/cd_time.csv:2", ""},
};

static struct desk_cd_rule rule_rows[2];

static void setup_rules(void)
{
    memcpy(rule_rows, rules_2425_2526, sizeof rule_rows);
    rule_rows[0].from = test_day("2024-04-01");
    rule_rows[0].to = test_day("2025-03-31");
    rule_rows[1].from = test_day("2025-04-01");
    rule_rows[1].to = test_day("2026-03-31");
}

static void test_funded(void **state)
{
    (void)state;
    setup_rules();
    struct desk_override ovs[2] = {{test_day("2026-12-07"), 600, "two sessions"},
                                   {test_day("2026-12-21"), -1, "back to the default"}};
    static const struct {
        int64_t patients;
        size_t nrules, nov;
        const char *on;
        bool known, over, carried;
        int64_t mmin;
    } cases[] = {
        {50000, 2, 0, "2025-06-01", true, false, false, 562500}, /* 9.375 hours */
        {100000, 2, 0, "2025-06-01", true, false, false, 1125000},
        {43217, 2, 0, "2025-06-01", true, false, false, 486191}, /* 486.19125 min */
        {50000, 2, 0, "2026-11-23", true, false, true, 562500},  /* 2026/27: carried */
        {50000, 2, 0, "2023-06-01", true, false, true, 562500},  /* before the first row */
        {-1, 2, 0, "2025-06-01", false, false, false, 0},        /* no list size */
        {50000, 0, 0, "2025-06-01", false, false, false, 0},     /* no rules */
        {50000, 2, 2, "2026-12-06", true, false, true, 562500},  /* before the override */
        {50000, 2, 2, "2026-12-07", true, true, false, 600000},  /* 10 hours */
        {-1, 2, 2, "2026-12-10", true, true, false, 600000},     /* needs no patients */
        {50000, 2, 2, "2026-12-21", true, false, true, 562500},  /* default again */
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        struct desk_funding f = {cases[i].patients, DATE_NONE, rule_rows,
                                 cases[i].nrules,   ovs,       cases[i].nov};
        struct desk_funded fd;
        struct pcn_msg m = {0};
        assert_int_equal(desk_funded_on(&f, test_day(cases[i].on), &fd, &m), 0);
        if (fd.known != cases[i].known || fd.is_override != cases[i].over ||
            (fd.known && fd.mmin_per_week != cases[i].mmin) ||
            (!fd.is_override && fd.rule && fd.carried != cases[i].carried))
            fail_msg("case %zu: known %d over %d carried %d mmin %" PRId64, i, fd.known,
                     fd.is_override, fd.carried, fd.mmin_per_week);
        if (fd.known && !fd.is_override)
            assert_int_equal(fd.conf, CONF_UNCONFIRMED);
    }

    /* Periods: exact, one division per stretch of the same rate. */
    struct desk_funding f = {50000, DATE_NONE, rule_rows, 2, ovs, 2};
    static const struct {
        const char *from, *to;
        int64_t mmin;
    } periods[] = {
        {"2025-06-02", "2025-06-08", 562500},          /* one week: 9.375 hours */
        {"2025-06-02", "2025-06-02", 80357},           /* one day: 562,500 / 7 */
        {"2025-06-02", "2025-06-29", 2250000},         /* four weeks */
        {"2025-03-31", "2025-04-06", 562500},          /* across two rules rows */
        {"2026-12-07", "2026-12-13", 600000},          /* the override's week */
        {"2026-12-14", "2026-12-27", 600000 + 562500}, /* then back to the default */
    };
    for (size_t i = 0; i < sizeof periods / sizeof *periods; i++) {
        int64_t mmin;
        bool known;
        enum confidence conf;
        struct pcn_msg m = {0};
        assert_int_equal(desk_funded_between(&f, test_day(periods[i].from), test_day(periods[i].to),
                                             &mmin, &known, &conf, &m),
                         0);
        assert_true(known);
        if (mmin != periods[i].mmin)
            fail_msg("%s to %s: %" PRId64 " mmin, expected %" PRId64, periods[i].from,
                     periods[i].to, mmin, periods[i].mmin);
    }

    /* Its working, as trail steps with the rules row and its confidence. */
    struct arena a;
    struct trail t;
    struct desk_funded fd;
    struct pcn_msg m = {0};
    arena_init(&a, 0);
    trail_init(&t, &a);
    struct desk_funding f2 = {43217, test_day("2026-10-01"), rule_rows, 2, NULL, 0};
    desk_funded_on(&f2, test_day("2025-06-01"), &fd, &m);
    desk_funded_trail(&f2, &fd, &t);
    assert_int_equal(t.n, 3);
    assert_string_equal(t.steps[0].text, "Registered patients: 43,217 on 1 October 2026");
    assert_string_equal(t.steps[1].text,
                        "0.25 WTE per 50,000 registered patients, at 37.5 hours a week per WTE");
    assert_string_equal(t.steps[1].source, "rules/2025-26/cd_time.csv:2");
    assert_int_equal(t.steps[1].conf, CONF_UNCONFIRMED);
    assert_string_equal(
        t.steps[2].text,
        "0.25 \xC3\x97 43,217 \xC3\xB7 50,000 \xC3\x97 37.5 hours = 8.10 hours a week");
    assert_int_equal(trail_confidence(&t), CONF_UNCONFIRMED);
    arena_release(&a);
}

/* ---- the summary and its alerts ----------------------------------------- */

struct act {
    const char *date;
    int minutes;
    enum desk_category cat;
    bool meeting;
};

static int summarise(const struct act *in, size_t n, const char *from, const char *to,
                     int64_t patients, struct arena *a, struct desk_summary *s)
{
    struct desk_activity *acts = arena_zalloc(a, sizeof *acts * (n ? n : 1));
    for (size_t i = 0; i < n; i++)
        acts[i] = (struct desk_activity){.date = test_day(in[i].date),
                                         .minutes = in[i].minutes,
                                         .cat = in[i].cat,
                                         .meeting = in[i].meeting};
    setup_rules();
    static struct desk_override none[1];
    struct desk_funding f = {patients, DATE_NONE, rule_rows, 2, none, 0};
    struct pcn_msg m = {0};
    int rc = desk_summarise(acts, n, test_day(from), test_day(to), &f, a, s, &m);
    if (rc)
        fail_msg("summarise: %s", m.text);
    return rc;
}

static void test_summary_totals(void **state)
{
    (void)state;
    struct arena a;
    struct desk_summary s;
    arena_init(&a, 0);
    static const struct act acts[] = {
        {"2025-06-01", 60, DC_OTHER, false},     /* Sunday: before the period */
        {"2025-06-02", 120, DC_PRACTICES, true}, /* Monday, first day */
        {"2025-06-03", 90, DC_SYSTEM_MEETINGS, true},
        {"2025-06-04", 30, DC_PLACE_INT, true},
        {"2025-06-08", 45, DC_LMC, false},                /* Sunday: still week 1 */
        {"2025-06-09", 60, DC_CLINICAL_LEADERSHIP, true}, /* Monday: week 2 */
        {"2025-06-30", 15, DC_OTHER, true},               /* last day, a new month */
        {"2025-07-01", 600, DC_PRACTICES, true},          /* after the period */
    };
    summarise(acts, sizeof acts / sizeof *acts, "2025-06-02", "2025-06-30", 50000, &a, &s);
    assert_int_equal(s.t.total, 120 + 90 + 30 + 45 + 60 + 15);
    assert_int_equal(s.t.internal, 120 + 60);
    assert_int_equal(s.t.external, 90 + 30 + 45);
    assert_int_equal(s.t.other, 15);
    assert_int_equal(s.t.practices, 120);
    assert_int_equal(s.t.system, 120); /* ICB 90 + place 30 */
    assert_int_equal(s.t.meetings, 5);
    assert_int_equal(s.t.practice_meetings, 1);
    assert_int_equal(s.t.system_meetings, 2);
    assert_int_equal(s.t.minutes[DC_LMC], 45);
    assert_int_equal(s.nweeks, 5); /* 2, 9, 16, 23 June, and 30 June alone */
    assert_int_equal(s.weeks[0].start, test_day("2025-06-02"));
    assert_int_equal(s.weeks[0].end, test_day("2025-06-08"));
    assert_int_equal(s.weeks[0].t.total, 120 + 90 + 30 + 45);
    assert_int_equal(s.weeks[1].t.total, 60);
    assert_int_equal(s.weeks[4].start, test_day("2025-06-30"));
    assert_int_equal(s.weeks[4].days, 1);
    assert_int_equal(s.weeks[4].funded_mmin, 80357); /* a seventh of a week */
    assert_int_equal(s.weeks[0].funded_mmin, 562500);
    assert_int_equal(s.nmonths, 1);
    assert_int_equal(s.months[0].t.total, s.t.total);
    assert_true(s.funded_known);
    assert_int_equal(s.funded_mmin, 4 * 562500 + 80357);
    assert_int_equal(s.funded_conf, CONF_UNCONFIRMED);
    /* system 120 = practices 120: no alert */
    assert_int_equal(s.nalerts, 0);
    assert_int_equal(desk_share_bp(s.t.internal, s.t.total), 5000);        /* 180 of 360 */
    assert_int_equal(desk_share_bp(s.t.minutes[DC_LMC], s.t.total), 1250); /* 45 of 360 */
    assert_int_equal(desk_share_bp(5, 0), 0);
    arena_release(&a);
}

static void test_alerts(void **state)
{
    (void)state;
    static const struct act more_system[] = {
        {"2025-06-02", 60, DC_PRACTICES, true},
        {"2025-06-03", 61, DC_SYSTEM_MEETINGS, true},
    };
    /* 10 hours a week is over 9.375 funded; 9 hours is under. */
    static const struct act three_weeks[] = {
        {"2025-06-02", 600, DC_PCN_OPERATIONS, false},
        {"2025-06-09", 600, DC_PCN_OPERATIONS, false},
        {"2025-06-16", 600, DC_PCN_OPERATIONS, false},
    };
    static const struct act two_weeks[] = {
        {"2025-06-02", 600, DC_PCN_OPERATIONS, false},
        {"2025-06-09", 600, DC_PCN_OPERATIONS, false},
        {"2025-06-16", 540, DC_PCN_OPERATIONS, false},
    };
    static const struct act broken_run[] = {
        {"2025-06-02", 600, DC_PCN_OPERATIONS, false},
        {"2025-06-09", 600, DC_PCN_OPERATIONS, false},
        {"2025-06-16", 500, DC_PCN_OPERATIONS, false},
        {"2025-06-23", 600, DC_PCN_OPERATIONS, false},
        {"2025-06-30", 600, DC_PCN_OPERATIONS, false},
        {"2025-07-07", 600, DC_PCN_OPERATIONS, false},
        {"2025-07-14", 600, DC_PCN_OPERATIONS, false},
    };
    /* 40,000 patients are funded 7.5 hours (450 minutes): exactly that is not over */
    static const struct act exact[] = {
        {"2025-06-02", 450, DC_PCN_OPERATIONS, false},
        {"2025-06-09", 451, DC_PCN_OPERATIONS, false},
        {"2025-06-16", 450, DC_PCN_OPERATIONS, false},
        {"2025-06-23", 451, DC_PCN_OPERATIONS, false},
    };
    /* a partial first week: Thursday to Sunday has 4/7 of the funded time */
    static const struct act partial[] = {
        {"2025-06-05", 330, DC_PCN_OPERATIONS, false}, /* > 321.4 minutes */
        {"2025-06-09", 600, DC_PCN_OPERATIONS, false},
        {"2025-06-16", 600, DC_PCN_OPERATIONS, false},
    };
    static const struct {
        const char *name;
        const struct act *acts;
        size_t n;
        const char *from, *to;
        int64_t patients;
        size_t nalerts;
        enum desk_alert_kind kind;
        int weeks;
        const char *text;
    } cases[] = {
        {"system over practices", more_system, 2, "2025-06-02", "2025-06-08", 50000, 1,
         ALERT_SYSTEM_OVER_PRACTICES, 0,
         "More time went to ICB, system, place and INT meetings (1 hour 1 minute) than to member "
         "practices (1 hour) from 2 June 2025 to 8 June 2025."},
        {"three weeks over", three_weeks, 3, "2025-06-02", "2025-06-22", 50000, 1,
         ALERT_OVER_FUNDED_TIME, 3,
         "Funded time was exceeded 3 weeks running, from 2 June 2025 to 22 June 2025."},
        {"two weeks over is not an alert", two_weeks, 3, "2025-06-02", "2025-06-22", 50000, 0, 0, 0,
         NULL},
        {"a run broken then four weeks", broken_run, 7, "2025-06-02", "2025-07-20", 50000, 1,
         ALERT_OVER_FUNDED_TIME, 4,
         "Funded time was exceeded 4 weeks running, from 23 June 2025 to 20 July 2025."},
        {"exactly funded is not over", exact, 4, "2025-06-02", "2025-06-29", 40000, 0, 0, 0, NULL},
        {"a partial week counts its share", partial, 3, "2025-06-05", "2025-06-22", 50000, 1,
         ALERT_OVER_FUNDED_TIME, 3,
         "Funded time was exceeded 3 weeks running, from 5 June 2025 to 22 June 2025."},
        {"no funded time known: no alert", three_weeks, 3, "2025-06-02", "2025-06-22", -1, 0, 0, 0,
         NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        struct arena a;
        struct desk_summary s;
        arena_init(&a, 0);
        summarise(cases[i].acts, cases[i].n, cases[i].from, cases[i].to, cases[i].patients, &a, &s);
        if (s.nalerts != cases[i].nalerts)
            fail_msg("%s: %zu alerts, expected %zu", cases[i].name, s.nalerts, cases[i].nalerts);
        if (s.nalerts) {
            if (s.alerts[0].kind != cases[i].kind || s.alerts[0].weeks != cases[i].weeks ||
                strcmp(s.alerts[0].text, cases[i].text) != 0)
                fail_msg("%s: alert %s %d '%s'", cases[i].name,
                         desk_alert_kind_id(s.alerts[0].kind), s.alerts[0].weeks, s.alerts[0].text);
        }
        arena_release(&a);
    }
    assert_string_equal(desk_alert_kind_id(ALERT_SYSTEM_OVER_PRACTICES), "system_over_practices");
    assert_string_equal(desk_alert_kind_id(ALERT_OVER_FUNDED_TIME), "over_funded_time");

    /* A period backwards or too long is refused. */
    struct arena a;
    struct desk_summary s;
    struct desk_funding f = {50000, DATE_NONE, NULL, 0, NULL, 0};
    struct pcn_msg m = {0};
    arena_init(&a, 0);
    assert_int_equal(
        desk_summarise(NULL, 0, test_day("2025-06-02"), test_day("2025-06-01"), &f, &a, &s, &m),
        PCN_EINVAL);
    assert_string_equal(m.text, "the period must end on or after the day it starts");
    assert_int_equal(
        desk_summarise(NULL, 0, test_day("2015-01-01"), test_day("2025-06-01"), &f, &a, &s, &m),
        PCN_EINVAL);
    assert_string_equal(m.text, "the period must be 3700 days or shorter");
    arena_release(&a);
}

/* The funded-time formula in words, from the rules row (pages and commands
 * show it from here, never as literals). */
static void test_cd_rule_words(void **state)
{
    (void)state;
    static const struct {
        int64_t wte, per, minutes;
        const char *want;
    } rows[] = {
        {2500, 50000, 2250,
         "0.25 WTE per 50,000 registered patients, at 37.5 hours a week for one WTE"},
        {10000, 1000, 2220,
         "1.00 WTE per 1,000 registered patients, at 37 hours a week for one WTE"},
        {1234, 30000, 2240,
         "0.1234 WTE per 30,000 registered patients, at 37 hours 20 minutes a week for one WTE"},
    };
    struct arena a;
    arena_init(&a, 0);
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        struct desk_cd_rule r = {
            .wte = rows[i].wte, .per_patients = rows[i].per, .minutes_per_wte = rows[i].minutes};
        assert_string_equal(desk_cd_rule_words(&a, &r), rows[i].want);
    }
    assert_string_equal(desk_cd_rule_words(&a, NULL), "no figure in the rules");
    arena_release(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_categories),     cmocka_unit_test(test_hours),
        cmocka_unit_test(test_check_activity), cmocka_unit_test(test_week_start),
        cmocka_unit_test(test_funded),         cmocka_unit_test(test_summary_totals),
        cmocka_unit_test(test_alerts),         cmocka_unit_test(test_cd_rule_words),
    };
    return cmocka_run_group_tests_name("desk", tests, NULL, NULL);
}

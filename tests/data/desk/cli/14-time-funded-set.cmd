time funded U10001 --from 2026-11-01 --hours 1 --note "One hour a week"

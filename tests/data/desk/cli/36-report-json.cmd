desk report U10001 --from 2026-11-01 --to 2026-11-30 --json

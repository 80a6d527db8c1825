desk delegation U10001 --on 2026-05-31 --json

time summary U10001 --from 2026-11-16 --to 2026-11-22

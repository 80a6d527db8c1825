time summary U10001 --from 2026-11-02 --to 2026-11-22

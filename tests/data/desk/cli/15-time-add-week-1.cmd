time add U10001 --date 2026-11-03 --hours 2 --category pcn_operations

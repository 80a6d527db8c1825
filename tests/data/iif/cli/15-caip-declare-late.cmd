caip declare U10002 --year 2025/26 --date 2026-04-02
exit 1

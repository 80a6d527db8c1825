time add U10001 --date 2026-11-18 --hours 1 --category meetings
exit 1

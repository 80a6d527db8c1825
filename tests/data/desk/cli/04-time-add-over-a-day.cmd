time add U10001 --date 2026-11-16 --hours 23 --category other
exit 1

time add U10001 --date 2026-11-18 --category lmc
exit 2

time add U10001 --date 2026-11-16 --hours 1.5 --category practices --title "Practice visit"

time add U10001 --date 2026-11-17 --hours 2 --category system_meetings --title "ICB board"

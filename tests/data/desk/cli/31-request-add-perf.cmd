desk request add U10001 --from-name "Dr Chair" --org "Place board" --what "Review Hill Surgery access" --received 2026-11-05 --hours 4 --performance-management

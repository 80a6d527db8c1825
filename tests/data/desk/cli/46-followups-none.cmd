desk followups U10001 --json

desk followups U10001

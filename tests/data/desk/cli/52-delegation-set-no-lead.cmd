desk delegation set U10001 1 --from 2026-09-01 --cd-share 10
exit 1

desk delegation set U10001 1 --from 2026-06-01 --lead "Alex Manager" --lead-role "PCN manager" --cd-share 25

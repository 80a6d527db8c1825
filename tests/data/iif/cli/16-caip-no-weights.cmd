caip set U10002 --year 2024/25 --criterion online_requests --status met

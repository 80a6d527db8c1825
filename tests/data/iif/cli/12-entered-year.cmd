iif U10002 --year 2024/25

iif U10001 --year 2023/24 --explain

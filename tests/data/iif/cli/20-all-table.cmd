iif --all --year 2023/24

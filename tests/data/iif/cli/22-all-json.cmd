iif --all --year 2023/24 --members-on 2021-06-01 --json

iif U10002 --year 2023/24 --what-if --practices

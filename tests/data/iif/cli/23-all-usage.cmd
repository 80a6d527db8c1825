iif --all U10001 --year 2023/24
exit 2

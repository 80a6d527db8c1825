iif U10002 --year 2023
exit 2

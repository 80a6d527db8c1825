iif U99999 --year 2023/24
exit 1

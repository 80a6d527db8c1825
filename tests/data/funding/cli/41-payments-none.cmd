payments U20001 --year 2023/24
exit 1

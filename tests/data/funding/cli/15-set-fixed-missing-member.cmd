set distribution U20001 --year 2025/26 --fixed B20001=50,B20002=50
exit 1

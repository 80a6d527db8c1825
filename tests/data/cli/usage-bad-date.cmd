show pcn U10001 --on 1/7/2023
exit 2

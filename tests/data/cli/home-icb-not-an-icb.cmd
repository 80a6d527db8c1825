home --icb U10001
exit 1

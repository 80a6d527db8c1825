entitlements U20001 --year 2031/32
exit 1

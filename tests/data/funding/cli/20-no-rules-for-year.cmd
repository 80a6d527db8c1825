entitlements U20001 --year 2026/27
exit 1

entitlements U20001 --year 2025/27
exit 2

entitlements U99999 --year 2025/26
exit 1

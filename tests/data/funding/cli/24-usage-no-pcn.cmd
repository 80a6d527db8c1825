entitlements --year 2025/26
exit 2

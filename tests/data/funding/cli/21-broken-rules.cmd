entitlements U20001 --year 2025/26 --rules tests/data/funding/bad-rules
exit 1

entitlements --all --year 2025/26 --json

entitlements U20001 --year 2026/27

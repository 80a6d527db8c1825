entitlements --icb QZZ --year 2024/25

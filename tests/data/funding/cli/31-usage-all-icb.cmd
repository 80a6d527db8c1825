entitlements --all --icb QZZ
exit 2

entitlements U20001 --year 2027/28

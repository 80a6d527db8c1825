entitlements U20001 --year 2025/26 --xlsx /nonexistent-dir/out.xlsx
exit 1

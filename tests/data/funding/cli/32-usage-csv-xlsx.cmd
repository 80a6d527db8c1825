entitlements U20001 --year 2025/26 --csv --xlsx out.xlsx
exit 2

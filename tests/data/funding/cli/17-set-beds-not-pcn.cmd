set beds B20001 --month 2025-04 --beds 3
exit 1

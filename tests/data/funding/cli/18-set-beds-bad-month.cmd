set beds U20001 --month 2025-13 --beds 3
exit 2

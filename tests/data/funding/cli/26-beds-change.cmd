set beds U20001 --month 2025-10 --beds 52

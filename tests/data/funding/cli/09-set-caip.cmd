set caip U20001 --year 2025/26 --achieved 75%

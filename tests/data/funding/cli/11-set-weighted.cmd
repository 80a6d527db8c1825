set distribution U20001 --year 2025/26 --method weighted

set distribution U20001 --year 2025/26 --stream clinical_director --method weighted
exit 1

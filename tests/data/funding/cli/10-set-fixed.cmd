set distribution U20001 --year 2025/26 --stream enhanced_access --fixed B20001=50,B20002=30.5,B20003=19.5

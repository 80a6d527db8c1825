caip set U10002 --year 2025/26 --criterion mgpa --status met --evidence "Cloud telephony in both practices"

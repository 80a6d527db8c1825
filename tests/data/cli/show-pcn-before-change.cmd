show pcn U10002 --on 2022-06-01 --json

show pcn U10002 --json

show pcn U20001

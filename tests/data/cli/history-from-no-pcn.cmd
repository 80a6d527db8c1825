history pcn U20001 --json

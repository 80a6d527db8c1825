history pcn U10002 --json

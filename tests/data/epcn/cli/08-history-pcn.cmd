history pcn U10001

desk request decide U10001 1 delegate --to "Alex Manager"

desk supervision U10001

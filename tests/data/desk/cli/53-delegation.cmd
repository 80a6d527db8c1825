desk delegation U10001

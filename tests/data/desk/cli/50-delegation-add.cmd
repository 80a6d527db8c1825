desk delegation add U10001 --area iif

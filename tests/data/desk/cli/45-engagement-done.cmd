desk engagement done U10001 1

home U10001

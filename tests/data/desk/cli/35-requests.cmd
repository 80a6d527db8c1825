desk requests U10001

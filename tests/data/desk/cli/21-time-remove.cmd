time remove U10001 1

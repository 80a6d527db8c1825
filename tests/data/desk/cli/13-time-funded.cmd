time funded U10001

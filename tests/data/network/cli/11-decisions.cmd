decisions U10001

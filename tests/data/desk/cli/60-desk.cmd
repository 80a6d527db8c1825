desk U10001

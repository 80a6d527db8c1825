actions U10001 --days 7

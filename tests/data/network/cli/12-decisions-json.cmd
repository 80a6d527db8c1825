decisions U10001 --json

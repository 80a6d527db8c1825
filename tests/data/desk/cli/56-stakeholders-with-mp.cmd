desk stakeholders U10001 --json

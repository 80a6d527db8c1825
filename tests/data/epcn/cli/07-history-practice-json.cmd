history practice A10005 --json

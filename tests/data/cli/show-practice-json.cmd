show practice A10004 --json

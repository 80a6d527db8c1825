home --icb QAA --json

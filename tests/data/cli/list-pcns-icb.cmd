list pcns --icb QAA --json

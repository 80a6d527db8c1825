list icbs --json

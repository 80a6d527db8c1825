show icb QBB --json

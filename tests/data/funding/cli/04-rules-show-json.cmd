rules show 2025-26 --json

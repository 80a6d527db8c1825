rules show 2024/25

iif unallocated --year 2023/24

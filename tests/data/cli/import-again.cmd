import registry tests/data/registry/map-2023-07.csv

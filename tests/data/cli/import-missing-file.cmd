import registry tests/data/registry/none.csv
exit 1

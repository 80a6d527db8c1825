import iif tests/data/iif/iif-small.csv

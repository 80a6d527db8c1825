import iif tests/data/iif/iif-bad.csv
exit 1

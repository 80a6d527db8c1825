list icbs --fast
exit 2

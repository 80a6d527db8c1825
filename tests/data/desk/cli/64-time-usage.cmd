time
exit 2

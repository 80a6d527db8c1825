iif
exit 2

home
exit 2

history practice
exit 2

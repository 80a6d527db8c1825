meeting add U10001 --date 2028-01-01 --title ''
exit 1

time remove U10001 1
exit 1

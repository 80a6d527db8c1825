home A10001
exit 1

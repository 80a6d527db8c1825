vote U10001 1 --practice A10003 --vote for
exit 1

vote U10002 1 --practice A10003 --vote for
exit 1

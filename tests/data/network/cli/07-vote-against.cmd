vote U10001 1 --practice A10004 --vote against

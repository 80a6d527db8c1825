vote U10001 1 --practice A10001 --vote maybe
exit 2

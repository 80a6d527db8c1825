desk request decide U10001 2 decline
exit 1

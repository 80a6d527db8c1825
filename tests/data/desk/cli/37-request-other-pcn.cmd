desk request decide U10002 1 accept
exit 1

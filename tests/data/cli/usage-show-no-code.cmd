show pcn
exit 2

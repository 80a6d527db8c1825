time add U10001 --date 2019-06-30 --hours 1 --category lmc
exit 1

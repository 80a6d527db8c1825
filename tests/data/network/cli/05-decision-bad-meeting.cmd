decision add U10001 --meeting 9 --title ''
exit 1

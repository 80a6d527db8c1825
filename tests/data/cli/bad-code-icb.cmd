list pcns --icb QZZ
exit 1

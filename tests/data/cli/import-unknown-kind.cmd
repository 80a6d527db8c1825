import workforce x.csv
exit 2

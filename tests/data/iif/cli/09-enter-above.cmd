iif enter U10002 --code HI-03 --month 2024-10 --numerator 60 --denominator 50
exit 1

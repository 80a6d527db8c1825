iif enter U10002 --code HI-03 --month 2024-10 --numerator 40 --denominator 50 --practice A10003

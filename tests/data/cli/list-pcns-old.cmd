list pcns --on 2021-03-01

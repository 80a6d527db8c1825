history practice B20003

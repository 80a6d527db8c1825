show practice B20002

desk rules

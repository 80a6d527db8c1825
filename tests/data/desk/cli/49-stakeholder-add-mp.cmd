desk stakeholder add U10001 --mp E14001063 --influence 4 --interest 4

desk stakeholder add U10001 --mp E14999999 --influence 4 --interest 4
exit 1

desk stakeholder add U10001 --name "" --kind minister --influence 9 --interest 3
exit 1

desk stakeholder add U10001 --name "Jo Bloggs MP" --kind mp --influence 5 --interest 3 --org "House of Commons"

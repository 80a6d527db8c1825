rules check tests/data/funding/bad-rules
exit 1

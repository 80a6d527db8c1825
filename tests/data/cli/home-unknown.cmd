home U99999
exit 1
